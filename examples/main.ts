// The cdk8s app that `npx cdk8s synth` runs (see cdk8s.yaml): every example, one file per chart in dist/.
import { App } from 'cdk8s';
import { Rke2ClusterChart } from './rke2-cluster';
import { SingleVmChart } from './single-vm';

const app = new App();
new SingleVmChart(app, 'single-vm');
new Rke2ClusterChart(app, 'rke2-cluster');
app.synth();

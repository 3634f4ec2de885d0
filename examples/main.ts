// The cdk8s app that `npx cdk8s synth` runs (see cdk8s.yaml): every example, one file per chart
// in dist/ (targets in a folder each). GitVopsApp is a cdk8s App that writes the same bytes, faster.
import { GitVopsApp } from '../lib';
import { EnvironmentChart } from './environment';
import { Rke2ClusterChart } from './rke2-cluster';
import { addSites } from './sites';
import { SingleVmChart } from './single-vm';

const app = new GitVopsApp();
new SingleVmChart(app, 'single-vm');
new Rke2ClusterChart(app, 'rke2-cluster');
// what a new team applies to an empty Harvester: uplink, VM network, image, storage class, key pair, backups
new EnvironmentChart(app, 'environment');
// two Harvester clusters, each its own folder with its delivery config (dist/prod, dist/lab, dist/_delivery)
addSites(app);
app.synth();

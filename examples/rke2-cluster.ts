import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { NodeAddresses, Rke2Cluster, Rke2Release, SecretOutput, SecretValue } from '../lib';

/** Props of the example: the secret handling can be swapped (the tests do). */
export interface Rke2ClusterChartProps extends ChartProps {
  /** How cloud-init Secrets are written. @default an ExternalSecret from the ClusterSecretStore "lab-vault" */
  readonly secretOutput?: SecretOutput;
  /** The cluster token. @default SecretValue.fromRemote('rke2/mgmt', { property: 'token' }) */
  readonly token?: SecretValue;
  /** The registry password. @default SecretValue.fromRemote('registry/lab', { property: 'password' }) */
  readonly registryPassword?: SecretValue;
}

const CERT_MANAGER = `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: cert-manager
  namespace: kube-system
spec:
  repo: https://charts.jetstack.io
  chart: cert-manager
  version: v1.16.2
  targetNamespace: cert-manager
  createNamespace: true
  valuesContent: |-
    crds:
      enabled: true
`;

const RANCHER = `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: rancher
  namespace: kube-system
spec:
  repo: https://releases.rancher.com/server-charts/stable
  chart: rancher
  targetNamespace: cattle-system
  createNamespace: true
  valuesContent: |-
    hostname: rancher.lab.example
    replicas: 3
`;

/**
 * A management cluster: 3 servers with static addresses behind the VIP 10.2.0.20, and a
 * worker pool of 2 on DHCP.
 */
export class Rke2ClusterChart extends Chart {
  public readonly cluster: Rke2Cluster;

  constructor(scope: Construct, id: string, props: Rke2ClusterChartProps = {}) {
    super(scope, id, { namespace: 'default', ...props });

    // Secret material never reaches dist/: the token and the registry password live in a secret
    // store, and every cloud-init Secret is written as an ExternalSecret that External Secrets
    // renders in the cluster from the ClusterSecretStore "lab-vault".
    SecretOutput.setDefault(this, props.secretOutput ?? SecretOutput.externalSecret({ storeName: 'lab-vault' }));
    const token = props.token ?? SecretValue.fromRemote('rke2/mgmt', { property: 'token' });
    const registryPassword = props.registryPassword ?? SecretValue.fromRemote('registry/lab', { property: 'password' });

    this.cluster = new Rke2Cluster(this, 'mgmt', {
      name: 'mgmt',
      release: Rke2Release.version('v1.29.6+rke2r1'),
      token,
      endpoint: { vip: '10.2.0.20', subnet: '10.2.0.0/24', gateway: '10.2.0.1', nameservers: ['10.2.0.1'] },
      vm: {
        image: 'default/ubuntu',
        // the image's status.storageClassName (Harvester ≥ 1.8: lh-<image uid>)
        storageClass: 'lh-8f14e45f-ceea-467f-a0e6-4a1d2c3b5e70',
        network: 'default/lab-workload',
        clusterNetwork: 'mgmt',
        sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ5/YnnT6w3xTGZ5lmOKapMKZ4r4z+UpLMZ+jFq0KsVW ops@example'],
      },
      controlPlane: {
        replicas: 3,
        cpu: 8,
        memory: Size.gibibytes(16),
        diskSize: Size.gibibytes(40),
        addresses: NodeAddresses.countFrom('10.2.0.21'),
      },
      workers: [{ name: 'worker', replicas: 2, cpu: 4, memory: Size.gibibytes(8), diskSize: Size.gibibytes(60) }],
      registries: {
        mirrors: [{ registry: 'docker.io', endpoints: ['https://registry.lab.example:5000'] }],
        configs: [{ host: 'registry.lab.example:5000', username: 'rke2', password: registryPassword }],
      },
      serverFiles: [
        { path: '/var/lib/rancher/rke2/server/manifests/cert-manager.yaml', content: CERT_MANAGER, permissions: '0600' },
        { path: '/var/lib/rancher/rke2/server/manifests/rancher.yaml', content: RANCHER, permissions: '0600' },
      ],
    });
  }
}

if (require.main === module) {
  const app = new App();
  new Rke2ClusterChart(app, 'rke2-cluster');
  app.synth();
}

import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { NodeAddresses, Rke2Cluster, Rke2Release, SecretOutput, SecretValue } from '../lib';

/**
 * The benchmark's workload: an RKE2 cluster with n servers and n agents, shaped like the Helm
 * chart in ../shared/bench/rke2-chart (which also writes its token in clear: the plain-text
 * output keeps the comparison fair). Validation stays on.
 */
export function buildCluster(scope: Construct, n: number): void {
  const chart = new Chart(scope, 'bench', { namespace: 'default' });
  SecretOutput.setDefault(chart, SecretOutput.unsafePlainText());
  new Rke2Cluster(chart, 'cluster', {
    name: 'bench',
    // BENCH_VARIANT=1: the next RKE2 release (a change to every node's cloud-init) for the diff case
    release: Rke2Release.version(process.env.BENCH_VARIANT === '1' ? 'v1.31.5+rke2r1' : 'v1.31.4+rke2r1'),
    token: SecretValue.unsafePlainText('bench-token'),
    endpoint: { vip: '10.0.0.10', subnet: '10.0.0.0/16', gateway: '10.0.0.1' },
    vm: {
      image: 'default/ubuntu',
      storageClass: 'longhorn-ubuntu',
      network: 'default/vm-net', clusterNetwork: 'mgmt',
      sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKf37M7K2E5t3TUkVTLl0urR5EcMIDg9aYta5+hUG64Q bench'],
      cpu: 4,
      memory: Size.gibibytes(8),
    },
    controlPlane: { replicas: n, diskSize: Size.gibibytes(40), addresses: NodeAddresses.countFrom('10.0.1.1') },
    workers: [{ replicas: n, diskSize: Size.gibibytes(80) }],
    allowEvenServers: true,
  });
}

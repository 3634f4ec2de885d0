import { Chart, Size, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { NodeAddresses, Rke2Cluster, Rke2ClusterProps, Rke2Release, SecretOutput, SecretValue } from '../../lib';

export const TOKEN = 'test-token-value';

/** Props of a small valid cluster; `overrides` replace top-level props. */
export function clusterProps(overrides: Partial<Rke2ClusterProps> = {}): Rke2ClusterProps {
  return {
    name: 'lab',
    release: Rke2Release.version('v1.31.4+rke2r1'),
    token: SecretValue.unsafePlainText(TOKEN),
    endpoint: { vip: '10.2.0.20', subnet: '10.2.0.0/24', gateway: '10.2.0.1' },
    vm: {
      image: 'default/ubuntu',
      storageClass: 'lh-1234',
      network: 'default/lab-workload', clusterNetwork: 'mgmt',
      sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM9YZJophmxgc6Q5KpRpbjOHkwXSOmJehXi+/0b6Sb5t t@example'],
    },
    controlPlane: { replicas: 3, addresses: NodeAddresses.countFrom('10.2.0.21') },
    workers: [{ replicas: 2 }],
    ...overrides,
  };
}

/** A chart with plain-text secret output (the tests read the token back). */
export function newChart(): Chart {
  const chart = Testing.chart();
  SecretOutput.setDefault(chart, SecretOutput.unsafePlainText());
  return chart;
}

/** Synthesizes a cluster and returns its objects. */
export function synthCluster(overrides: Partial<Rke2ClusterProps> = {}): any[] {
  const chart = newChart();
  new Rke2Cluster(chart, 'cluster', clusterProps(overrides));
  return Testing.synth(chart);
}

export function find(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** The parsed cloud-config of node `name`. */
export function cloudConfig(objects: any[], name: string): any {
  const userdata: string = find(objects, 'Secret', `${name}-cloudinit`).stringData.userdata;
  expect(userdata.startsWith('#cloud-config\n')).toBe(true);
  return parse(userdata, { version: '1.1' });
}

/** The raw text of a file written by the node's cloud-config. */
export function fileContent(objects: any[], name: string, path: string): string | undefined {
  return cloudConfig(objects, name).write_files?.find((f: any) => f.path === path)?.content;
}

/** The parsed /etc/rancher/rke2/config.yaml of node `name` (YAML 1.1, as RKE2 reads it). */
export function rke2Config(objects: any[], name: string): any {
  const text = fileContent(objects, name, '/etc/rancher/rke2/config.yaml');
  if (text === undefined) throw new Error(`no config.yaml on ${name}`);
  return parse(text, { version: '1.1' });
}

export { Size };

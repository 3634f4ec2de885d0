import { Duration } from 'cdk8s';
import { fileContent, synthCluster } from './fixtures';
import { checkAllCloudInit } from '../helpers/real-validators';
import { Cni, NodeAddresses, Rke2Bootstrap, Rke2Profile, SecretValue } from '../../lib';
import { checkPlatformRules } from '../../lib/validation/private/platform-rules';
import { validateStructure } from '../../lib/validation/private/structure';

// A multi-line kubeconfig with quotes and a colon-space: what the cloud-config really looks like.
const KUBECONFIG = [
  'apiVersion: v1', 'kind: Config', 'clusters:', '- name: "default"', '  cluster:',
  '    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t', '    server: https://10.0.0.5:6443',
  'contexts:', '- name: default', '  context: {cluster: default, namespace: default, user: default}',
  'current-context: default', 'users:', "- name: default", "  user: {token: 'eyJhbGciOi: x'}", '',
].join('\n');

// Every node's cloud-config through cloud-init's schema, every network-config through netplan,
// every object through the strict CRD schemas, for the option combinations that change them.
const variants: Array<[string, Parameters<typeof synthCluster>[0]]> = [
  ['default', {}],
  ['CIS, dedicated servers, cilium', { config: { profile: Rke2Profile.CIS, cni: Cni.CILIUM }, controlPlane: { replicas: 3, dedicated: true, addresses: NodeAddresses.countFrom('10.2.0.21') } }],
  ['air-gapped without guest agent', { airGap: {}, installGuestAgent: false, enableGuestAgent: false }],
  ['registries and files', {
    registries: {
      mirrors: [{ registry: 'docker.io', endpoints: ['https://mirror.lab:5000'] }],
      configs: [{ host: 'mirror.lab:5000', username: 'u', password: SecretValue.unsafePlainText('p') }],
    },
    serverFiles: [{ path: '/var/lib/rancher/rke2/server/manifests/a.yaml', content: 'kind: HelmChart\n', permissions: '0600' }],
    workers: [{ replicas: 2, addresses: NodeAddresses.list(['10.2.0.40', '10.2.0.41']) }],
  }],
  ['harvester integration with storage classes and a load-balancer pool', {
    harvesterIntegration: {
      cloudConfig: SecretValue.unsafePlainText(KUBECONFIG),
      storageClasses: [{ name: 'harvester-ssd', hostStorageClass: 'ssd', isDefault: true }],
      loadBalancerPool: { name: 'lab-services', subnet: '10.2.0.0/24', gateway: '10.2.0.1', rangeStart: '10.2.0.100', rangeEnd: '10.2.0.110' },
    },
  }],
  ['existing cluster with upgrade Plans', {
    bootstrap: Rke2Bootstrap.existingCluster(),
    upgrade: { agents: { concurrency: 2, drain: { timeout: Duration.minutes(5) } } },
  }],
];

describe.each(variants)('RKE2 cluster (%s) passes the real validators', (_name, overrides) => {
  const objects = synthCluster(overrides);

  test('cloud-init schema and netplan, every node', () => {
    expect(checkAllCloudInit(objects)).toEqual([]);
  });

  test('strict CRD/core schemas and platform rules, every object', () => {
    expect(objects.flatMap((o) => validateStructure(o))).toEqual([]);
    expect(checkPlatformRules(objects)).toEqual([]);
  });
});

test('the multi-line cloud-config reads back byte for byte from the user data', () => {
  const objects = synthCluster(variants.find(([name]) => name.startsWith('harvester integration'))![1]);
  expect(fileContent(objects, 'lab-worker-1', '/var/lib/rancher/rke2/etc/config-files/cloud-provider-config')).toBe(KUBECONFIG);
  expect(fileContent(objects, 'lab-cp-0', '/etc/kubernetes/cloud-config')).toBe(KUBECONFIG);
});

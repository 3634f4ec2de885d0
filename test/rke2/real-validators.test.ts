import { synthCluster } from './fixtures';
import { checkAllCloudInit } from '../helpers/real-validators';
import { Cni, NodeAddresses, Rke2Profile, SecretValue } from '../../lib';
import { checkPlatformRules } from '../../lib/validation/private/platform-rules';
import { validateStructure } from '../../lib/validation/private/structure';

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

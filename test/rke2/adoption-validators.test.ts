import { Duration } from 'cdk8s';
import { clusterProps, synthCluster } from './fixtures';
import { checkAllCloudInit } from '../helpers/real-validators';
import { AccessMode, Firmware, NetworkConfig, VolumeMode } from '../../lib';
import { checkPlatformRules } from '../../lib/validation/private/platform-rules';
import { validateStructure } from '../../lib/validation/private/structure';

// A cluster with every adoption prop set, through cloud-init's schema, netplan, the strict
// CRD/core schemas and the platform rules.
describe('RKE2 cluster with the adoption props passes the real validators', () => {
  const objects = synthCluster({
    endpoint: {
      ...clusterProps().endpoint, exposeIngress: true, loadBalancerName: 'lab-lb', ipPoolName: 'lab-pool',
      listenerNames: { api: 'k8s-api', join: 'rke2-join', ingress: 'ingress' },
      healthCheck: { successThreshold: 2, failureThreshold: 5, period: Duration.seconds(10), timeout: Duration.seconds(5) },
    },
    vm: { ...clusterProps().vm, firmware: Firmware.efi(), features: { acpi: true, apic: true } },
    controlPlane: {
      replicas: 3, diskAccessMode: AccessMode.READ_WRITE_ONCE,
      vmLabels: { 'harvesterhci.io/os': 'linux' }, vmAnnotations: { 'example.com/owner': 'team-a' }, templateLabels: { 'example.com/tier': 'cp' },
      networkConfigs: [21, 22, 23].map((h) => NetworkConfig.staticAddress({ address: `10.2.0.${h}/24`, gateway: '10.2.0.1', nameservers: ['10.2.0.1'] })),
    },
    workers: [{ replicas: 2, diskNamePattern: '{node}-disk-0', diskVolumeMode: VolumeMode.BLOCK }],
    registries: {
      extraMirrors: { 'docker.io': { endpoint: ['https://registry.lab:5000'] } },
      extraConfigs: { 'registry.lab:5000': { tls: { insecure_skip_verify: true } } },
    },
  });

  test('cloud-init schema and netplan, every node', () => {
    expect(checkAllCloudInit(objects)).toEqual([]);
  });

  test('strict CRD/core schemas and platform rules, every object', () => {
    expect(objects.flatMap((o) => validateStructure(o))).toEqual([]);
    expect(checkPlatformRules(objects)).toEqual([]);
  });
});

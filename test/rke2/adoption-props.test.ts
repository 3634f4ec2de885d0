import { Duration, Size } from 'cdk8s';
import { parse } from 'yaml';
import { clusterProps, fileContent, find, newChart, synthCluster } from './fixtures';
import {
  AccessMode, NetworkConfig, NodeAddresses, Rke2Cluster, Rke2ClusterProps, VolumeMode,
} from '../../lib';

const endpoint = clusterProps().endpoint;

function build(overrides: Partial<Rke2ClusterProps>): () => void {
  return () => new Rke2Cluster(newChart(), 'cluster', clusterProps(overrides));
}

describe('per-pool disk access mode, volume mode and name', () => {
  test('defaults unchanged: ReadWriteMany, Block, <cluster>-<pool>-disk-<i>', () => {
    const pvc = find(synthCluster(), 'PersistentVolumeClaim', 'lab-cp-disk-0');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(pvc.spec.volumeMode).toBe('Block');
  });

  test('servers ReadWriteOnce, workers Filesystem: each pool its own', () => {
    const objects = synthCluster({
      controlPlane: { replicas: 3, addresses: NodeAddresses.countFrom('10.2.0.21'), diskAccessMode: AccessMode.READ_WRITE_ONCE },
      workers: [{ replicas: 2, diskVolumeMode: VolumeMode.FILESYSTEM }],
    });
    for (const i of [0, 1, 2]) {
      const pvc = find(objects, 'PersistentVolumeClaim', `lab-cp-disk-${i}`);
      expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
      expect(pvc.spec.volumeMode).toBe('Block');
    }
    const worker = find(objects, 'PersistentVolumeClaim', 'lab-worker-disk-1');
    expect(worker.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(worker.spec.volumeMode).toBe('Filesystem');
  });

  test('diskNamePattern: placeholders {cluster} {pool} {index} {node}; the VM uses the claim', () => {
    const objects = synthCluster({ workers: [{ replicas: 2, diskNamePattern: '{node}-disk-0' }, { name: 'gpu', diskNamePattern: 'x-{cluster}-{pool}-{index}' }] });
    find(objects, 'PersistentVolumeClaim', 'lab-worker-1-disk-0');
    find(objects, 'PersistentVolumeClaim', 'x-lab-gpu-0');
    const vm = find(objects, 'VirtualMachine', 'lab-worker-1');
    expect(vm.spec.template.spec.volumes[0]).toEqual({ name: 'disk-0', persistentVolumeClaim: { claimName: 'lab-worker-1-disk-0' } });
    find(objects, 'PersistentVolumeClaim', 'lab-cp-disk-2');
  });

  test('diskNamePattern errors: unknown placeholder, no per-node part, too long', () => {
    expect(build({ workers: [{ diskNamePattern: '{cluster}-{vm}-disk' }] })).toThrow(
      "Rke2NodePool 'test/cluster/pool-worker': diskNamePattern: \"{cluster}-{vm}-disk\" is invalid; allowed: a pattern with the placeholders {cluster}, {pool}, {index}, {node} only (not {vm})");
    expect(build({ workers: [{ diskNamePattern: '{cluster}-{pool}-disk' }] })).toThrow(
      'diskNamePattern: "{cluster}-{pool}-disk" is invalid; allowed: a pattern containing {node}, or {cluster}, {pool} and {index}, so each node gets its own disk');
    // without {pool}, the servers' and the workers' disks would have one name
    expect(build({ workers: [{ diskNamePattern: '{cluster}-disk-{index}' }] })).toThrow('diskNamePattern: "{cluster}-disk-{index}" is invalid');
    expect(build({ workers: [{ diskNamePattern: `${'d'.repeat(60)}-{node}` }] })).toThrow(
      `Rke2NodePool 'test/cluster/pool-worker': diskNamePattern: "${'d'.repeat(60)}-{node}" is invalid; allowed: a pattern that keeps the volume name "${'d'.repeat(60)}-lab-worker-0" (73 characters) a DNS-1123 label of at most 63`);
  });
});

describe('per-pool VM labels, annotations and template labels', () => {
  const objects = synthCluster({
    controlPlane: {
      replicas: 3, addresses: NodeAddresses.countFrom('10.2.0.21'),
      vmLabels: { 'harvesterhci.io/os': 'linux' }, vmAnnotations: { 'example.com/owner': 'team-a' }, templateLabels: { 'example.com/tier': 'cp' },
    },
  });

  test('on the pool\'s VMs (labels also on the cloud-init Secret), next to GitVops\' own', () => {
    const vm = find(objects, 'VirtualMachine', 'lab-cp-1');
    expect(vm.metadata.labels['harvesterhci.io/os']).toBe('linux');
    expect(vm.metadata.labels['gitvops.io/rke2-pool']).toBe('cp');
    expect(vm.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(vm.spec.template.metadata.labels['example.com/tier']).toBe('cp');
    expect(vm.spec.template.metadata.labels['harvesterhci.io/vmName']).toBe('lab-cp-1');
    expect(find(objects, 'Secret', 'lab-cp-1-cloudinit').metadata.labels['harvesterhci.io/os']).toBe('linux');
  });

  test('not on other pools', () => {
    const vm = find(objects, 'VirtualMachine', 'lab-worker-0');
    expect(vm.metadata.labels['harvesterhci.io/os']).toBeUndefined();
    expect(vm.metadata.annotations).toBeUndefined();
    expect(vm.spec.template.metadata.labels['example.com/tier']).toBeUndefined();
  });

  test('keys GitVops writes itself are refused', () => {
    expect(build({ workers: [{ vmLabels: { 'gitvops.io/rke2-pool': 'x' } }] })).toThrow(
      "Rke2NodePool 'test/cluster/pool-worker': vmLabels: \"gitvops.io/rke2-pool\" is invalid; allowed: a key GitVops does not write itself (not gitvops.io/rke2-cluster, gitvops.io/rke2-pool, gitvops.io/rke2-role, harvesterhci.io/creator)");
    expect(build({ workers: [{ templateLabels: { 'harvesterhci.io/vmName': 'x' } }] })).toThrow('templateLabels: "harvesterhci.io/vmName" is invalid');
    expect(build({ workers: [{ templateLabels: { 'gitvops.io/spread-group': 'x' } }] })).toThrow('templateLabels: "gitvops.io/spread-group" is invalid');
    expect(build({ workers: [{ vmAnnotations: { 'harvesterhci.io/volumeClaimTemplates': '[]' } }] })).toThrow(
      'vmAnnotations: "harvesterhci.io/volumeClaimTemplates" is invalid; allowed: a key GitVops does not write itself (not harvesterhci.io/reservedMemory, harvesterhci.io/enableCPUAndMemoryHotplug, harvesterhci.io/volumeClaimTemplates)');
  });
});

describe('VM features', () => {
  test('ACPI on every node; features absent by default', () => {
    expect(find(synthCluster(), 'VirtualMachine', 'lab-cp-0').spec.template.spec.domain.features).toBeUndefined();
    const objects = synthCluster({ vm: { ...clusterProps().vm, features: { acpi: true } } });
    for (const name of ['lab-cp-0', 'lab-worker-1']) {
      expect(find(objects, 'VirtualMachine', name).spec.template.spec.domain.features).toEqual({ acpi: { enabled: true } });
    }
  });
});

describe('per-node network configs', () => {
  const configs = ['10.2.0.31/24', '10.2.0.32/24'].map((address) => NetworkConfig.staticAddress({ address, gateway: '10.2.0.1', interfaceName: 'eth0' }));

  test('node i gets networkConfigs[i], written as its network data', () => {
    const objects = synthCluster({ workers: [{ replicas: 2, networkConfigs: configs }] });
    for (const i of [0, 1]) {
      const data = parse(find(objects, 'Secret', `lab-worker-${i}-cloudinit`).stringData.networkdata);
      expect(data.network.ethernets.eth0.addresses).toEqual([`10.2.0.3${i + 1}/24`]);
    }
    expect(find(objects, 'VirtualMachine', 'lab-worker-0').spec.template.spec.volumes[1].cloudInitNoCloud.networkDataSecretRef).toEqual({ name: 'lab-worker-0-cloudinit' });
  });

  test('fewer configs than replicas, or with static addresses, is refused', () => {
    expect(build({ workers: [{ replicas: 3, networkConfigs: configs }] })).toThrow(
      "Rke2NodePool 'test/cluster/pool-worker': networkConfigs: \"2 network configs\" is invalid; allowed: at least 3 (one per replica)");
    expect(build({ workers: [{ replicas: 2, networkConfigs: configs, addresses: NodeAddresses.countFrom('10.2.0.40') }] })).toThrow(
      "Rke2NodePool 'test/cluster/pool-worker': networkConfigs: cannot specify both networkConfigs and static addresses");
  });

  test('each config is validated as the Secret takes it', () => {
    const bad = [NetworkConfig.staticAddress({ address: '10.2.0.31', gateway: '10.2.0.1' })];
    expect(build({ workers: [{ replicas: 1, networkConfigs: bad }] })).toThrow('networkConfig.ethernets.enp1s0.addresses[0]: "10.2.0.31" is invalid');
  });
});

describe('IPPool and LoadBalancer names, listener names, health check', () => {
  test('defaults unchanged: <cluster>-vip, api/join, 1/3/5/3', () => {
    const objects = synthCluster();
    const lb = find(objects, 'LoadBalancer', 'lab-vip');
    expect(lb.spec.ipPool).toBe('lab-vip');
    find(objects, 'IPPool', 'lab-vip');
    expect(lb.spec.listeners.map((l: any) => l.name)).toEqual(['api', 'join']);
    expect(lb.spec.healthCheck).toEqual({ port: 6443, successThreshold: 1, failureThreshold: 3, periodSeconds: 5, timeoutSeconds: 3 });
  });

  test('the chart\'s names and thresholds', () => {
    const objects = synthCluster({
      endpoint: {
        ...endpoint, exposeIngress: true, loadBalancerName: 'lab-lb', ipPoolName: 'lab-pool',
        listenerNames: { api: 'k8s-api', join: 'rke2-join', ingress: 'ingress' },
        healthCheck: { successThreshold: 2, failureThreshold: 5, period: Duration.seconds(10), timeout: Duration.seconds(4) },
      },
    });
    const lb = find(objects, 'LoadBalancer', 'lab-lb');
    expect(lb.metadata.namespace).toBe('default');
    expect(lb.spec.ipPool).toBe('lab-pool');
    expect(find(objects, 'IPPool', 'lab-pool').spec.ranges[0].rangeStart).toBe('10.2.0.20');
    expect(objects.filter((o) => o.metadata.name === 'lab-vip')).toEqual([]);
    expect(lb.spec.listeners).toEqual([
      { name: 'k8s-api', port: 6443, backendPort: 6443, protocol: 'TCP' },
      { name: 'rke2-join', port: 9345, backendPort: 9345, protocol: 'TCP' },
      { name: 'ingress', port: 443, backendPort: 443, protocol: 'TCP' },
    ]);
    expect(lb.spec.healthCheck).toEqual({ port: 6443, successThreshold: 2, failureThreshold: 5, periodSeconds: 10, timeoutSeconds: 4 });
  });

  test('bad names and thresholds are refused', () => {
    const at = "ControlPlaneEndpoint 'test/cluster/endpoint': ";
    expect(build({ endpoint: { ...endpoint, loadBalancerName: 'Lab_LB' } })).toThrow(`${at}loadBalancerName: "Lab_LB" is invalid`);
    expect(build({ endpoint: { ...endpoint, ipPoolName: 'lab.pool' } })).toThrow(`${at}ipPoolName: "lab.pool" is invalid`);
    expect(build({ endpoint: { ...endpoint, listenerNames: { api: 'join' } } })).toThrow(
      `${at}listenerNames.join: "join" is invalid; allowed: a name not used by another listener (already api)`);
    expect(build({ endpoint: { ...endpoint, listenerNames: { api: 'API' } } })).toThrow(`${at}listenerNames.api: "API" is invalid`);
    expect(build({ endpoint: { ...endpoint, healthCheck: { failureThreshold: 0 } } })).toThrow(
      `${at}healthCheck.failureThreshold: 0 is invalid; allowed: an integer ≥ 1`);
    expect(build({ endpoint: { ...endpoint, healthCheck: { successThreshold: 1.5 } } })).toThrow('healthCheck.successThreshold: 1.5 is invalid');
    expect(build({ endpoint: { ...endpoint, healthCheck: { timeout: Duration.millis(1500) } } })).toThrow(
      `${at}healthCheck.timeout: "1.5 s" is invalid; allowed: a whole number of seconds ≥ 1`);
    expect(build({ endpoint: { ...endpoint, healthCheck: { period: Duration.seconds(0) } } })).toThrow('healthCheck.period: "0 s" is invalid');
  });
});

describe('free-form registries config', () => {
  const REGISTRIES = '/etc/rancher/rke2/registries.yaml';

  test('extra mirrors and configs written as given, after the typed ones', () => {
    const objects = synthCluster({
      registries: {
        mirrors: [{ registry: 'docker.io', endpoints: ['https://registry.lab:5000'] }],
        extraMirrors: { 'quay.io': { endpoint: ['https://registry.lab:5000'], rewrite: { '^(.*)$': 'quay/$1' } } },
        extraConfigs: { 'registry.lab:5000': { tls: { insecure_skip_verify: true } } },
      },
    });
    expect(parse(fileContent(objects, 'lab-worker-0', REGISTRIES)!)).toEqual({
      mirrors: {
        'docker.io': { endpoint: ['https://registry.lab:5000'] },
        'quay.io': { endpoint: ['https://registry.lab:5000'], rewrite: { '^(.*)$': 'quay/$1' } },
      },
      configs: { 'registry.lab:5000': { tls: { insecure_skip_verify: true } } },
    });
  });

  test('a host both typed and free-form, a bad host, an unknown entry key, a non-object: refused', () => {
    const at = "Rke2NodePool 'test/cluster/cp': ";
    expect(build({ registries: { mirrors: [{ registry: 'docker.io', endpoints: ['https://r.lab'] }], extraMirrors: { 'docker.io': { endpoint: [] } } } })).toThrow(
      `${at}registries.extraMirrors.docker.io: cannot specify both mirrors and extraMirrors for one host`);
    expect(build({ registries: { extraConfigs: { 'https://r.lab': { tls: {} } } } })).toThrow(
      `${at}registries.extraConfigs: "https://r.lab" is invalid; allowed: a registry host such as registry.lab:5000, or *`);
    expect(build({ registries: { extraMirrors: { 'docker.io': { endpoints: ['https://r.lab'] } } } })).toThrow(
      `${at}registries.extraMirrors.docker.io: "endpoints" is invalid; allowed: an entry key registries.yaml knows (endpoint, rewrite)`);
    expect(build({ registries: { extraConfigs: { 'r.lab': 'insecure' } } })).toThrow(
      `${at}registries.extraConfigs.r.lab: "insecure" is invalid; allowed: an object with auth and/or tls`);
  });
});

describe('the size of the disk stays a pool option', () => {
  test('diskSize per pool with the adoption props', () => {
    const objects = synthCluster({ workers: [{ diskSize: Size.gibibytes(80), diskNamePattern: '{node}-disk-0' }] });
    expect(find(objects, 'PersistentVolumeClaim', 'lab-worker-0-disk-0').spec.resources.requests.storage).toBe('80Gi');
  });
});

import { Chart, Duration, Size, Testing } from 'cdk8s';
import { CLUSTER_1_6, CLUSTER_1_8, ClusterModel, mutateIpPoolOnCreate, mutateLoadBalancerOnCreate, mutateOnCreate } from '../helpers/mutator-model';
import {
  DiskSource, Firmware, HarvesterTarget, HarvesterVersion, HarvesterVm, HarvesterVolume, NetworkSource, Rke2Cluster, SecretOutput, SecretValue, VmAffinity,
} from '../../lib';

const NADS = { 'default/vlan-10': 'mgmt', 'default/vlan-20': 'data', 'default/storage': 'data', 'default/plain': undefined };

/** Every VM variant the constructs produce, under a target of the given release and settings. */
function variants(version: HarvesterVersion, settings = {}): any[] {
  const app = Testing.app();
  const target = new HarvesterTarget(app, 'site', { name: 'site', harvesterVersion: version, settings });
  const chart = new Chart(target, 'c', { namespace: 'default' });
  SecretOutput.setDefault(chart, SecretOutput.unsafePlainText());
  const root = HarvesterVolume.fromImage(chart, 'root', { name: 'root', image: 'default/img', storageClass: 'lh-1', size: Size.gibibytes(10) });
  new HarvesterVm(chart, 'single', { name: 'single', disks: [{ name: 'root', source: DiskSource.volume(root), bootOrder: 1 }] });
  new HarvesterVm(chart, 'nics', {
    name: 'nics',
    cpu: { cores: 3 },
    memory: Size.mebibytes(3000),
    networks: [
      { name: 'pod', source: NetworkSource.pod() },
      { name: 'a', source: NetworkSource.vmNetwork('default/vlan-10', { clusterNetwork: 'mgmt' }) },
      { name: 'b', source: NetworkSource.vmNetwork('default/vlan-20', { clusterNetwork: 'data' }) },
      { name: 'c', source: NetworkSource.vmNetwork('storage', { clusterNetwork: 'data' }), macAddress: '52:54:00:12:34:56' },
    ],
  });
  new HarvesterVm(chart, 'efi', { name: 'efi', firmware: Firmware.efi({ secureBoot: true }), tpm: true, machineType: 'pc-q35-rhel9.4.0' });
  new HarvesterVm(chart, 'reserved', { name: 'reserved', memory: Size.gibibytes(16), reservedMemory: Size.mebibytes(512), terminationGracePeriod: Duration.seconds(30) });
  new HarvesterVm(chart, 'hotplug', { name: 'hotplug', cpu: { cores: 2, sockets: 2, threads: 2 }, cpuAndMemoryHotplug: true, memory: Size.gibibytes(8) });
  new HarvesterVm(chart, 'spread', {
    name: 'spread',
    affinity: VmAffinity.spreadAcrossHosts('web'),
    networks: [{ name: 'a', source: NetworkSource.vmNetwork('default/vlan-10', { clusterNetwork: 'mgmt' }) }],
  });
  new HarvesterVm(chart, 'custom', {
    name: 'custom',
    affinity: VmAffinity.custom({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] },
      },
    }),
    networks: [{ name: 'a', source: NetworkSource.vmNetwork('default/vlan-20', { clusterNetwork: 'data' }) }],
  });
  new Rke2Cluster(chart, 'rke2', {
    name: 'k', token: SecretValue.unsafePlainText('t'), controlPlane: { replicas: 3 }, workers: [{ replicas: 2 }],
    endpoint: { vip: '10.0.0.10', subnet: '10.0.0.0/24', gateway: '10.0.0.1' },
    vm: { image: 'default/img', storageClass: 'lh-1', network: 'default/vlan-10', clusterNetwork: 'mgmt' },
  });
  return Testing.synth(chart).filter((o: any) => o.kind === 'VirtualMachine');
}

const model = (base: ClusterModel, extra: Partial<ClusterModel> = {}): ClusterModel => ({ ...base, nads: NADS, ...extra });

describe.each([
  ['1.6 defaults', HarvesterVersion.V1_6, {}, model(CLUSTER_1_6)],
  ['1.8 defaults', HarvesterVersion.V1_8, {}, model(CLUSTER_1_8)],
  ['1.6, overcommit 200/120, no overhead ratio, grace 60 s', HarvesterVersion.V1_6,
    { overcommit: { cpu: 200, memory: 120, storage: 100 }, additionalGuestMemoryOverheadRatio: 0, defaultTerminationGracePeriod: Duration.seconds(60) },
    model(CLUSTER_1_6, { overcommit: { cpu: 200, memory: 120 }, guestMemoryOverheadRatio: 0, terminationGracePeriodSeconds: 60 })],
])('mutator parity: %s', (_name, version, settings, cluster) => {
  const vms = variants(version, settings);

  test('there are VMs of every variant', () => {
    expect(vms.map((v) => v.metadata.name)).toEqual(expect.arrayContaining(['single', 'nics', 'efi', 'reserved', 'hotplug', 'spread', 'custom', 'k-cp-0', 'k-worker-0']));
  });

  test.each(vms.map((v) => [v.metadata.name, v]))('%s: what the webhooks store equals the manifest', (_n, vm) => {
    expect(mutateOnCreate(vm, cluster)).toEqual(vm);
  });
});

describe('mutator parity: the RKE2 VIP', () => {
  const chart = Testing.chart();
  SecretOutput.setDefault(chart, SecretOutput.unsafePlainText());
  new Rke2Cluster(chart, 'rke2', {
    name: 'k', token: SecretValue.unsafePlainText('t'), controlPlane: { replicas: 1 },
    endpoint: { vip: '10.0.0.10', subnet: '10.0.0.0/24', gateway: '10.0.0.1' },
    vm: { image: 'default/img', storageClass: 'lh-1', network: 'default/vlan-10', clusterNetwork: 'mgmt' },
  });
  const objects = Testing.synth(chart);
  test('what load-balancer-harvester stores equals the LoadBalancer and IPPool written', () => {
    const lb = objects.find((o) => o.kind === 'LoadBalancer');
    const pool = objects.find((o) => o.kind === 'IPPool');
    expect(mutateLoadBalancerOnCreate(lb)).toEqual(lb);
    expect(mutateIpPoolOnCreate(pool)).toEqual(pool);
    expect(pool.metadata.labels['loadbalancer.harvesterhci.io/vid']).toBe('0');
  });
});

describe('mutator parity, field by field', () => {
  const byName = (vms: any[], name: string) => vms.find((v) => v.metadata.name === name).spec.template.spec;

  test('1.6: requests from overcommit 1600/150, maxSockets 1, q35, amd64, no firmware identity', () => {
    const t = byName(variants(HarvesterVersion.V1_6), 'nics');
    // 3 cores: 3000m × 100 / 1600 = 187m; 3000Mi × 100 / 150 = 2000Mi
    expect(t.domain.resources.requests).toEqual({ cpu: '187m', memory: '2000Mi' });
    expect(t.domain.cpu.maxSockets).toBe(1);
    expect(t.domain.machine).toEqual({ type: 'q35' });
    expect(t.architecture).toBe('amd64');
    expect(t.domain.firmware.uuid).toBeUndefined();
    expect(t.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'network.harvesterhci.io/mgmt', operator: 'In', values: ['true'] }, { key: 'network.harvesterhci.io/data', operator: 'In', values: ['true'] }] },
    ]);
  });

  test('1.8: overcommit 1000, firmware UUID and serial derived from the VM, stable and distinct', () => {
    const a = byName(variants(HarvesterVersion.V1_8), 'nics');
    const b = byName(variants(HarvesterVersion.V1_8), 'nics');
    expect(a.domain.resources.requests).toEqual({ cpu: '300m', memory: '2000Mi' });
    expect(a.domain.firmware.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.domain.firmware.uuid).toBe(b.domain.firmware.uuid);
    expect(a.domain.firmware.serial).not.toBe(a.domain.firmware.uuid);
    expect(byName(variants(HarvesterVersion.V1_8), 'single').domain.firmware.uuid).not.toBe(a.domain.firmware.uuid);
  });

  test('MACs: locally administered unicast, stable, distinct per interface; a fixed MAC is kept', () => {
    const macs = byName(variants(HarvesterVersion.V1_6), 'nics').domain.devices.interfaces.map((i: any) => i.macAddress);
    expect(macs[3]).toBe('52:54:00:12:34:56');
    for (const mac of macs.slice(0, 3)) {
      const first = parseInt(mac.slice(0, 2), 16);
      expect(first & 0b11).toBe(0b10);
    }
    expect(new Set(macs).size).toBe(4);
    expect(byName(variants(HarvesterVersion.V1_6), 'nics').domain.devices.interfaces.map((i: any) => i.macAddress)).toEqual(macs);
  });

  test('a user node term gets the cluster network requirement in every term (the mutator ANDs it in)', () => {
    const terms = byName(variants(HarvesterVersion.V1_6), 'custom').affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms.map((t: any) => t.matchExpressions.map((e: any) => `${e.key}=${e.values}`))).toEqual([
      ['zone=a', 'network.harvesterhci.io/data=true'], ['zone=b', 'network.harvesterhci.io/data=true'],
    ]);
  });

  test('the model catches a manifest without the webhook fields (the test can fail)', () => {
    const vm = variants(HarvesterVersion.V1_8)[0];
    const bare = JSON.parse(JSON.stringify(vm));
    delete bare.spec.template.spec.domain.resources.requests;
    delete bare.spec.template.spec.domain.devices.interfaces;
    delete bare.spec.template.spec.domain.firmware.uuid;
    expect(mutateOnCreate(bare, model(CLUSTER_1_8))).not.toEqual(bare);
  });

  test('more than one socket without hotplug fails at synth (the mutator sets maxSockets 1, KubeVirt then refuses)', () => {
    const chart = Testing.chart();
    expect(() => new HarvesterVm(chart, 'vm', { name: 'vm', cpu: { sockets: 2 } })).toThrow(
      "HarvesterVm 'test/vm': cpu.sockets: 2 is invalid; allowed: 1 unless cpuAndMemoryHotplug is true",
    );
  });

  test('settings are checked like Harvester\'s setting validator', () => {
    const app = Testing.app();
    expect(() => new HarvesterTarget(app, 't', { name: 't', settings: { overcommit: { cpu: 50, memory: 150, storage: 100 } } })).toThrow(/settings: .*overcommit.cpu: 50 is invalid; allowed: an integer ≥ 100/);
    expect(() => new HarvesterTarget(app, 'u', { name: 'u', settings: { additionalGuestMemoryOverheadRatio: 0.5 } })).toThrow(/0 \(none\) or 1.0 to 10.0/);
  });
});

describe('the examples synthesize with nothing the webhooks would add or change', () => {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  const examples = { 'default/lab-workload': 'mgmt', 'default/prod-vlan-100': 'data' };
  const files: Array<[string, ClusterModel]> = [
    ['single-vm.k8s.yaml', model(CLUSTER_1_6, { nads: examples })],
    ['rke2-cluster.k8s.yaml', model(CLUSTER_1_6, { nads: examples })],
    ['prod/web.k8s.yaml', model(CLUSTER_1_6, { nads: examples })],
    ['lab/web.k8s.yaml', model(CLUSTER_1_8, { nads: examples, overcommit: { cpu: 400, memory: 120 } })],
  ];
  test.each(files)('%s (golden output)', (file, cluster) => {
    const objects = parseAllDocuments(readFileSync(join(__dirname, '..', 'golden', file), 'utf8')).map((d) => d.toJS());
    const vms = objects.filter((o) => o.kind === 'VirtualMachine');
    expect(vms.length).toBeGreaterThan(0);
    for (const vm of vms) expect(mutateOnCreate(vm, cluster)).toEqual(vm);
    for (const lb of objects.filter((o) => o.kind === 'LoadBalancer')) expect(mutateLoadBalancerOnCreate(lb)).toEqual(lb);
    for (const pool of objects.filter((o) => o.kind === 'IPPool')) expect(mutateIpPoolOnCreate(pool)).toEqual(pool);
  });
});

import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  ClusterNetwork, HarvesterVersion, HarvesterVm, ManifestValidator, NetworkSource, SynthValidation, VlanConfig, VmNetwork, VmNetworkRoute,
} from '../../lib';
import { collectWarnings } from '../../lib/core/private/warnings';

const nadOf = (objects: any[], name: string) => objects.find((o) => o.kind === 'NetworkAttachmentDefinition' && o.metadata.name === name);
const ROUTE = 'network.harvesterhci.io/route';

describe('VmNetwork', () => {
  test('a VLAN network: the labels, route annotation and CNI config Harvester\'s UI and network controller write', () => {
    const chart = Testing.chart();
    const data = new ClusterNetwork(chart, 'data', { name: 'data' });
    const net = new VmNetwork(chart, 'vlan100', { name: 'vlan100', clusterNetwork: data, vlanId: 100 });
    const nad = nadOf(Testing.synth(chart), 'vlan100');
    expect(nad.apiVersion).toBe('k8s.cni.cncf.io/v1');
    expect(nad.metadata).toEqual({
      name: 'vlan100', namespace: 'default',
      labels: {
        'harvesterhci.io/creator': 'gitvops',
        'network.harvesterhci.io/clusternetwork': 'data',
        'network.harvesterhci.io/type': 'L2VlanNetwork',
        'network.harvesterhci.io/vlan-id': '100',
      },
      annotations: { [ROUTE]: '{"mode":"auto","serverIPAddr":"","cidr":"","gateway":""}' },
    });
    // byte for byte what the UI sends: its key order, no mtu at the default 1500
    expect(nad.spec.config).toBe('{"cniVersion":"0.3.1","name":"vlan100","type":"bridge","bridge":"data-br","promiscMode":true,"vlan":100,"ipam":{}}');
    expect([net.networkName, net.namespace, net.vlanId, net.clusterNetwork]).toEqual(['vlan100', 'default', 100, data]);
    expect(net.apiObject.kind).toBe('NetworkAttachmentDefinition');
  });

  test('untagged: no vlan key, no vlan-id label, type UntaggedNetwork', () => {
    const chart = new Chart(Testing.app(), 'infra', { namespace: 'infra' });
    new VmNetwork(chart, 'native', { name: 'native', clusterNetwork: ClusterNetwork.mgmt(chart), labels: { team: 'net' } });
    const nad = nadOf(Testing.synth(chart), 'native');
    expect(nad.metadata.namespace).toBe('infra');
    expect(nad.metadata.labels).toEqual({
      'harvesterhci.io/creator': 'gitvops', 'team': 'net',
      'network.harvesterhci.io/clusternetwork': 'mgmt', 'network.harvesterhci.io/type': 'UntaggedNetwork',
    });
    expect(nad.spec.config).toBe('{"cniVersion":"0.3.1","name":"native","type":"bridge","bridge":"mgmt-br","promiscMode":true,"ipam":{}}');
  });

  test('route: manual CIDR and gateway, or auto with a DHCP server, as the UI writes them', () => {
    const chart = Testing.chart();
    const mgmt = ClusterNetwork.mgmt(chart);
    new VmNetwork(chart, 'm', { name: 'm', clusterNetwork: mgmt, vlanId: 20, route: VmNetworkRoute.manual('10.20.0.0/24', '10.20.0.1') });
    new VmNetwork(chart, 'a', { name: 'a', clusterNetwork: mgmt, vlanId: 30, route: VmNetworkRoute.auto({ dhcpServer: '10.30.0.2' }) });
    const objects = Testing.synth(chart);
    expect(nadOf(objects, 'm').metadata.annotations[ROUTE]).toBe('{"mode":"manual","serverIPAddr":"","cidr":"10.20.0.0/24","gateway":"10.20.0.1"}');
    expect(nadOf(objects, 'a').metadata.annotations[ROUTE]).toBe('{"mode":"auto","serverIPAddr":"10.30.0.2","cidr":"","gateway":""}');
    expect(VmNetworkRoute.manual('10.20.0.0/24', '10.20.0.1').mode).toBe('manual');
  });

  test('the cluster network\'s MTU goes into the config as the nad mutator appends it, also from a VlanConfig added later', () => {
    const chart = Testing.chart();
    const storage = new ClusterNetwork(chart, 'storage', { name: 'storage' });
    new VmNetwork(chart, 'san', { name: 'san', clusterNetwork: storage, vlanId: 50 });
    new VlanConfig(chart, 'uplink', { name: 'storage', clusterNetwork: storage, nics: ['eno3'], mtu: 9000 });
    new VmNetwork(chart, 'old', { name: 'old', clusterNetwork: ClusterNetwork.fromName(chart, 'legacy', 'legacy', { mtu: 1500 }), vlanId: 60 });
    const objects = Testing.synth(chart);
    expect(JSON.parse(nadOf(objects, 'san').spec.config)).toEqual({ cniVersion: '0.3.1', name: 'san', type: 'bridge', bridge: 'storage-br', promiscMode: true, vlan: 50, ipam: {}, mtu: 9000 });
    expect(nadOf(objects, 'san').spec.config.endsWith(',"mtu":9000}')).toBe(true);
    expect(JSON.parse(nadOf(objects, 'old').spec.config).mtu).toBeUndefined();
    // applied in order: the cluster network before its uplink and VM networks
    expect(objects.map((o) => o.kind)).toEqual(['ClusterNetwork', 'NetworkAttachmentDefinition', 'VlanConfig', 'NetworkAttachmentDefinition']);
  });

  test.each(Object.values(HarvesterVersion))('everything it writes passes synth validation and the network controller\'s rules (%s)', (harvesterVersion) => {
    const chart = Testing.chart();
    SynthValidation.configure(chart, { harvesterVersion });
    const data = new ClusterNetwork(chart, 'data', { name: 'data' });
    new VlanConfig(chart, 'uplink', { name: 'data', clusterNetwork: data, nics: ['eno2'], mtu: 9000 });
    const networks = [
      new VmNetwork(chart, 'v1', { name: 'v1', clusterNetwork: data, vlanId: 1 }),
      new VmNetwork(chart, 'v4094', { name: 'v4094', clusterNetwork: data, vlanId: 4094, route: VmNetworkRoute.manual('192.168.0.0/16', '192.168.0.1') }),
      new VmNetwork(chart, 'native', { name: 'native', clusterNetwork: data }),
      new VmNetwork(chart, 'mgmt', { name: 'mgmt-vlan', clusterNetwork: ClusterNetwork.mgmt(chart), vlanId: 10, route: VmNetworkRoute.manual('fd00::/64', 'fd00::1') }),
    ];
    new HarvesterVm(chart, 'vm', { name: 'vm', networks: networks.map((n, i) => ({ name: `nic-${i}`, source: NetworkSource.fromVmNetwork(n) })) });
    expect(SynthValidation.check(chart)).toEqual([]);
    expect(ManifestValidator.check(Testing.synth(chart), { harvesterVersion, externalNetworks: [] })).toEqual([]);
  });

  test.each([
    ['VLAN 0', { vlanId: 0 }, 'vlanId: 0 is invalid; allowed: a VLAN ID from 1 to 4094 (leave it out for an untagged network)'],
    ['VLAN 4095', { vlanId: 4095 }, 'vlanId: 4095 is invalid; allowed: a VLAN ID from 1 to 4094'],
    ['a fractional VLAN', { vlanId: 1.5 }, 'vlanId: 1.5 is invalid; allowed: a VLAN ID from 1 to 4094'],
    ['a manual route on an untagged network', { route: VmNetworkRoute.manual('10.0.0.0/24', '10.0.0.1') }, 'route: "manual" is invalid; allowed: auto on an untagged network'],
    ['a CIDR without a prefix', { vlanId: 5, route: VmNetworkRoute.manual('10.0.0.0', '10.0.0.1') }, 'route.cidr: "10.0.0.0" is invalid; allowed: a CIDR with a prefix length > 0, e.g. 10.20.0.0/24'],
    ['a /0 CIDR (the webhook refuses a zero mask)', { vlanId: 5, route: VmNetworkRoute.manual('0.0.0.0/0', '10.0.0.1') }, 'route.cidr: "0.0.0.0/0" is invalid; allowed: a CIDR with a prefix length > 0'],
    ['a gateway that is no address', { vlanId: 5, route: VmNetworkRoute.manual('10.0.0.0/24', 'gw') }, 'route.gateway: "gw" is invalid; allowed: an IP address, e.g. 10.20.0.1'],
    ['a DHCP server that is no address', { vlanId: 5, route: VmNetworkRoute.auto({ dhcpServer: '10.0.0' }) }, 'route.dhcpServer: "10.0.0" is invalid; allowed: an IP address'],
    ['a name with a dot', { name: 'vlan.5' }, 'name: "vlan.5" is invalid; allowed: a DNS-1123 label'],
  ])('%s fails at construction', (_, change: any, message) => {
    const chart = Testing.chart();
    expect(() => new VmNetwork(chart, 'net', { name: 'net', clusterNetwork: ClusterNetwork.mgmt(chart), ...change })).toThrow(`VmNetwork 'test/net': ${message}`);
  });

  test('fromName: an existing network, nothing written, its cluster network carried to the VM', () => {
    const chart = Testing.chart();
    const lan = VmNetwork.fromName(chart, 'lan', 'infra/lan', { clusterNetwork: ClusterNetwork.fromName(chart, 'data', 'data') });
    const local = VmNetwork.fromName(chart, 'local', 'local', { clusterNetwork: ClusterNetwork.mgmt(chart) });
    expect([lan.namespace, lan.networkName, lan.clusterNetwork.clusterNetworkName]).toEqual(['infra', 'lan', 'data']);
    expect([local.namespace, local.networkName]).toEqual(['default', 'local']);
    new HarvesterVm(chart, 'vm', { name: 'vm', networks: [{ name: 'lan', source: NetworkSource.fromVmNetwork(lan) }] });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['VirtualMachine']);
    const spec = objects[0].spec.template.spec;
    expect(spec.networks).toEqual([{ name: 'lan', multus: { networkName: 'infra/lan' } }]);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'network.harvesterhci.io/data', operator: 'In', values: ['true'] }] }]);
    expect(SynthValidation.check(chart)).toEqual([]);
    expect(() => VmNetwork.fromName(chart, 'bad', 'a/b/c', { clusterNetwork: ClusterNetwork.mgmt(chart) })).toThrow(/name: "a\/b\/c" is invalid/);
  });
});

describe('NetworkSource.fromVmNetwork', () => {
  test('the VM gets the multus network, the cluster network\'s node term (no warning), and is written in tree order (the delivery config\'s sync waves apply NADs before VMs)', () => {
    const warnings = collectWarnings();
    const chart = Testing.chart();
    const vm = new HarvesterVm(chart, 'vm', { name: 'web' });
    const net = new VmNetwork(chart, 'net', { name: 'vlan20', namespace: 'infra', clusterNetwork: new ClusterNetwork(chart, 'cn', { name: 'data' }), vlanId: 20 });
    const source = NetworkSource.fromVmNetwork(net);
    expect([source.networkName, source.clusterNetwork, source.isPod]).toEqual(['infra/vlan20', 'data', false]);
    vm.addNetwork({ name: 'lan', source });
    const objects = Testing.synth(chart);
    // no construct dependency (it would take the app off GitVopsApp's one-pass layout)
    expect(objects.map((o) => o.kind)).toEqual(['VirtualMachine', 'ClusterNetwork', 'NetworkAttachmentDefinition']);
    const spec = objects[0].spec.template.spec;
    expect(spec.networks).toEqual([{ name: 'lan', multus: { networkName: 'infra/vlan20' } }]);
    expect(spec.domain.devices.interfaces[0].bridge).toEqual({});
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'network.harvesterhci.io/data', operator: 'In', values: ['true'] }] }]);
    expect(warnings.filter((w) => w.includes('web'))).toEqual([]);
    expect(SynthValidation.check(chart)).toEqual([]);
  });
});

describe('drift.vm.network-cluster', () => {
  test('a VM naming a VmNetwork of the app with another cluster network gets a drift warning with what the mutator writes', () => {
    const chart = Testing.chart();
    new VmNetwork(chart, 'net', { name: 'lan', clusterNetwork: new ClusterNetwork(chart, 'cn', { name: 'data' }), vlanId: 7 });
    new HarvesterVm(chart, 'vm', { name: 'vm', networks: [{ name: 'n', source: NetworkSource.vmNetwork('default/lan', { clusterNetwork: 'mgmt' }) }] });
    const found = SynthValidation.check(chart).filter((p) => p.rule === 'drift.vm.network-cluster');
    expect(found).toEqual([expect.objectContaining({
      warning: true, kind: 'VirtualMachine', name: 'vm', field: 'spec.template.spec.affinity',
      message: expect.stringContaining('{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"network.harvesterhci.io/data","operator":"In","values":["true"]}]}]}}}'),
    })]);
  });
});

describe('references.network', () => {
  const vmOn = (chart: Chart, networkName: string) => new ApiObject(chart, `vm-${networkName.replace(/\W/g, '')}`, {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'hand', namespace: 'default' },
    spec: { runStrategy: 'Halted', template: { spec: {
      domain: { memory: { guest: '1Gi' }, devices: { interfaces: [{ name: 'lan', bridge: {}, model: 'virtio' }] } },
      networks: [{ name: 'lan', multus: { networkName } }],
    } } },
  });
  const refs = (chart: Chart) => SynthValidation.check(chart).filter((p) => p.rule === 'references.network');

  test('a VM on a NAD neither in the output nor declared external fails synth validation', () => {
    const chart = Testing.chart();
    SynthValidation.enable(chart);
    vmOn(chart, 'default/ghost');
    expect(refs(chart)).toEqual([expect.objectContaining({
      kind: 'VirtualMachine', name: 'hand', field: 'spec.template.spec.networks[0].multus.networkName', value: 'default/ghost',
      message: expect.stringMatching(/^no NetworkAttachmentDefinition default\/ghost in the output \(a VmNetwork\), nor declared external/),
    })]);
    expect(() => Testing.synth(chart)).toThrow(/references\.network|no NetworkAttachmentDefinition default\/ghost/);
  });

  test('in the output, declared by VmNetwork.fromName, by name with NetworkSource.vmNetwork, or in the options: no problem', () => {
    for (const declare of [
      (c: Chart) => new VmNetwork(c, 'ghost', { name: 'ghost', clusterNetwork: ClusterNetwork.mgmt(c) }),
      (c: Chart) => VmNetwork.fromName(c, 'ghost', 'ghost', { clusterNetwork: ClusterNetwork.mgmt(c) }),
      (c: Chart) => new HarvesterVm(c, 'vm', { name: 'vm', networks: [{ name: 'n', source: NetworkSource.vmNetwork('ghost', { clusterNetwork: 'mgmt' }) }] }),
      (c: Chart) => SynthValidation.configure(c, { externalNetworks: ['default/ghost'] }),
    ]) {
      const chart = Testing.chart();
      SynthValidation.enable(chart);
      declare(chart);
      vmOn(chart, 'default/ghost');
      expect(refs(chart)).toEqual([]);
    }
  });

  test('plain manifests: checked when external networks are given, and not with checkReferences off', () => {
    const chart = Testing.chart();
    vmOn(chart, 'ghost');
    const objects = Testing.synth(chart);
    expect(ManifestValidator.check(objects).filter((p) => p.rule === 'references.network')).toEqual([]);
    expect(ManifestValidator.check(objects, { externalNetworks: [] }).filter((p) => p.rule === 'references.network').map((p) => p.value)).toEqual(['ghost']);
    expect(ManifestValidator.check(objects, { externalNetworks: ['default/ghost'] }).filter((p) => p.rule === 'references.network')).toEqual([]);
    expect(ManifestValidator.check(objects, { externalNetworks: [], checkReferences: false }).filter((p) => p.rule === 'references.network')).toEqual([]);
  });
});

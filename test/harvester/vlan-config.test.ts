import { Chart, Duration, Testing } from 'cdk8s';
import { BondMode, ClusterNetwork, HarvesterVersion, ManifestValidator, SynthValidation, VlanConfig } from '../../lib';

describe('VlanConfig', () => {
  test('the uplink of a cluster network, every CRD default and the mutator\'s label written', () => {
    const chart = Testing.chart();
    const data = new ClusterNetwork(chart, 'data', { name: 'data' });
    const vc = new VlanConfig(chart, 'uplink', { name: 'data-uplink', clusterNetwork: data, nics: ['eno2', 'eno3'] });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['ClusterNetwork', 'VlanConfig']);
    expect(objects[1]).toEqual({
      apiVersion: 'network.harvesterhci.io/v1beta1', kind: 'VlanConfig',
      metadata: { name: 'data-uplink', labels: { 'harvesterhci.io/creator': 'gitvops', 'network.harvesterhci.io/clusternetwork': 'data' } },
      spec: {
        clusterNetwork: 'data',
        uplink: { nics: ['eno2', 'eno3'], linkAttributes: { txQLen: -1 }, bondOptions: { mode: 'active-backup', miimon: -1 } },
      },
    });
    expect(vc.name).toBe('data-uplink');
    expect(vc.clusterNetwork).toBe(data);
    expect(data.mtu).toBeUndefined();
    for (const harvesterVersion of Object.values(HarvesterVersion)) expect(ManifestValidator.check(objects, { harvesterVersion })).toEqual([]);
    expect(SynthValidation.check(chart)).toEqual([]);
  });

  test('bond mode, miimon, MTU, node selector and description, field by field', () => {
    const chart = new Chart(Testing.app(), 'infra', { namespace: 'infra' });
    const data = new ClusterNetwork(chart, 'data', { name: 'data' });
    new VlanConfig(chart, 'uplink', {
      name: 'rack-1', clusterNetwork: data, nics: ['ens1f0'], bondMode: BondMode.IEEE_802_3AD, bondMiimon: Duration.millis(100),
      mtu: 9000, nodeSelector: { 'topology.kubernetes.io/zone': 'rack-1' }, description: 'rack 1 storage uplink',
    });
    const vc = Testing.synth(chart)[1];
    expect(vc.metadata.namespace).toBeUndefined();
    expect(vc.spec.description).toBe('rack 1 storage uplink');
    expect(vc.spec.nodeSelector).toEqual({ 'topology.kubernetes.io/zone': 'rack-1' });
    expect(vc.spec.uplink.bondOptions).toEqual({ mode: '802.3ad', miimon: 100 });
    expect(vc.spec.uplink.linkAttributes).toEqual({ mtu: 9000, txQLen: -1 });
    expect(data.mtu).toBe(9000);
    expect(Object.values(BondMode)).toEqual(['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb']);
    expect(ManifestValidator.check(Testing.synth(chart))).toEqual([]);
  });

  test('every VlanConfig of a cluster network has one MTU (0 is the default 1500)', () => {
    const chart = Testing.chart();
    const data = new ClusterNetwork(chart, 'data', { name: 'data' });
    new VlanConfig(chart, 'a', { name: 'a', clusterNetwork: data, nics: ['eno2'], nodeSelector: { rack: '1' } });
    new VlanConfig(chart, 'b', { name: 'b', clusterNetwork: data, nics: ['eno2'], nodeSelector: { rack: '2' }, mtu: 1500 });
    expect(() => new VlanConfig(chart, 'c', { name: 'c', clusterNetwork: data, nics: ['eno2'], mtu: 9000 }))
      .toThrow("VlanConfig 'test/c': mtu: 9000 is invalid; allowed: the MTU of the other VlanConfigs of cluster network data: VlanConfig a (MTU 1500) (one MTU per cluster network)");
    expect(ManifestValidator.check(Testing.synth(chart))).toEqual([]);
  });

  test.each([
    ['mgmt', { clusterNetwork: 'mgmt' }, 'clusterNetwork: "mgmt" is invalid; allowed: a cluster network other than mgmt'],
    ['no NIC', { nics: [] }, 'nics: [] is invalid; allowed: at least one NIC'],
    ['a NIC name with a slash', { nics: ['eno/2'] }, 'nics[0]: "eno/2" is invalid; allowed: a Linux interface name'],
    ['a NIC twice', { nics: ['eno2', 'eno2'] }, 'nics: "eno2" is invalid; allowed: each NIC once'],
    ['MTU below 576', { mtu: 575 }, 'mtu: 575 is invalid; allowed: 0 (Harvester\'s default, 1500) or an integer from 576 to 9000'],
    ['MTU above 9000', { mtu: 9001 }, 'mtu: 9001 is invalid; allowed: 0 (Harvester\'s default, 1500) or an integer from 576 to 9000'],
    ['miimon not whole milliseconds', { bondMiimon: Duration.millis(0.5) }, 'bondMiimon: "0.5ms" is invalid; allowed: a whole number of milliseconds ≥ 0'],
  ])('%s fails at construction', (_, change: any, message) => {
    const chart = Testing.chart();
    const clusterNetwork = change.clusterNetwork ? ClusterNetwork.fromName(chart, 'cn', change.clusterNetwork) : new ClusterNetwork(chart, 'cn', { name: 'data' });
    expect(() => new VlanConfig(chart, 'vc', { name: 'vc', nics: ['eno2'], ...change, clusterNetwork })).toThrow(`VlanConfig 'test/vc': ${message}`);
  });

  test('MTU 0 and 576–9000 pass construction and the webhook rules', () => {
    for (const mtu of [0, 576, 9000]) {
      const chart = Testing.chart();
      new VlanConfig(chart, 'vc', { name: 'vc', clusterNetwork: ClusterNetwork.fromName(chart, 'cn', 'data'), nics: ['eno2'], mtu });
      expect(ManifestValidator.check(Testing.synth(chart))).toEqual([]);
    }
  });

  test('on an existing cluster network (fromName): nothing but the VlanConfig written', () => {
    const chart = Testing.chart();
    new VlanConfig(chart, 'vc', { name: 'vc', clusterNetwork: ClusterNetwork.fromName(chart, 'cn', 'storage'), nics: ['eno2'] });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.spec.clusterNetwork}`)).toEqual(['VlanConfig/storage']);
  });
});

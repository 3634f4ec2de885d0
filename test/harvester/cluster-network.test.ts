import { Chart, Testing } from 'cdk8s';
import { ClusterNetwork, HarvesterVersion, ManifestValidator, SynthValidation } from '../../lib';

describe('ClusterNetwork', () => {
  test('a cluster-scoped ClusterNetwork on the imported kind, valid for both releases', () => {
    const chart = Testing.chart();
    const cn = new ClusterNetwork(chart, 'data', { name: 'data', labels: { team: 'net' } });
    const objects = Testing.synth(chart);
    expect(objects).toEqual([{
      apiVersion: 'network.harvesterhci.io/v1beta1', kind: 'ClusterNetwork',
      metadata: { name: 'data', labels: { 'harvesterhci.io/creator': 'gitvops', 'team': 'net' } },
    }]);
    expect(cn.clusterNetworkName).toBe('data');
    expect(cn.mtu).toBeUndefined();
    expect(cn.apiObject.kind).toBe('ClusterNetwork');
    for (const harvesterVersion of Object.values(HarvesterVersion)) expect(ManifestValidator.check(objects, { harvesterVersion })).toEqual([]);
    expect(SynthValidation.check(chart)).toEqual([]);
  });

  test('no namespace, even in a chart that has one', () => {
    const chart = new Chart(Testing.app(), 'ns', { namespace: 'infra' });
    new ClusterNetwork(chart, 'data', { name: 'data' });
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'data', labels: { 'harvesterhci.io/creator': 'gitvops' } });
  });

  test.each([
    ['longer than 12 characters', 'storage-fast1', 'name: "storage-fast1" is invalid; allowed: a cluster network name: a DNS-1123 label of at most 12 characters'],
    ['not a DNS label', 'Data', 'name: "Data" is invalid; allowed: a cluster network name'],
    ['mgmt (the controller makes it)', 'mgmt', 'name: "mgmt" is invalid; allowed: a name other than mgmt (the network controller creates it: use ClusterNetwork.mgmt)'],
  ])('a name %s fails at construction', (_, name, message) => {
    expect(() => new ClusterNetwork(Testing.chart(), 'cn', { name })).toThrow(`ClusterNetwork 'test/cn': ${message}`);
  });

  test('the 12-character limit is the webhook\'s: 12 passes', () => {
    const chart = Testing.chart();
    new ClusterNetwork(chart, 'cn', { name: 'storage-fast' });
    const [cn] = Testing.synth(chart);
    expect(ManifestValidator.check([cn])).toEqual([]);
    cn.metadata.name = 'storage-fast1';
    expect(ManifestValidator.check([cn]).map((p) => p.rule)).toEqual(['harvester.clusternetwork.name']);
  });

  test('fromName references an existing one (nothing written), with its MTU when given', () => {
    const chart = Testing.chart();
    const cn = ClusterNetwork.fromName(chart, 'cn', 'storage', { mtu: 9000 });
    expect(cn.clusterNetworkName).toBe('storage');
    expect(cn.mtu).toBe(9000);
    expect(ClusterNetwork.fromName(chart, 'cn2', 'other').mtu).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
    expect(() => ClusterNetwork.fromName(chart, 'bad', 'storage', { mtu: 100 })).toThrow(/: mtu: 100 is invalid; allowed: 0 \(Harvester's default, 1500\) or an integer from 576 to 9000/);
    expect(() => ClusterNetwork.fromName(chart, 'long', 'a-very-long-name')).toThrow(/name: "a-very-long-name" is invalid; allowed: a cluster network name/);
  });

  test('mgmt is the built-in network: one per chart, nothing written', () => {
    const chart = Testing.chart();
    const mgmt = ClusterNetwork.mgmt(chart);
    expect(mgmt.clusterNetworkName).toBe('mgmt');
    expect(ClusterNetwork.mgmt(chart)).toBe(mgmt);
    expect(ClusterNetwork.MGMT_NAME).toBe('mgmt');
    expect(mgmt.mtu).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });
});

import { clusterProps, newChart } from './fixtures';
import { NodeAddresses, Rke2Cluster, Rke2ClusterProps, Rke2NodePool, Rke2Release, Rke2Role, SecretValue } from '../../lib';

function build(overrides: Partial<Rke2ClusterProps>): () => void {
  return () => new Rke2Cluster(newChart(), 'cluster', clusterProps(overrides));
}
const endpoint = { vip: '10.2.0.20', subnet: '10.2.0.0/24', gateway: '10.2.0.1' };

describe('bad input fails at synth with construct path, field, value and rule', () => {
  test('VIP outside its subnet', () => {
    expect(build({ endpoint: { ...endpoint, vip: '10.3.0.20' } })).toThrow(
      "ControlPlaneEndpoint 'test/cluster/endpoint': endpoint.vip: \"10.3.0.20\" is invalid; allowed: a host address inside 10.2.0.0/24");
  });

  test('VIP equal to the gateway', () => {
    expect(build({ endpoint: { ...endpoint, vip: '10.2.0.1' } })).toThrow(
      'endpoint.vip: "10.2.0.1" is invalid; allowed: an address other than the gateway 10.2.0.1');
  });

  test('gateway outside the subnet', () => {
    expect(build({ endpoint: { ...endpoint, gateway: '10.9.0.1' } })).toThrow('gateway: "10.9.0.1" is invalid; allowed: an address inside 10.2.0.0/24');
  });

  test('static address outside its subnet', () => {
    expect(build({ controlPlane: { replicas: 3, addresses: NodeAddresses.countFrom('10.2.0.254') } })).toThrow(
      "Rke2NodePool 'test/cluster/cp': addresses[1]: \"10.2.0.255\" is invalid; allowed: a host address inside 10.2.0.0/24");
  });

  test('static address equal to the gateway', () => {
    expect(build({ controlPlane: { replicas: 1, addresses: NodeAddresses.list(['10.2.0.1']) } })).toThrow(
      'addresses[0]: "10.2.0.1" is invalid; allowed: an address other than the gateway 10.2.0.1');
  });

  test('the VIP among node addresses', () => {
    expect(build({ controlPlane: { replicas: 3, addresses: NodeAddresses.countFrom('10.2.0.19') } })).toThrow(
      "Rke2Cluster 'test/cluster': controlPlane.addresses[1]: \"10.2.0.20\" is invalid; allowed: an address other than the endpoint VIP 10.2.0.20");
  });

  test('duplicate addresses across pools', () => {
    expect(build({ workers: [{ replicas: 2, addresses: NodeAddresses.list(['10.2.0.40', '10.2.0.23']) }] })).toThrow(
      "Rke2Cluster 'test/cluster': workers[0].addresses[1]: \"10.2.0.23\" is invalid; allowed: an address not given to another node (already node lab-cp-2)");
  });

  test('fewer static addresses than replicas', () => {
    expect(build({ controlPlane: { replicas: 3, addresses: NodeAddresses.list(['10.2.0.21', '10.2.0.22']) } })).toThrow(
      "Rke2NodePool 'test/cluster/cp': addresses: [\"10.2.0.21\",\"10.2.0.22\"] is invalid; allowed: at least 3 addresses (one per replica)");
  });

  test('zero servers', () => {
    expect(build({ controlPlane: { replicas: 0 } })).toThrow(
      "Rke2Cluster 'test/cluster': controlPlane.replicas: 0 is invalid; allowed: an integer ≥ 1 (a cluster needs a server)");
  });

  test('an even number of servers unless allowed', () => {
    expect(build({ controlPlane: { replicas: 2 } })).toThrow('controlPlane.replicas: 2 is invalid; allowed: an odd number of servers (etcd quorum); set allowEvenServers to override');
    expect(build({ controlPlane: { replicas: 2 }, allowEvenServers: true })).not.toThrow();
  });

  test('object names over 63 characters after suffixing', () => {
    // 48 + "-cp-2-cloudinit" = 63: the longest name that fits
    expect(build({ name: 'a'.repeat(48), workers: [] })).not.toThrow();
    expect(build({ name: 'a'.repeat(49), workers: [] })).toThrow(
      `Rke2NodePool 'test/cluster/cp': name: "cp" is invalid; allowed: a cluster and pool name short enough that the cloud-init Secret name "${'a'.repeat(49)}-cp-2-cloudinit" (64 characters) stays a DNS-1123 label of at most 63`);
  });

  test('two pools with one name', () => {
    expect(build({ workers: [{ name: 'app', replicas: 1 }, { name: 'app', replicas: 1 }] })).toThrow(
      "Rke2Cluster 'test/cluster': workers[1].name: \"app\" is invalid; allowed: a pool name not used already (cp, app)");
    expect(build({ workers: [{ name: 'cp', replicas: 1 }] })).toThrow('workers[0].name: "cp" is invalid');
  });

  test('a version not shaped like v1.31.4+rke2r1', () => {
    expect(build({ release: Rke2Release.version('1.31.4') })).toThrow(
      "Rke2Cluster 'test/cluster': release: \"1.31.4\" is invalid; allowed: an RKE2 release such as \"v1.31.4+rke2r1\"");
    expect(build({ release: Rke2Release.version('v1.31.4+k3s1') })).toThrow('release: "v1.31.4+k3s1" is invalid');
    expect(build({ release: Rke2Release.channel('beta') })).toThrow('release: "beta" is invalid; allowed: stable, latest, testing or a minor line such as "v1.31"');
  });

  test('a registry config without host', () => {
    expect(build({ registries: { configs: [{ host: '', username: 'u', password: SecretValue.unsafePlainText('p') }] } })).toThrow(
      "Rke2NodePool 'test/cluster/cp': registries.configs[0].host: is required (the registry host the config applies to)");
  });

  test('critical server values only cluster-wide; K3s-only and managed keys refused', () => {
    expect(build({ controlPlane: { replicas: 3, config: { clusterCidr: '10.9.0.0/16' } } })).toThrow(
      "Rke2Cluster 'test/cluster': controlPlane.config.clusterCidr: must be identical on every server: set it in the cluster-wide config");
    expect(build({ config: { extraConfig: { 'secrets-encryption': true } } })).toThrow('config.extraConfig.secrets-encryption: is a K3s key that RKE2 does not accept');
    expect(build({ config: { extraConfig: { token: 'x' } } })).toThrow('config.extraConfig.token: is set by GitVops or a typed option; use that instead');
  });

  test('the error never contains the token', () => {
    try {
      build({ release: Rke2Release.version('bad') })();
    } catch (e) {
      expect(String(e)).not.toContain('test-token-value');
    }
  });
});

describe('Rke2NodePool alone (adding nodes to an existing cluster)', () => {
  const base = {
    clusterName: 'prod',
    name: 'extra',
    role: Rke2Role.AGENT,
    replicas: 2,
    token: SecretValue.unsafePlainText('t'),
    vm: { image: 'default/ubuntu', storageClass: 'lh-1', network: 'default/net' },
  };

  test('needs a server URL', () => {
    expect(() => new Rke2NodePool(newChart(), 'pool', base)).toThrow(
      "Rke2NodePool 'test/pool': serverUrl: is required: nodes that do not bootstrap join https://<endpoint>:9345");
    expect(() => new Rke2NodePool(newChart(), 'pool', { ...base, serverUrl: 'http://x:6443' })).toThrow('serverUrl: "http://x:6443" is invalid; allowed: https://<address or DNS name>:9345');
  });

  test('agents cannot bootstrap', () => {
    expect(() => new Rke2NodePool(newChart(), 'pool', { ...base, bootstrap: true, serverUrl: 'https://x:9345' })).toThrow('bootstrap: only a server pool can bootstrap a cluster');
  });

  test('joins the given URL', () => {
    const chart = newChart();
    const pool = new Rke2NodePool(chart, 'pool', { ...base, serverUrl: 'https://prod.example:9345' });
    expect(pool.vmNames).toEqual(['prod-extra-0', 'prod-extra-1']);
  });
});

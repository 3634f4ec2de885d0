import { Size } from 'cdk8s';
import { clusterProps, cloudConfig, find, newChart, rke2Config, synthCluster, TOKEN } from './fixtures';
import { Cni, NodeAddresses, Rke2Cluster, Rke2NodePool, Rke2Profile, Rke2Release } from '../../lib';

const { CLUSTER_LABEL, ROLE_LABEL } = Rke2NodePool;

const SERVERS = ['lab-cp-0', 'lab-cp-1', 'lab-cp-2'];
const AGENTS = ['lab-worker-0', 'lab-worker-1'];

describe('Rke2Cluster objects', () => {
  const objects = synthCluster();

  test('names match what the Helm chart made, per node and per cluster', () => {
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    const expected = [
      ...[...SERVERS, ...AGENTS].flatMap((n) => [`VirtualMachine/${n}`, `Secret/${n}-cloudinit`]),
      'PersistentVolumeClaim/lab-cp-disk-0', 'PersistentVolumeClaim/lab-cp-disk-1', 'PersistentVolumeClaim/lab-cp-disk-2',
      'PersistentVolumeClaim/lab-worker-disk-0', 'PersistentVolumeClaim/lab-worker-disk-1',
      'IPPool/lab-vip', 'LoadBalancer/lab-vip',
    ].sort();
    expect(names).toEqual(expected);
  });

  test('server 0 bootstraps; every other server joins the VIP on 9345', () => {
    const c0 = rke2Config(objects, 'lab-cp-0');
    expect(c0.server).toBeUndefined();
    expect(c0.token).toBe(TOKEN);
    for (const name of SERVERS.slice(1)) {
      expect(rke2Config(objects, name).server).toBe('https://10.2.0.20:9345');
      expect(rke2Config(objects, name).token).toBe(TOKEN);
    }
  });

  test('every agent (worker 0 too) joins with server and token, and has no server-only keys', () => {
    for (const name of AGENTS) {
      const c = rke2Config(objects, name);
      expect(c).toEqual({ token: TOKEN, server: 'https://10.2.0.20:9345' });
    }
  });

  test('tls-san holds the node name and the VIP on every server', () => {
    SERVERS.forEach((name) => expect(rke2Config(objects, name)['tls-san']).toEqual([name, '10.2.0.20']));
  });

  test('write-kubeconfig-mode is the string "0640", quoted in the file', () => {
    expect(rke2Config(objects, 'lab-cp-0')['write-kubeconfig-mode']).toBe('0640');
    const text = cloudConfig(objects, 'lab-cp-0').write_files[0].content as string;
    expect(text).toContain('write-kubeconfig-mode: "0640"');
  });

  test('servers install and start rke2-server; agents install the agent type and start rke2-agent', () => {
    for (const [names, type] of [[SERVERS, 'server'], [AGENTS, 'agent']] as const) {
      for (const name of names) {
        const runcmd: any[] = cloudConfig(objects, name).runcmd;
        expect(runcmd).toContainEqual(['env', 'INSTALL_RKE2_VERSION=v1.31.4+rke2r1', `INSTALL_RKE2_TYPE=${type}`, 'sh', '/usr/local/bin/rke2-install.sh']);
        expect(runcmd).toContainEqual(['curl', '-sfL', 'https://get.rke2.io', '-o', '/usr/local/bin/rke2-install.sh']);
        expect(runcmd[runcmd.length - 1]).toEqual(['systemctl', 'enable', '--now', `rke2-${type}.service`]);
        expect(JSON.stringify(runcmd)).not.toContain(type === 'server' ? 'rke2-agent' : 'rke2-server');
      }
    }
  });

  test('config.yaml is written 0600 root:root; the guest agent is installed and enabled', () => {
    const cc = cloudConfig(objects, 'lab-worker-0');
    const file = cc.write_files.find((f: any) => f.path === '/etc/rancher/rke2/config.yaml');
    expect(file.permissions).toBe('0600');
    expect(file.owner).toBe('root:root');
    expect(cc.packages).toEqual(['qemu-guest-agent']);
    expect(cc.runcmd[0]).toEqual(['systemctl', 'enable', '--now', 'qemu-guest-agent.service']);
    expect(cc.hostname).toBe('lab-worker-0');
    expect(cc.ssh_authorized_keys).toHaveLength(1);
  });

  test('static addresses count up from the first; agents use DHCP', () => {
    const net = (name: string) => (find(objects, 'Secret', `${name}-cloudinit`).stringData.networkdata as string);
    expect(net('lab-cp-0')).toContain('- 10.2.0.21/24');
    expect(net('lab-cp-2')).toContain('- 10.2.0.23/24');
    expect(net('lab-cp-2')).toContain('to: default');
    expect(net('lab-worker-0')).toContain('dhcp4: true');
  });

  test('VMs boot from their own PVC and mount their own cloud-init Secret', () => {
    const vm = find(objects, 'VirtualMachine', 'lab-worker-1');
    const spec = vm.spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'disk-0', persistentVolumeClaim: { claimName: 'lab-worker-disk-1' } });
    expect(spec.volumes).toContainEqual({
      name: 'cloudinitdisk',
      cloudInitNoCloud: { secretRef: { name: 'lab-worker-1-cloudinit' }, networkDataSecretRef: { name: 'lab-worker-1-cloudinit' } },
    });
    expect(spec.networks).toEqual([{ name: 'default', multus: { networkName: 'default/lab-workload' } }]);
    expect(vm.metadata.labels[CLUSTER_LABEL]).toBe('lab');
    expect(vm.metadata.labels[ROLE_LABEL]).toBe('agent');
    expect(vm.metadata.annotations?.['harvesterhci.io/volumeClaimTemplates']).toBeUndefined();
    const pvc = find(objects, 'PersistentVolumeClaim', 'lab-cp-disk-0');
    expect(pvc.metadata.annotations['harvesterhci.io/imageId']).toBe('default/ubuntu');
    expect(pvc.spec.storageClassName).toBe('lh-1234');
    expect(pvc.spec.volumeMode).toBe('Block');
  });

  test('servers prefer different hosts (soft anti-affinity on the pool group)', () => {
    const spec = find(objects, 'VirtualMachine', 'lab-cp-1').spec.template;
    const term = spec.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0];
    expect(term.weight).toBe(100);
    expect(term.podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(spec.metadata.labels[Object.keys(term.podAffinityTerm.labelSelector.matchLabels)[0]]).toBe('lab-cp');
    // agents: only the node term Harvester's mutator writes for the VM network's cluster network
    expect(find(objects, 'VirtualMachine', 'lab-worker-0').spec.template.spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'network.harvesterhci.io/mgmt', operator: 'In', values: ['true'] }] }] } },
    });
  });
});

describe('control-plane endpoint', () => {
  test('IPPool holds exactly the VIP and is cluster-scoped', () => {
    const pool = find(synthCluster(), 'IPPool', 'lab-vip');
    expect(pool.apiVersion).toBe('loadbalancer.harvesterhci.io/v1beta1');
    expect(pool.metadata.namespace).toBeUndefined();
    expect(pool.spec.ranges).toEqual([{ subnet: '10.2.0.0/24', gateway: '10.2.0.1', rangeStart: '10.2.0.20', rangeEnd: '10.2.0.20' }]);
  });

  test('LoadBalancer forwards 6443 and 9345 to every server VM, health-checked on 6443', () => {
    const lb = find(synthCluster(), 'LoadBalancer', 'lab-vip');
    expect(lb.metadata.namespace).toBe('default');
    expect(lb.spec.ipam).toBe('pool');
    expect(lb.spec.ipPool).toBe('lab-vip');
    expect(lb.spec.workloadType).toBe('vm');
    expect(lb.spec.listeners.map((l: any) => [l.name, l.port, l.backendPort, l.protocol])).toEqual([
      ['api', 6443, 6443, 'TCP'], ['join', 9345, 9345, 'TCP'],
    ]);
    expect(lb.spec.healthCheck.port).toBe(6443);
    expect(lb.spec.backendServerSelector).toEqual({ 'harvesterhci.io/vmName': SERVERS });
  });

  test('443 on request; DNS name in tls-san and the join URL', () => {
    const objects = synthCluster({
      endpoint: { vip: '10.2.0.20', subnet: '10.2.0.0/24', gateway: '10.2.0.1', dnsName: 'lab.example', exposeIngress: true },
      tlsSan: ['extra.example'],
    });
    expect(find(objects, 'LoadBalancer', 'lab-vip').spec.listeners.map((l: any) => l.port)).toEqual([6443, 9345, 443]);
    expect(rke2Config(objects, 'lab-cp-1')['tls-san']).toEqual(['lab-cp-1', '10.2.0.20', 'lab.example', 'extra.example']);
    expect(rke2Config(objects, 'lab-cp-1').server).toBe('https://lab.example:9345');
    expect(rke2Config(objects, 'lab-worker-0').server).toBe('https://lab.example:9345');
  });
});

describe('options', () => {
  test('CIS: profile on every node, etcd user on servers before install, sysctl file copied', () => {
    const objects = synthCluster({ config: { profile: Rke2Profile.CIS } });
    for (const name of [...SERVERS, ...AGENTS]) expect(rke2Config(objects, name).profile).toBe('cis');
    const runcmd = JSON.stringify(cloudConfig(objects, 'lab-cp-0').runcmd);
    expect(runcmd.indexOf('useradd')).toBeGreaterThan(-1);
    expect(runcmd.indexOf('useradd')).toBeLessThan(runcmd.indexOf('INSTALL_RKE2_TYPE'));
    expect(runcmd).toContain('/etc/sysctl.d/60-rke2-cis.conf');
    expect(JSON.stringify(cloudConfig(objects, 'lab-worker-0').runcmd)).not.toContain('useradd');
  });

  test('critical values are identical on every server and absent on agents', () => {
    const objects = synthCluster({ config: { cni: Cni.CILIUM, clusterCidr: '10.50.0.0/16', serviceCidr: '10.60.0.0/16' } });
    const pick = (c: any) => ({ cni: c.cni, 'cluster-cidr': c['cluster-cidr'], 'service-cidr': c['service-cidr'] });
    for (const name of SERVERS) expect(pick(rke2Config(objects, name))).toEqual({ cni: 'cilium', 'cluster-cidr': '10.50.0.0/16', 'service-cidr': '10.60.0.0/16' });
    expect(rke2Config(objects, 'lab-worker-0')['cluster-cidr']).toBeUndefined();
  });

  test('dedicated control plane taints servers only; pool labels and taints', () => {
    const objects = synthCluster({
      controlPlane: { replicas: 3, addresses: NodeAddresses.countFrom('10.2.0.21'), dedicated: true },
      workers: [{ replicas: 1, config: { nodeLabels: ['tier=app'] } }],
    });
    expect(rke2Config(objects, 'lab-cp-2')['node-taint']).toEqual(['CriticalAddonsOnly=true:NoExecute']);
    expect(rke2Config(objects, 'lab-worker-0')['node-taint']).toBeUndefined();
    expect(rke2Config(objects, 'lab-worker-0')['node-label']).toEqual(['tier=app']);
  });

  test('required host spread on request', () => {
    const objects = synthCluster({ requireHostSpread: true });
    const affinity = find(objects, 'VirtualMachine', 'lab-cp-0').spec.template.spec.affinity;
    expect(affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
  });

  test('air-gapped install: no download, artifact path in the install env', () => {
    const objects = synthCluster({ airGap: {}, installGuestAgent: false, enableGuestAgent: false });
    const cc = cloudConfig(objects, 'lab-cp-0');
    const runcmd = JSON.stringify(cc.runcmd);
    expect(runcmd).not.toContain('curl');
    expect(runcmd).not.toContain('qemu-guest-agent');
    expect(cc.packages).toBeUndefined();
    expect(cc.runcmd).toContainEqual(['env', 'INSTALL_RKE2_VERSION=v1.31.4+rke2r1', 'INSTALL_RKE2_TYPE=server', 'INSTALL_RKE2_ARTIFACT_PATH=/opt/rke2-artifacts', 'sh', '/opt/rke2-artifacts/install.sh']);
  });

  test('channel instead of version', () => {
    const objects = synthCluster({ release: Rke2Release.channel('v1.31') });
    expect(cloudConfig(objects, 'lab-cp-0').runcmd).toContainEqual(['env', 'INSTALL_RKE2_CHANNEL=v1.31', 'INSTALL_RKE2_TYPE=server', 'sh', '/usr/local/bin/rke2-install.sh']);
  });

  test('no empty keys: system-default-registry only when set', () => {
    expect(rke2Config(synthCluster(), 'lab-cp-0')['system-default-registry']).toBeUndefined();
    expect(rke2Config(synthCluster({ config: { systemDefaultRegistry: 'registry.lab:5000' } }), 'lab-worker-0')['system-default-registry']).toBe('registry.lab:5000');
  });

  test('registries.yaml: mirrors, auth and tls, 0600', () => {
    const { SecretValue } = jest.requireActual('../../lib');
    const objects = synthCluster({
      registries: {
        mirrors: [{ registry: 'docker.io', endpoints: ['https://mirror.lab:5000'], rewrite: { '^library/(.*)': 'hub/$1' } }],
        configs: [{ host: 'mirror.lab:5000', username: 'u', password: SecretValue.unsafePlainText('p4ss'), caFile: '/etc/ssl/lab.pem' }],
      },
    });
    const file = cloudConfig(objects, 'lab-worker-1').write_files.find((f: any) => f.path === '/etc/rancher/rke2/registries.yaml');
    expect(file.permissions).toBe('0600');
    const { parse } = jest.requireActual('yaml');
    expect(parse(file.content)).toEqual({
      mirrors: { 'docker.io': { endpoint: ['https://mirror.lab:5000'], rewrite: { '^library/(.*)': 'hub/$1' } } },
      configs: { 'mirror.lab:5000': { auth: { username: 'u', password: 'p4ss' }, tls: { ca_file: '/etc/ssl/lab.pem' } } },
    });
  });

  test('server files go to servers only; pool files to their pool', () => {
    const objects = synthCluster({
      serverFiles: [{ path: '/var/lib/rancher/rke2/server/manifests/x.yaml', content: 'kind: HelmChart\n' }],
      workers: [{ replicas: 1, files: [{ path: '/etc/worker-only', content: 'w\n' }] }],
    });
    const paths = (n: string) => cloudConfig(objects, n).write_files.map((f: any) => f.path);
    expect(paths('lab-cp-1')).toContain('/var/lib/rancher/rke2/server/manifests/x.yaml');
    expect(paths('lab-worker-0')).not.toContain('/var/lib/rancher/rke2/server/manifests/x.yaml');
    expect(paths('lab-worker-0')).toContain('/etc/worker-only');
  });

  test('per-pool sizing', () => {
    const objects = synthCluster({
      controlPlane: { replicas: 1, cpu: 8, memory: Size.gibibytes(16), diskSize: Size.gibibytes(50), addresses: NodeAddresses.list(['10.2.0.30']) },
      workers: [{ name: 'big', replicas: 1, cpu: 16 }],
    });
    const vm = find(objects, 'VirtualMachine', 'lab-cp-0').spec.template.spec.domain;
    expect(vm.cpu.cores).toBe(8);
    expect(vm.resources.limits.memory).toBe('16Gi');
    expect(find(objects, 'PersistentVolumeClaim', 'lab-cp-disk-0').spec.resources.requests.storage).toBe('50Gi');
    expect(find(objects, 'VirtualMachine', 'lab-big-0').spec.template.spec.domain.cpu.cores).toBe(16);
  });

  test('addWorkerPool adds a pool after construction', () => {
    const chart = newChart();
    const cluster = new Rke2Cluster(chart, 'cluster', clusterProps({ workers: [] }));
    cluster.addWorkerPool({ name: 'gpu', replicas: 1 });
    const { Testing } = jest.requireActual('cdk8s');
    expect(rke2Config(Testing.synth(chart), 'lab-gpu-0').server).toBe('https://10.2.0.20:9345');
  });
});

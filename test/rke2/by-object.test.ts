import { Testing } from 'cdk8s';
import { ClusterNetwork, HarvesterImage, HarvesterKeyPair, ImageOsType, Rke2Cluster, VmNetwork } from '../../lib';
import { clusterProps, cloudConfig, find, newChart } from './fixtures';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM9YZJophmxgc6Q5KpRpbjOHkwXSOmJehXi+/0b6Sb5t ops@example';

describe('Rke2Cluster takes the image, the VM network and key pairs by object', () => {
  test('a HarvesterImage of the app: every node disk clones it, with the storage class Harvester 1.6 gives it', () => {
    const chart = newChart();
    const image = new HarvesterImage(chart, 'noble', { name: 'ubuntu-24.04', url: 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img', osType: ImageOsType.UBUNTU });
    const keyPair = new HarvesterKeyPair(chart, 'ops', { name: 'ops', publicKey: KEY });
    const base = clusterProps();
    new Rke2Cluster(chart, 'cluster', clusterProps({ vm: { ...base.vm, image: undefined, storageClass: undefined, harvesterImage: image, keyPairs: [keyPair] } }));
    const objects = Testing.synth(chart);
    const disks = objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    expect(disks).toHaveLength(5);
    for (const pvc of disks) {
      expect(pvc.metadata.annotations['harvesterhci.io/imageId']).toBe('default/ubuntu-24.04');
      expect(pvc.spec.storageClassName).toBe('longhorn-ubuntu-24.04');
    }
    const vm = find(objects, 'VirtualMachine', 'lab-cp-0');
    expect(JSON.parse(vm.spec.template.metadata.annotations['harvesterhci.io/sshNames'])).toEqual(['default/ops']);
    expect(cloudConfig(objects, 'lab-worker-1').ssh_authorized_keys).toEqual(expect.arrayContaining([KEY]));
  });

  test('a VmNetwork of the app: every node on it, with its cluster network\'s node affinity term', () => {
    const chart = newChart();
    const data = new ClusterNetwork(chart, 'data', { name: 'data' });
    const net = new VmNetwork(chart, 'nodes', { name: 'nodes', clusterNetwork: data, vlanId: 30 });
    const base = clusterProps();
    new Rke2Cluster(chart, 'cluster', clusterProps({ vm: { ...base.vm, network: undefined, clusterNetwork: undefined, vmNetwork: net } }));
    const objects = Testing.synth(chart);
    for (const vm of objects.filter((o) => o.kind === 'VirtualMachine')) {
      expect(vm.spec.template.spec.networks).toEqual([{ name: 'default', multus: { networkName: 'default/nodes' } }]);
      expect(JSON.stringify(vm.spec.template.spec.affinity.nodeAffinity)).toContain('"key":"network.harvesterhci.io/data"');
    }
  });

  test('network and vmNetwork: exactly one; clusterNetwork only with the name', () => {
    const base = clusterProps();
    const net = (chart: any) => VmNetwork.fromName(chart, 'n', 'default/lab', { clusterNetwork: ClusterNetwork.mgmt(chart) });
    expect(() => {
      const chart = newChart();
      new Rke2Cluster(chart, 'cluster', clusterProps({ vm: { ...base.vm, vmNetwork: net(chart) } }));
    }).toThrow(/vm\.network.*cannot specify both vm\.network and vm\.vmNetwork/);
    expect(() => new Rke2Cluster(newChart(), 'cluster', clusterProps({ vm: { ...base.vm, network: undefined } }))).toThrow(/vm\.network.*is required: give vm\.network/);
    expect(() => {
      const chart = newChart();
      new Rke2Cluster(chart, 'cluster', clusterProps({ vm: { ...base.vm, network: undefined, vmNetwork: net(chart) } }));
    }).toThrow(/vm\.clusterNetwork.*comes with vm\.vmNetwork/);
  });

  test('image and harvesterImage: exactly one; a string image needs its storage class', () => {
    const base = clusterProps();
    const image = (chart: any) => HarvesterImage.fromName(chart, 'img', 'default/base', { storageClass: 'longhorn-base' });
    expect(() => {
      const chart = newChart();
      new Rke2Cluster(chart, 'cluster', clusterProps({ vm: { ...base.vm, harvesterImage: image(chart) } }));
    }).toThrow(/vm\.image.*cannot specify both vm\.image and vm\.harvesterImage/);
    expect(() => new Rke2Cluster(newChart(), 'cluster', clusterProps({ vm: { ...base.vm, image: undefined } }))).toThrow(/vm\.image.*is required: give vm\.image/);
    expect(() => new Rke2Cluster(newChart(), 'cluster', clusterProps({ vm: { ...base.vm, storageClass: undefined } }))).toThrow(/vm\.storageClass.*is required with vm\.image/);
  });
});

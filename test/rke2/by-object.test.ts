import { Testing } from 'cdk8s';
import { HarvesterImage, HarvesterKeyPair, ImageOsType, Rke2Cluster } from '../../lib';
import { clusterProps, cloudConfig, find, newChart } from './fixtures';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM9YZJophmxgc6Q5KpRpbjOHkwXSOmJehXi+/0b6Sb5t ops@example';

describe('Rke2Cluster takes the image and key pairs by object', () => {
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

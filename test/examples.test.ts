import { Testing } from 'cdk8s';
import { checkAllCloudInit, findObject, renderExternalSecrets } from './helpers/real-validators';
import { EnvironmentChart } from '../examples/environment';
import { Rke2ClusterChart } from '../examples/rke2-cluster';
import { SingleVmChart } from '../examples/single-vm';
import { checkPlatformRules } from '../lib/validation/private/platform-rules';
import { validateStructure } from '../lib/validation/private/structure';

function quietly<T>(fn: () => T): T {
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return fn();
  } finally {
    spy.mockRestore();
  }
}

describe('examples', () => {
  const app = Testing.app();
  const singleVm = quietly(() => Testing.synth(new SingleVmChart(app, 'single-vm')));
  const rke2 = quietly(() => Testing.synth(new Rke2ClusterChart(app, 'rke2')));
  const environment = quietly(() => Testing.synth(new EnvironmentChart(app, 'environment')));

  test('single VM: the VM, its key pair, backup schedule, cloud-init Secret and two PVCs', () => {
    expect(singleVm.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'KeyPair/ops', 'PersistentVolumeClaim/web-01-data', 'PersistentVolumeClaim/web-01-root', 'ScheduleVMBackup/web-01-backup', 'Secret/web-01-cloudinit', 'VirtualMachine/web-01',
    ]);
    const vm = findObject(singleVm, 'VirtualMachine', 'web-01');
    expect(vm.spec.template.spec.networks).toEqual([{ name: 'nic-1', multus: { networkName: 'default/lab-workload' } }]);
    expect(vm.spec.template.metadata.annotations['harvesterhci.io/sshNames']).toBe('["default/ops"]');
    const userdata: string = findObject(singleVm, 'Secret', 'web-01-cloudinit').stringData.userdata;
    expect(userdata).toContain('path: /var/www/html/index.html');
    expect(userdata).toContain('- mkfs.ext4 -L data /dev/vdb');
  });

  test('RKE2: 3 servers, 2 workers, the VIP objects', () => {
    expect(rke2.filter((o) => o.kind === 'VirtualMachine').map((o) => o.metadata.name)).toEqual(['mgmt-cp-0', 'mgmt-cp-1', 'mgmt-cp-2', 'mgmt-worker-0', 'mgmt-worker-1']);
    expect(findObject(rke2, 'LoadBalancer', 'mgmt-vip').spec.backendServerSelector).toEqual({ 'harvesterhci.io/vmName': ['mgmt-cp-0', 'mgmt-cp-1', 'mgmt-cp-2'] });
  });

  test('environment: everything an empty Harvester needs for one VM with backups, wired by object', () => {
    expect(environment.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ClusterNetwork/data', 'VlanConfig/data-all-nodes', 'NetworkAttachmentDefinition/workload', 'StorageClass/ssd-2r',
      'VirtualMachineImage/ubuntu-24-04', 'KeyPair/ops', 'Setting/backup-target', 'ExternalSecret/harvester-backup-target-secret',
      'PersistentVolumeClaim/app-01-root', 'PersistentVolumeClaim/app-01-data', 'ExternalSecret/app-01-cloudinit', 'VirtualMachine/app-01',
      'ScheduleVMBackup/app-01-backup', 'VirtualMachineBackup/app-01-before-upgrade',
    ]);
    const nad = findObject(environment, 'NetworkAttachmentDefinition', 'workload');
    expect(JSON.parse(nad.spec.config)).toMatchObject({ type: 'bridge', bridge: 'data-br', vlan: 120 });
    expect(findObject(environment, 'VlanConfig', 'data-all-nodes').spec.uplink.nics).toEqual(['eno2', 'eno3']);
    // the root disk clones the image with the storage class Harvester 1.6 gives it
    const root = findObject(environment, 'PersistentVolumeClaim', 'app-01-root');
    expect(root.metadata.annotations['harvesterhci.io/imageId']).toBe('team-a/ubuntu-24-04');
    expect(root.spec.storageClassName).toBe('longhorn-ubuntu-24-04');
    expect(findObject(environment, 'PersistentVolumeClaim', 'app-01-data').spec.storageClassName).toBe('ssd-2r');
    // the VM on the VM network, with the node affinity Harvester's mutator writes for its cluster network
    const vm = findObject(environment, 'VirtualMachine', 'app-01');
    expect(vm.spec.template.spec.networks).toEqual([{ name: 'nic-1', multus: { networkName: 'team-a/workload' } }]);
    expect(JSON.stringify(vm.spec.template.spec.affinity)).toContain('network.harvesterhci.io/data');
    expect(findObject(environment, 'ScheduleVMBackup', 'app-01-backup').spec.vmbackup.source.name).toBe('app-01');
    // the backup target's keys only as ExternalSecret references, never in clear
    const target = findObject(environment, 'Setting', 'backup-target');
    expect(JSON.parse(target.value)).toMatchObject({ type: 's3', bucketName: 'team-a-harvester-backups', accessKeyId: '', secretAccessKey: '' });
    expect(findObject(environment, 'ExternalSecret', 'harvester-backup-target-secret').spec.data.map((d: any) => d.remoteRef.property).sort()).toEqual(['access-key-id', 'secret-access-key']);
  });

  test.each([['single-vm', singleVm], ['rke2-cluster', rke2], ['environment', environment]])('%s: every object passes the strict schemas and platform rules', (_name, objects) => {
    expect(objects.flatMap((o: any) => validateStructure(o))).toEqual([]);
    expect(checkPlatformRules(objects)).toEqual([]);
  });

  test.each([['single-vm', singleVm], ['rke2-cluster', rke2], ['environment', environment]])('%s: cloud-init and netplan accept every cloud-config and network-config', (_name, objects) => {
    const rendered = renderExternalSecrets(objects);
    expect(rendered.filter((o: any) => o.kind === 'Secret').length).toBeGreaterThan(0);
    expect(checkAllCloudInit(rendered)).toEqual([]);
  });
});

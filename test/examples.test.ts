import { Testing } from 'cdk8s';
import { checkAllCloudInit, findObject, renderExternalSecrets } from './helpers/real-validators';
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

  test.each([['single-vm', singleVm], ['rke2-cluster', rke2]])('%s: every object passes the strict schemas and platform rules', (_name, objects) => {
    expect(objects.flatMap((o: any) => validateStructure(o))).toEqual([]);
    expect(checkPlatformRules(objects)).toEqual([]);
  });

  test.each([['single-vm', singleVm], ['rke2-cluster', rke2]])('%s: cloud-init and netplan accept every cloud-config and network-config', (_name, objects) => {
    const rendered = renderExternalSecrets(objects);
    expect(rendered.filter((o: any) => o.kind === 'Secret').length).toBeGreaterThan(0);
    expect(checkAllCloudInit(rendered)).toEqual([]);
  });
});

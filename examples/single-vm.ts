import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Command, DiskSource, HarvesterKeyPair, HarvesterVm, HarvesterVolume, NetworkConfig, NetworkSource, VmBackupSchedule,
} from '../lib';

/** One Ubuntu VM from a Harvester image, with a data disk, on a VM network, configured by cloud-init. */
export class SingleVmChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'default', ...props });

    const root = HarvesterVolume.fromImage(this, 'root', {
      name: 'web-01-root',
      image: 'default/ubuntu-24.04',
      // The image's status.storageClassName; Harvester ≥ 1.8 names it lh-<image uid>.
      storageClass: 'lh-5c7b2f3e-8d1a-4c7e-9f62-0d4b1e2a9c11',
      size: Size.gibibytes(40),
    });
    const ops = new HarvesterKeyPair(this, 'ops', {
      name: 'ops',
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJzobU7hu0gcE1HHY9xHvAvCfsw+8rFd6DZEWfg+3Zg1 ops@example',
    });
    const data = HarvesterVolume.blank(this, 'data', { name: 'web-01-data', size: Size.gibibytes(100) });

    // The VM owns its cloud-init, as an EC2 Instance owns its UserData: it writes the Secret
    // web-01-cloudinit itself. A CloudInitSecret of its own is for sharing one between VMs.
    const vm = new HarvesterVm(this, 'vm', {
      name: 'web-01',
      cpu: { cores: 2 },
      memory: Size.gibibytes(4),
      disks: [
        { name: 'root', source: DiskSource.volume(root), bootOrder: 1 },
        { name: 'data', source: DiskSource.volume(data) },
      ],
      networks: [{ name: 'nic-1', source: NetworkSource.vmNetwork('default/lab-workload', { clusterNetwork: 'mgmt' }) }],
      userData: {
        hostname: 'web-01',
        packages: ['qemu-guest-agent', 'nginx'],
      },
      networkConfig: NetworkConfig.staticAddress({
        address: '10.2.0.50/24',
        gateway: '10.2.0.1',
        nameservers: ['10.2.0.1'],
      }),
      // the key pair by object: Harvester's sshNames annotation, and the key in the VM's cloud-init
      keyPairs: [ops],
    });
    // a nightly backup to the cluster's backup target, keeping 8
    new VmBackupSchedule(this, 'nightly', { vm, cron: '0 2 * * *' });
    const userData = vm.userData!;
    userData.addFile({
      path: '/var/www/html/index.html',
      content: '<h1>Hello from GitVops</h1>\n',
      permissions: '0644',
      defer: true,
    });
    userData.addCommand(Command.exec('systemctl', 'enable', '--now', 'qemu-guest-agent.service'));
    userData.addCommand(Command.shell('mkfs.ext4 -L data /dev/vdb && mkdir -p /srv/data && mount LABEL=data /srv/data'));
  }
}

if (require.main === module) {
  const app = new App();
  new SingleVmChart(app, 'single-vm');
  app.synth();
}

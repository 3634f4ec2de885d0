import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BackupTarget, BackupTargetType, BondMode, ClusterNetwork, DiskSource, HarvesterImage, HarvesterKeyPair,
  HarvesterStorageClass, HarvesterVm, HarvesterVolume, ImageOsType, NetworkConfig, NetworkSource, SecretOutput,
  SecretValue, VlanConfig, VmBackup, VmBackupSchedule, VmNetwork, VmNetworkRoute, VmRestore,
} from '../lib';

/**
 * A restore drill is a reviewed pull request: set this to true, review `gitvops diff`, merge;
 * after the drill, set it back (the restore object goes first, then the restored VM by hand).
 */
const RESTORE_DRILL = false;

/**
 * Everything a new team applies to an empty Harvester (1.6) to run one VM with backups: the
 * uplink (cluster network + VLAN config), a VM network, an image with its checksum, a storage
 * class, a key pair, the backup target, the VM with a nightly backup schedule, and — behind
 * RESTORE_DRILL — a restore of its last backup into a new VM.
 */
export class EnvironmentChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'team-a', ...props });
    // credentials reach the cluster as ExternalSecrets of the team's vault, never in clear
    SecretOutput.setDefault(this, SecretOutput.externalSecret({ storeName: 'team-vault' }));

    // the uplink: two bonded NICs on every node, VLAN trunk for the VM networks
    const uplink = new ClusterNetwork(this, 'uplink', { name: 'data' });
    new VlanConfig(this, 'uplink-nics', {
      name: 'data-all-nodes',
      clusterNetwork: uplink,
      nics: ['eno2', 'eno3'],
      bondMode: BondMode.ACTIVE_BACKUP,
      mtu: 1500,
    });
    const workload = new VmNetwork(this, 'workload', {
      name: 'workload',
      clusterNetwork: uplink,
      vlanId: 120,
      route: VmNetworkRoute.manual('10.12.0.0/24', '10.12.0.1'),
    });

    // two replicas on SSD-tagged disks, for the image and the VM's disks
    const ssd = new HarvesterStorageClass(this, 'ssd', { name: 'ssd-2r', replicas: 2, diskSelector: ['ssd'] });
    const noble = new HarvesterImage(this, 'noble', {
      name: 'ubuntu-24-04',
      displayName: 'ubuntu-24.04-noble',
      url: 'https://cloud-images.ubuntu.com/releases/noble/release-20261115/ubuntu-24.04-server-cloudimg-amd64.img',
      checksum: '6c3c1b8d2f5e4a7b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d',
      osType: ImageOsType.UBUNTU,
      storageClass: ssd,
    });
    const ops = new HarvesterKeyPair(this, 'ops', {
      name: 'ops',
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJzobU7hu0gcE1HHY9xHvAvCfsw+8rFd6DZEWfg+3Zg1 ops@example',
    });

    // where backups go: an S3 bucket; the keys come from the vault
    new BackupTarget(this, 'backups', {
      type: BackupTargetType.S3,
      endpoint: 'https://s3.eu-central-1.amazonaws.com',
      bucketName: 'team-a-harvester-backups',
      bucketRegion: 'eu-central-1',
      accessKeyId: SecretValue.fromRemote('harvester/backup-target', { property: 'access-key-id' }),
      secretAccessKey: SecretValue.fromRemote('harvester/backup-target', { property: 'secret-access-key' }),
    });

    const root = HarvesterVolume.fromHarvesterImage(this, 'root', { name: 'app-01-root', image: noble, size: Size.gibibytes(40) });
    const data = HarvesterVolume.blank(this, 'data', { name: 'app-01-data', size: Size.gibibytes(200), storageClass: ssd.storageClassName });
    const vm = new HarvesterVm(this, 'app', {
      name: 'app-01',
      cpu: { cores: 4 },
      memory: Size.gibibytes(8),
      disks: [
        { name: 'root', source: DiskSource.volume(root), bootOrder: 1 },
        { name: 'data', source: DiskSource.volume(data) },
      ],
      networks: [{ name: 'nic-1', source: NetworkSource.fromVmNetwork(workload) }],
      userData: { hostname: 'app-01', packages: ['qemu-guest-agent'] },
      networkConfig: NetworkConfig.staticAddress({ address: '10.12.0.10/24', gateway: '10.12.0.1', nameservers: ['10.12.0.1'] }),
      keyPairs: [ops],
    });
    new VmBackupSchedule(this, 'nightly', { vm, cron: '30 2 * * *', retain: 14 });
    // a backup taken once, before a risky change (and the source of the drill)
    const before = new VmBackup(this, 'before-upgrade', { name: 'app-01-before-upgrade', vm });

    if (RESTORE_DRILL) {
      new VmRestore(this, 'drill', { name: 'app-01-drill', backup: before, newVmName: 'app-01-drill' });
    }
  }
}

if (require.main === module) {
  const app = new App();
  new EnvironmentChart(app, 'environment');
  app.synth();
}

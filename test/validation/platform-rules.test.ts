import { Size, Testing } from 'cdk8s';
import { checkCloudInitData } from '../../lib/validation/private/cloud-init-data';
import { checkPlatformRules } from '../../lib/validation/private/platform-rules';
import { RULES } from '../../lib/validation/private/rules';
import {
  CloudInitSecret, DiskSource, Firmware, HarvesterVm, HarvesterVolume, NetworkConfig, NetworkSource, Rke2Cluster, SecretOutput, SecretValue,
} from '../../lib';

/** A valid app: a VM with a PVC, cloud-init Secret, pod + multus network; plus an RKE2 endpoint. */
function validObjects(): any[] {
  const chart = Testing.chart();
  const root = HarvesterVolume.fromImage(chart, 'root', { name: 'vm-root', image: 'default/img', storageClass: 'lh-1', size: Size.gibibytes(10) });
  const cloudInit = new CloudInitSecret(chart, 'ci', { name: 'vm-ci', networkConfig: NetworkConfig.dhcp() });
  new HarvesterVm(chart, 'vm', {
    name: 'vm',
    reservedMemory: Size.mebibytes(256),
    disks: [{ name: 'root', source: DiskSource.volume(root), bootOrder: 1 }],
    networks: [
      { name: 'default', source: NetworkSource.pod() },
      { name: 'nic-2', source: NetworkSource.vmNetwork('default/net'), macAddress: '52:54:00:00:00:01' },
    ],
    cloudInit,
  });
  SecretOutput.setDefault(chart, SecretOutput.unsafePlainText());
  new Rke2Cluster(chart, 'rke2', {
    name: 'k', token: SecretValue.unsafePlainText('t'), controlPlane: { replicas: 1 },
    endpoint: { vip: '10.0.0.10', subnet: '10.0.0.0/24', gateway: '10.0.0.1' },
    vm: { image: 'default/img', storageClass: 'lh-1', network: 'default/net' },
  });
  return Testing.synth(chart);
}

const VM = (o: any[]) => o.find((x) => x.kind === 'VirtualMachine' && x.metadata.name === 'vm');
const T = (o: any[]) => VM(o).spec.template.spec;
const LB = (o: any[]) => o.find((x) => x.kind === 'LoadBalancer');
const POOL = (o: any[]) => o.find((x) => x.kind === 'IPPool');
const add = (o: any[], obj: any) => o.push(obj);
const backup = (name: string, cron: string, vm = 'vm', maxFailure = 2, retain = 8) => ({
  apiVersion: 'harvesterhci.io/v1beta1', kind: 'ScheduleVMBackup', metadata: { name, namespace: 'default' },
  spec: { cron, maxFailure, retain, vmbackup: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: vm } } },
});
const image = (displayName: any) => ({
  apiVersion: 'harvesterhci.io/v1beta1', kind: 'VirtualMachineImage', metadata: { name: 'img', namespace: 'default' },
  spec: { displayName, sourceType: 'download', url: 'https://example.com/x.img' },
});

const VCT_OK = JSON.stringify([{ metadata: { name: 'vm-data' }, spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '10Gi' } }, volumeMode: 'Block', storageClassName: 'lh-1' } }]);
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINJQTlK4sHSEoraQ5/+u3qvpEyDAkBKETQ98gcLscuiC ops@example';
const secretOf = (o: any[]) => o.find((x) => x.kind === 'Secret' && x.metadata.name === 'vm-ci');
const netdata = (o: any[], doc: any) => { secretOf(o).stringData.networkdata = JSON.stringify({ network: doc }); };
const userdata = (o: any[], text: string) => { secretOf(o).stringData.userdata = text; };

interface Case {
  /** The rule. */
  name: string;
  /** Breaks it. */
  bad: (o: any[]) => void;
  /** A near miss that keeps the rule (the valid twin). */
  good: (o: any[]) => void;
  field: string;
  message: RegExp;
}

const cases: Case[] = [
  { name: 'running and runStrategy both set', bad: (o) => { VM(o).spec.running = true; }, good: (o) => { delete VM(o).spec.runStrategy; VM(o).spec.running = true; }, field: 'spec.runStrategy', message: /exactly one of spec.running and spec.runStrategy/ },
  { name: 'neither running nor runStrategy', bad: (o) => { delete VM(o).spec.runStrategy; }, good: (o) => { VM(o).spec.runStrategy = 'Manual'; }, field: 'spec.runStrategy', message: /exactly one/ },
  { name: 'runStrategy value', bad: (o) => { VM(o).spec.runStrategy = 'Bogus'; }, good: (o) => { VM(o).spec.runStrategy = 'Halted'; }, field: 'spec.runStrategy', message: /must be one of: Always, RerunOnFailure, Manual, Halted, Once/ },
  { name: 'disk without volume', bad: (o) => { T(o).domain.devices.disks.push({ name: 'data', disk: { bus: 'virtio' } }); }, good: (o) => { T(o).domain.devices.disks.push({ name: 'data', disk: { bus: 'virtio' } }); T(o).volumes.push({ name: 'data', containerDisk: { image: 'x' } }); }, field: 'spec.template.spec.domain.devices.disks[2].name', message: /disk "data" has no volume of the same name \(volumes: root, cloudinitdisk\)/ },
  { name: 'volume without disk', bad: (o) => { T(o).volumes.push({ name: 'extra', containerDisk: { image: 'x' } }); }, good: (o) => { T(o).volumes.push({ name: 'extra', containerDisk: { image: 'x' } }); T(o).domain.devices.disks.push({ name: 'extra', disk: {} }); }, field: 'spec.template.spec.volumes[2].name', message: /volume "extra" has no disk/ },
  { name: 'duplicate disk name', bad: (o) => { T(o).domain.devices.disks.push({ name: 'root', disk: {} }); }, good: (o) => { T(o).domain.devices.disks.push({ name: 'root2', disk: {} }); T(o).volumes.push({ name: 'root2', emptyDisk: { capacity: '1Gi' } }); }, field: 'spec.template.spec.domain.devices.disks', message: /disk name "root" is used more than once/ },
  { name: 'duplicate volume name', bad: (o) => { T(o).volumes.push({ name: 'root', containerDisk: { image: 'x' } }); }, good: () => undefined, field: 'spec.template.spec.volumes', message: /volume name "root" is used more than once/ },
  { name: 'two sources in a volume', bad: (o) => { T(o).volumes[0].containerDisk = { image: 'x' }; }, good: (o) => { T(o).volumes[0] = { name: 'root', containerDisk: { image: 'x' } }; }, field: 'spec.template.spec.volumes[0]', message: /exactly one source/ },
  { name: 'two targets in a disk', bad: (o) => { T(o).domain.devices.disks[0].cdrom = { bus: 'sata' }; }, good: (o) => { T(o).domain.devices.disks[0] = { name: 'root', cdrom: { bus: 'sata' } }; }, field: 'spec.template.spec.domain.devices.disks[0]', message: /exactly one target/ },
  { name: 'unknown bus', bad: (o) => { T(o).domain.devices.disks[0].disk.bus = 'ide'; }, good: (o) => { T(o).domain.devices.disks[0].disk.bus = 'scsi'; }, field: 'spec.template.spec.domain.devices.disks[0].disk.bus', message: /must be one of: virtio, sata, scsi, usb/ },
  { name: 'cdrom on virtio', bad: (o) => { T(o).domain.devices.disks[0] = { name: 'root', cdrom: { bus: 'virtio' } }; }, good: (o) => { T(o).domain.devices.disks[0] = { name: 'root', cdrom: { bus: 'scsi' } }; }, field: 'spec.template.spec.domain.devices.disks[0].cdrom.bus', message: /cdrom cannot use the virtio bus/ },
  { name: 'read-only sata disk', bad: (o) => { T(o).domain.devices.disks[0].disk = { bus: 'sata', readonly: true }; }, good: (o) => { T(o).domain.devices.disks[0].disk = { bus: 'virtio', readonly: true }; }, field: 'spec.template.spec.domain.devices.disks[0].disk.readonly', message: /sata disk cannot be read-only/ },
  { name: 'bootOrder 0', bad: (o) => { T(o).domain.devices.disks[0].bootOrder = 0; }, good: (o) => { T(o).domain.devices.disks[0].bootOrder = 2; }, field: 'spec.template.spec.domain.devices.disks[0].bootOrder', message: /integer ≥ 1/ },
  { name: 'bootOrder shared by a disk and an interface', bad: (o) => { T(o).domain.devices.interfaces[0].bootOrder = 1; }, good: (o) => { T(o).domain.devices.interfaces[0].bootOrder = 2; }, field: 'spec.template.spec.domain.devices.interfaces[0].bootOrder', message: /unique across disks and interfaces/ },
  { name: 'inline userData over 2048 bytes', bad: (o) => { T(o).volumes[1].cloudInitNoCloud = { userData: `#cloud-config\n${'x'.repeat(2100)}` }; }, good: (o) => { T(o).volumes[1].cloudInitNoCloud = { userData: `#cloud-config\n# ${'x'.repeat(2000)}\n` }; }, field: 'spec.template.spec.volumes[1].cloudInitNoCloud.userData', message: /limited to 2048 bytes; use a Secret/ },
  { name: 'inline networkData over 2048 bytes', bad: (o) => { T(o).volumes[1].cloudInitNoCloud = { userData: '#cloud-config\n', networkData: 'n'.repeat(3000) }; }, good: (o) => { T(o).volumes[1].cloudInitNoCloud = { userData: '#cloud-config\n', networkData: `version: 2\n# ${'n'.repeat(2030)}\n` }; }, field: 'spec.template.spec.volumes[1].cloudInitNoCloud.networkData', message: /limited to 2048 bytes/ },
  { name: 'interface without network', bad: (o) => { T(o).networks.pop(); T(o).domain.devices.interfaces[1].bridge = {}; }, good: (o) => { T(o).networks.pop(); T(o).domain.devices.interfaces.pop(); }, field: 'spec.template.spec.domain.devices.interfaces[1].name', message: /interface "nic-2" has no network/ },
  { name: 'network without interface', bad: (o) => { T(o).domain.devices.interfaces.pop(); }, good: (o) => { T(o).domain.devices.interfaces.pop(); T(o).networks.pop(); }, field: 'spec.template.spec.networks[1].name', message: /network "nic-2" has no interface/ },
  { name: 'duplicate interface name', bad: (o) => { T(o).domain.devices.interfaces.push({ name: 'default', bridge: {} }); }, good: () => undefined, field: 'spec.template.spec.domain.devices.interfaces', message: /interface name "default" is used more than once/ },
  { name: 'interface name pattern', bad: (o) => { T(o).domain.devices.interfaces[1].name = 'nic 2'; T(o).networks[1].name = 'nic 2'; }, good: (o) => { T(o).domain.devices.interfaces[1].name = 'nic_2'; T(o).networks[1].name = 'nic_2'; }, field: 'spec.template.spec.domain.devices.interfaces[1].name', message: /must match/ },
  { name: 'two bindings', bad: (o) => { T(o).domain.devices.interfaces[1].masquerade = {}; }, good: () => undefined, field: 'spec.template.spec.domain.devices.interfaces[1]', message: /exactly one binding/ },
  { name: 'no binding', bad: (o) => { delete T(o).domain.devices.interfaces[1].bridge; }, good: (o) => { delete T(o).domain.devices.interfaces[1].bridge; T(o).domain.devices.interfaces[1].sriov = {}; }, field: 'spec.template.spec.domain.devices.interfaces[1]', message: /exactly one binding/ },
  { name: 'masquerade on a multus network', bad: (o) => { const i = T(o).domain.devices.interfaces[1]; delete i.bridge; i.masquerade = {}; }, good: (o) => { const i = T(o).domain.devices.interfaces[0]; delete i.masquerade; i.bridge = {}; }, field: 'spec.template.spec.domain.devices.interfaces[1].masquerade', message: /masquerade works only on the pod network/ },
  { name: 'multus without networkName', bad: (o) => { T(o).networks[1].multus = {}; }, good: (o) => { T(o).networks[1].multus = { networkName: 'other/net' }; }, field: 'spec.template.spec.networks[1].multus.networkName', message: /needs networkName/ },
  { name: 'network with two sources', bad: (o) => { T(o).networks[1].pod = {}; }, good: () => undefined, field: 'spec.template.spec.networks[1]', message: /exactly one source: pod or multus/ },
  { name: 'interface model', bad: (o) => { T(o).domain.devices.interfaces[1].model = 'vmxnet3'; }, good: (o) => { T(o).domain.devices.interfaces[1].model = 'e1000e'; }, field: 'spec.template.spec.domain.devices.interfaces[1].model', message: /must be one of: virtio, e1000, e1000e, igb, ne2k_pci, pcnet, rtl8139/ },
  { name: 'MAC format', bad: (o) => { T(o).domain.devices.interfaces[1].macAddress = '52:54:00:00:00'; }, good: (o) => { T(o).domain.devices.interfaces[1].macAddress = '52-54-00-00-00-02'; }, field: 'spec.template.spec.domain.devices.interfaces[1].macAddress', message: /must be a MAC address/ },
  { name: 'no memory at all', bad: (o) => { delete T(o).domain.memory; delete T(o).domain.resources.limits.memory; delete VM(o).metadata.annotations; }, good: (o) => { delete T(o).domain.memory; delete VM(o).metadata.annotations; }, field: 'spec.template.spec.domain.memory.guest', message: /memory must be set/ },
  { name: 'memory request above limit', bad: (o) => { T(o).domain.resources.requests = { memory: '8Gi' }; }, good: (o) => { T(o).domain.resources.requests = { memory: '2Gi' }; }, field: 'spec.template.spec.domain.resources.requests.memory', message: /must be ≤ limits.memory \(4Gi\)/ },
  { name: 'guest above limit', bad: (o) => { T(o).domain.memory.guest = '5Gi'; }, good: (o) => { T(o).domain.memory.guest = '3Gi'; }, field: 'spec.template.spec.domain.memory.guest', message: /must be ≤ resources.limits.memory \(4Gi\)/ },
  { name: 'cpu request above limit', bad: (o) => { T(o).domain.resources.requests = { cpu: '3' }; }, good: (o) => { T(o).domain.resources.requests = { cpu: '200m' }; }, field: 'spec.template.spec.domain.resources.requests.cpu', message: /must be ≤ limits.cpu \(2\)/ },
  { name: 'reservedMemory not below the limit', bad: (o) => { VM(o).metadata.annotations['harvesterhci.io/reservedMemory'] = '4Gi'; }, good: (o) => { VM(o).metadata.annotations['harvesterhci.io/reservedMemory'] = '100Mi'; }, field: 'metadata.annotations.harvesterhci.io/reservedMemory', message: /must be less than resources.limits.memory/ },
  { name: 'guest + reserved above the limit', bad: (o) => { VM(o).metadata.annotations['harvesterhci.io/reservedMemory'] = '1Gi'; }, good: (o) => { VM(o).metadata.annotations['harvesterhci.io/reservedMemory'] = '256Mi'; }, field: 'metadata.annotations.harvesterhci.io/reservedMemory', message: /memory.guest \+ reservedMemory must be ≤/ },
  { name: 'hostname with a dot', bad: (o) => { T(o).hostname = 'vm.example'; }, good: (o) => { T(o).hostname = 'vm-example'; }, field: 'spec.template.spec.hostname', message: /DNS-1123 label/ },
  { name: 'subdomain', bad: (o) => { T(o).subdomain = 'Bad_Sub'; }, good: (o) => { T(o).subdomain = 'svc.example'; }, field: 'spec.template.spec.subdomain', message: /DNS-1123 subdomain/ },
  { name: 'EFI and BIOS together', bad: (o) => { T(o).domain.firmware.bootloader.efi = { secureBoot: false }; }, good: (o) => { T(o).domain.firmware.bootloader = { efi: { secureBoot: false } }; }, field: 'spec.template.spec.domain.firmware.bootloader', message: /mutually exclusive/ },
  { name: 'secure boot (unset) without SMM', bad: (o) => { T(o).domain.firmware.bootloader = { efi: {} }; }, good: (o) => { T(o).domain.firmware.bootloader = { efi: {} }; T(o).domain.features = { smm: { enabled: true } }; }, field: 'spec.template.spec.domain.features.smm.enabled', message: /needs features.smm.enabled: true/ },
  { name: 'input device type', bad: (o) => { T(o).domain.devices.inputs = [{ name: 'i', type: 'mouse', bus: 'usb' }]; }, good: (o) => { T(o).domain.devices.inputs = [{ name: 'i', type: 'tablet', bus: 'usb' }]; }, field: 'spec.template.spec.domain.devices.inputs[0].type', message: /must be tablet/ },
  { name: 'input device bus', bad: (o) => { T(o).domain.devices.inputs = [{ name: 'i', type: 'tablet', bus: 'ps2' }]; }, good: (o) => { T(o).domain.devices.inputs = [{ name: 'i', type: 'tablet', bus: 'virtio' }]; }, field: 'spec.template.spec.domain.devices.inputs[0].bus', message: /virtio or usb/ },
  { name: 'reserved kubevirt.io/ template label', bad: (o) => { VM(o).spec.template.metadata.labels['kubevirt.io/domain'] = 'x'; }, good: (o) => { VM(o).spec.template.metadata.labels['example.io/domain'] = 'x'; }, field: 'spec.template.metadata.labels.kubevirt.io/domain', message: /reserved kubevirt.io\/ prefix/ },
  { name: 'volumeClaimTemplates not JSON', bad: (o) => { VM(o).metadata.annotations['harvesterhci.io/volumeClaimTemplates'] = '[{'; }, good: (o) => { VM(o).metadata.annotations['harvesterhci.io/volumeClaimTemplates'] = '[]'; }, field: 'metadata.annotations.harvesterhci.io/volumeClaimTemplates', message: /JSON array/ },
  { name: 'volumeClaimTemplates entry without name', bad: (o) => { VM(o).metadata.annotations['harvesterhci.io/volumeClaimTemplates'] = '[{"metadata":{}}]'; }, good: (o) => { VM(o).metadata.annotations['harvesterhci.io/volumeClaimTemplates'] = VCT_OK; }, field: 'metadata.annotations.harvesterhci.io/volumeClaimTemplates[0].metadata.name', message: /needs metadata.name/ },
  { name: 'volumeClaimTemplates entry without access modes or storage', bad: (o) => { VM(o).metadata.annotations['harvesterhci.io/volumeClaimTemplates'] = '[{"metadata":{"name":"d"},"spec":{"resources":{"requests":{"storage":"0"}}}}]'; }, good: (o) => { VM(o).metadata.annotations['harvesterhci.io/volumeClaimTemplates'] = VCT_OK; }, field: 'metadata.annotations.harvesterhci.io/volumeClaimTemplates[0].spec.resources.requests.storage', message: /a storage request \(a quantity > 0\) is required/ },
  { name: 'volumeClaimTemplates access mode', bad: (o) => { VM(o).metadata.annotations['harvesterhci.io/volumeClaimTemplates'] = VCT_OK.replace('ReadWriteMany', 'ReadWriteSometimes'); }, good: (o) => { VM(o).metadata.annotations['harvesterhci.io/volumeClaimTemplates'] = VCT_OK.replace('ReadWriteMany', 'ReadWriteOnce'); }, field: 'metadata.annotations.harvesterhci.io/volumeClaimTemplates[0].spec.accessModes[0]', message: /must be one of: ReadWriteOnce, ReadWriteMany, ReadOnlyMany, ReadWriteOncePod/ },
  { name: 'claim neither in the output nor declared by volumeClaimTemplates', bad: (o) => { T(o).volumes[0].persistentVolumeClaim.claimName = 'vm-data'; }, good: (o) => { T(o).volumes[0].persistentVolumeClaim.claimName = 'vm-data'; VM(o).metadata.annotations['harvesterhci.io/volumeClaimTemplates'] = VCT_OK; }, field: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName', message: /no PersistentVolumeClaim of that name/ },
  { name: 'machine type outside the emulated machines', bad: (o) => { T(o).domain.machine = { type: 'pc-i440fx-rhel7.6.0' }; }, good: (o) => { T(o).domain.machine = { type: 'pc-q35-rhel8.6.0' }; }, field: 'spec.template.spec.domain.machine.type', message: /not a machine type KubeVirt accepts by default \(emulated machines: q35\*, pc-q35\*\)/ },
  { name: 'network-config match.macaddress matching no NIC', bad: (o) => { netdata(o, { version: 2, ethernets: { lan: { match: { macaddress: '52:54:00:00:00:99' }, dhcp4: true } } }); }, good: (o) => { netdata(o, { version: 2, ethernets: { lan: { match: { macaddress: '52:54:00:00:00:01' }, addresses: ['10.0.0.5/24'] } } }); }, field: 'stringData.networkdata.ethernets.lan.match.macaddress', message: /matches no interface of VirtualMachine default\/vm \(fixed MACs: 52:54:00:00:00:01; an interface without macAddress gets a random one\)/ },
  { name: 'static address on the masquerade NIC', bad: (o) => { netdata(o, { version: 2, ethernets: { enp1s0: { addresses: ['10.0.2.5/24'] } } }); }, good: (o) => { netdata(o, { version: 2, ethernets: { enp1s0: { dhcp4: true }, enp2s0: { addresses: ['10.0.0.5/24'] } } }); }, field: 'stringData.networkdata.ethernets.enp1s0.addresses', message: /interface "default" of VirtualMachine default\/vm is masquerade on the pod network/ },
  { name: 'cloud-config value of the wrong type inside a known key (cloud-init schema)', bad: (o) => { userdata(o, '#cloud-config\npackages: nginx\nwrite_files:\n  - path: /etc/x\n    permissions: 644\n'); }, good: (o) => { userdata(o, "#cloud-config\npackages: [nginx]\nwrite_files:\n  - path: /etc/x\n    permissions: '0644'\n"); }, field: 'stringData.userdata.packages', message: /must be array/ },
  { name: 'PVC access mode', bad: (o) => { o.find((x) => x.metadata.name === 'vm-root').spec.accessModes = ['RWX']; }, good: (o) => { o.find((x) => x.metadata.name === 'vm-root').spec.accessModes = ['ReadWriteOncePod']; }, field: 'spec.accessModes[0]', message: /must be one of: ReadWriteOnce, ReadWriteMany, ReadOnlyMany, ReadWriteOncePod/ },
  { name: 'PVC without a storage request', bad: (o) => { o.find((x) => x.metadata.name === 'vm-root').spec.resources.requests.storage = '0'; }, good: (o) => { o.find((x) => x.metadata.name === 'vm-root').spec.resources.requests.storage = '1Ki'; }, field: 'spec.resources.requests.storage', message: /a storage request \(a quantity > 0\) is required/ },
  { name: 'Secret data key', bad: (o) => { secretOf(o).stringData['user data'] = 'x'; }, good: (o) => { secretOf(o).stringData['user.data-2_x'] = 'x'; }, field: 'stringData.user data', message: /a data key is at most 253 characters/ },
  { name: 'network-config key netplan does not know', bad: (o) => { netdata(o, { version: 2, ethernets: { enp2s0: { dhcp: true } } }); }, good: (o) => { netdata(o, { version: 2, ethernets: { enp2s0: { dhcp4: true } } }); }, field: 'stringData.networkdata.ethernets.enp2s0.dhcp', message: /is not a netplan ethernet key/ },
  { name: 'disk name not a DNS label', bad: (o) => { T(o).domain.devices.disks[0].name = 'Root_Disk'; T(o).volumes[0].name = 'Root_Disk'; }, good: (o) => { T(o).domain.devices.disks[0].name = 'root-disk'; T(o).volumes[0].name = 'root-disk'; }, field: 'spec.template.spec.domain.devices.disks[0].name', message: /a DNS-1123 label/ },
  { name: 'disk PCI address', bad: (o) => { T(o).domain.devices.disks[0].disk.pciAddress = '0000:00:0a'; }, good: (o) => { T(o).domain.devices.disks[0].disk.pciAddress = '0000:00:0a.0'; }, field: 'spec.template.spec.domain.devices.disks[0].disk.pciAddress', message: /must be a PCI address/ },
  { name: 'dedicated IO thread off virtio', bad: (o) => { T(o).domain.devices.disks[0].disk.bus = 'scsi'; T(o).domain.devices.disks[0].dedicatedIOThread = true; }, good: (o) => { T(o).domain.devices.disks[0].dedicatedIOThread = true; }, field: 'spec.template.spec.domain.devices.disks[0].dedicatedIOThread', message: /IOThreads are not supported for disks on a scsi bus/ },
  { name: 'disk serial characters', bad: (o) => { T(o).domain.devices.disks[0].serial = 'disk 0'; }, good: (o) => { T(o).domain.devices.disks[0].serial = 'disk_0.a+b-c'; }, field: 'spec.template.spec.domain.devices.disks[0].serial', message: /must be made up of/ },
  { name: 'disk cache mode', bad: (o) => { T(o).domain.devices.disks[0].cache = 'unsafe'; }, good: (o) => { T(o).domain.devices.disks[0].cache = 'writethrough'; T(o).domain.devices.disks[0].io = 'native'; T(o).domain.devices.disks[0].errorPolicy = 'report'; }, field: 'spec.template.spec.domain.devices.disks[0].cache', message: /must be one of: none, writethrough, writeback/ },
  { name: 'disk custom block size', bad: (o) => { T(o).domain.devices.disks[0].blockSize = { custom: { logical: 1000, physical: 4096 } }; }, good: (o) => { T(o).domain.devices.disks[0].blockSize = { custom: { logical: 512, physical: 4096 } }; }, field: 'spec.template.spec.domain.devices.disks[0].blockSize.custom.logical', message: /power of 2 from 512/ },
  { name: 'fractional CPU with dedicated placement', bad: (o) => { T(o).domain.cpu.dedicatedCpuPlacement = true; T(o).domain.resources.limits.cpu = '1500m'; }, good: (o) => { T(o).domain.resources.limits.cpu = '1500m'; }, field: 'spec.template.spec.domain.resources.limits.cpu', message: /whole number of cores/ },
  { name: 'negative or tiny memory request', bad: (o) => { T(o).domain.resources.requests = { memory: '100k' }; }, good: (o) => { T(o).domain.resources.requests = { memory: '1M' }; }, field: 'spec.template.spec.domain.resources.requests.memory', message: /at least 1M/ },
  { name: 'firmware serial too long', bad: (o) => { T(o).domain.firmware.serial = 'x'.repeat(257); }, good: (o) => { T(o).domain.firmware.serial = 'x'.repeat(256); }, field: 'spec.template.spec.domain.firmware.serial', message: /at most 256 characters/ },
  { name: 'cloud-init volume with two user-data sources', bad: (o) => { T(o).volumes[1].cloudInitNoCloud.userData = '#cloud-config\n'; }, good: (o) => { T(o).volumes[1].cloudInitNoCloud = { userData: '#cloud-config\n' }; }, field: 'spec.template.spec.volumes[1].cloudInitNoCloud', message: /only one userData source: secretRef, userDataBase64 or userData/ },
  { name: 'cloud-init volume with no source', bad: (o) => { T(o).volumes[1].cloudInitNoCloud = {}; }, good: (o) => { T(o).volumes[1].cloudInitNoCloud = { networkDataSecretRef: { name: 'vm-ci' } }; }, field: 'spec.template.spec.volumes[1].cloudInitNoCloud', message: /needs at least one user-data or network-data source/ },
  { name: 'userDataBase64 not base64', bad: (o) => { T(o).volumes[1].cloudInitNoCloud = { userDataBase64: 'not base64!' }; }, good: (o) => { T(o).volumes[1].cloudInitNoCloud = { userDataBase64: Buffer.from('#cloud-config\n').toString('base64') }; }, field: 'spec.template.spec.volumes[1].cloudInitNoCloud.userDataBase64', message: /not a valid base64 value/ },
  { name: 'configMap volume without a name', bad: (o) => { T(o).domain.devices.disks.push({ name: 'cfg', disk: { bus: 'virtio' } }); T(o).volumes.push({ name: 'cfg', configMap: {} }); }, good: (o) => { T(o).domain.devices.disks.push({ name: 'cfg', disk: { bus: 'virtio' } }); T(o).volumes.push({ name: 'cfg', configMap: { name: 'settings' } }); }, field: 'spec.template.spec.volumes[2].configMap.name', message: /is required for a configMap volume/ },
  { name: 'two pod networks', bad: (o) => { T(o).networks[1] = { name: 'nic-2', pod: {} }; T(o).domain.devices.interfaces[1] = { name: 'nic-2', masquerade: {}, model: 'virtio' }; }, good: (o) => { T(o).networks[1] = { name: 'nic-2', multus: { networkName: 'default/net' } }; }, field: 'spec.template.spec.networks', message: /at most one interface on the pod network/ },
  { name: 'forwarded port out of range', bad: (o) => { T(o).domain.devices.interfaces[0].ports = [{ name: 'http', port: 70000 }]; }, good: (o) => { T(o).domain.devices.interfaces[0].ports = [{ name: 'http', port: 80, protocol: 'TCP' }]; }, field: 'spec.template.spec.domain.devices.interfaces[0].ports[0].port', message: /0 < x < 65536/ },
  { name: 'DHCP private option out of range', bad: (o) => { T(o).domain.devices.interfaces[0].dhcpOptions = { privateOptions: [{ option: 100, value: 'x' }] }; }, good: (o) => { T(o).domain.devices.interfaces[0].dhcpOptions = { privateOptions: [{ option: 240, value: 'x' }], ntpServers: ['10.0.0.1'] }; }, field: 'spec.template.spec.domain.devices.interfaces[0].dhcpOptions.privateOptions[0].option', message: /224 to 254/ },
  { name: 'finalizer without a domain', bad: (o) => { VM(o).metadata.finalizers = ['cleanup']; }, good: (o) => { VM(o).metadata.finalizers = ['gitvops.io/cleanup', 'kubernetes']; }, field: 'metadata.finalizers[0]', message: /a finalizer is a qualified name/ },
  { name: 'annotations over 256 KiB', bad: (o) => { VM(o).metadata.annotations.big = 'x'.repeat(300 * 1024); }, good: (o) => { VM(o).metadata.annotations.big = 'x'.repeat(200 * 1024); }, field: 'metadata.annotations', message: /at most 262144 bytes/ },
  { name: 'SSH key whose body is not a key', bad: (o) => { userdata(o, '#cloud-config\nssh_authorized_keys:\n  - ssh-rsa AAAA-not-a-key\n'); }, good: (o) => { userdata(o, `#cloud-config\nssh_authorized_keys:\n  - ${KEY}\n`); }, field: 'stringData.userdata.ssh_authorized_keys[0]', message: /is not an OpenSSH public key: the key body is not base64/ },
  { name: 'negative termination grace period', bad: (o) => { T(o).terminationGracePeriodSeconds = -1; }, good: (o) => { T(o).terminationGracePeriodSeconds = 0; }, field: 'spec.template.spec.terminationGracePeriodSeconds', message: /≥ 0/ },
  { name: 'maintain-mode strategy', bad: (o) => { VM(o).metadata.labels['harvesterhci.io/maintain-mode-strategy'] = 'Pause'; }, good: (o) => { VM(o).metadata.labels['harvesterhci.io/maintain-mode-strategy'] = 'Shutdown'; }, field: 'metadata.labels.harvesterhci.io/maintain-mode-strategy', message: /must be one of: Migrate/ },
  { name: 'missing cloud-init Secret', bad: (o) => { T(o).volumes[1].cloudInitNoCloud.secretRef.name = 'nope'; }, good: (o) => { T(o).volumes[1].cloudInitNoCloud.secretRef.name = 'k-cp-0-cloudinit'; }, field: 'spec.template.spec.volumes[1].cloudInitNoCloud.secretRef.name', message: /no Secret of that name/ },
  { name: 'missing PVC', bad: (o) => { T(o).volumes[0].persistentVolumeClaim.claimName = 'nope'; }, good: (o) => { T(o).volumes[0].persistentVolumeClaim.claimName = 'k-cp-disk-0'; o.find((x) => x.metadata.name === 'k-cp-disk-0').spec.accessModes = ['ReadWriteMany']; }, field: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName', message: /no PersistentVolumeClaim of that name/ },
  { name: 'RWO block PVC on two VMs', bad: (o) => { o.find((x) => x.metadata.name === 'vm-root').spec.accessModes = ['ReadWriteOnce']; T(o).volumes[0].persistentVolumeClaim.claimName = 'vm-root'; const k = o.find((x) => x.metadata.name === 'k-cp-0'); k.spec.template.spec.volumes[0].persistentVolumeClaim.claimName = 'vm-root'; }, good: (o) => { const k = o.find((x) => x.metadata.name === 'k-cp-0'); k.spec.template.spec.volumes[0].persistentVolumeClaim.claimName = 'vm-root'; }, field: 'metadata.name', message: /used by one VM only \(used by default\/vm, default\/k-cp-0\)/ },
  { name: 'one MAC twice on a network', bad: (o) => { const k = o.find((x) => x.metadata.name === 'k-cp-0'); k.spec.template.spec.domain.devices.interfaces[0].macAddress = '52:54:00:00:00:01'; k.spec.template.spec.networks[0].multus.networkName = 'default/net'; }, good: (o) => { const k = o.find((x) => x.metadata.name === 'k-cp-0'); k.spec.template.spec.domain.devices.interfaces[0].macAddress = '52:54:00:00:00:09'; }, field: 'spec.template.spec.domain.devices.interfaces[0].macAddress', message: /already used on network default\/net by default\/vm/ },
  { name: 'load balancer without listeners', bad: (o) => { LB(o).spec.listeners = []; }, good: (o) => { LB(o).spec.listeners.pop(); }, field: 'spec.listeners', message: /at least one listener/ },
  { name: 'duplicate listener port', bad: (o) => { LB(o).spec.listeners[1].port = 6443; }, good: (o) => { LB(o).spec.listeners[1].port = 19345; }, field: 'spec.listeners', message: /listener port 6443 is used more than once/ },
  { name: 'listener port range', bad: (o) => { LB(o).spec.listeners[1].backendPort = 70000; }, good: (o) => { LB(o).spec.listeners[1].backendPort = 65535; }, field: 'spec.listeners[1].backendPort', message: /1 to 65535/ },
  { name: 'health check on a non-backend port', bad: (o) => { LB(o).spec.healthCheck.port = 8080; }, good: (o) => { LB(o).spec.healthCheck.port = 9345; }, field: 'spec.healthCheck.port', message: /must be one of the backend ports \(6443, 9345\)/ },
  { name: 'health check threshold 0', bad: (o) => { LB(o).spec.healthCheck.failureThreshold = 0; }, good: (o) => { LB(o).spec.healthCheck.failureThreshold = 1; }, field: 'spec.healthCheck.failureThreshold', message: /must be > 0/ },
  { name: 'overlapping IPPools', bad: (o) => add(o, { ...POOL(o), metadata: { name: 'other' }, spec: { ranges: [{ subnet: '10.0.0.0/24', rangeStart: '10.0.0.5', rangeEnd: '10.0.0.15' }] } }), good: (o) => add(o, { ...POOL(o), metadata: { name: 'other' }, spec: { ranges: [{ subnet: '10.0.0.0/24', rangeStart: '10.0.0.11', rangeEnd: '10.0.0.15' }] } }), field: 'spec.ranges[0]', message: /overlaps k-vip spec.ranges\[0\]/ },
  { name: 'IPPool range outside its subnet', bad: (o) => { POOL(o).spec.ranges[0].rangeEnd = '10.0.1.10'; }, good: (o) => { POOL(o).spec.ranges[0].rangeEnd = '10.0.0.12'; }, field: 'spec.ranges[0]', message: /ordered range inside 10.0.0.0\/24/ },
  { name: 'backup schedule more often than hourly', bad: (o) => add(o, backup('b', '*/15 * * * *')), good: (o) => add(o, backup('b', '15 */2 * * *')), field: 'spec.cron', message: /at most one run an hour/ },
  { name: 'backup maxFailure not below retain', bad: (o) => add(o, backup('b', '@daily', 'vm', 8, 8)), good: (o) => add(o, backup('b', '@daily', 'vm', 7, 8)), field: 'spec.maxFailure', message: /less than retain \(8\)/ },
  { name: 'two backup schedules for one VM', bad: (o) => { add(o, backup('b1', '@daily')); add(o, backup('b2', '@weekly')); }, good: (o) => { add(o, backup('b1', '@daily')); add(o, backup('b2', '@weekly', 'k-cp-0')); }, field: 'spec.vmbackup.source.name', message: /already has a backup schedule \(b1\)/ },
  { name: 'image displayName', bad: (o) => add(o, image('Ubuntu 24.04!')), good: (o) => add(o, image('ubuntu-24.04')), field: 'spec.displayName', message: /valid label value/ },
];

describe('platform rules (PLATFORM.md §3)', () => {
  test('the valid app breaks no rule', () => {
    expect(checkPlatformRules(validObjects())).toEqual([]);
  });

  test('at least 40 rules in the catalogue', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  const allProblems = (objects: any[]) => [...checkPlatformRules(objects), ...objects.flatMap((o) => checkCloudInitData(o))];

  test.each(cases)('$name: reported with field and message', (c) => {
    const objects = validObjects();
    c.bad(objects);
    const problems = allProblems(objects);
    expect(problems).toContainEqual(expect.objectContaining({ field: c.field, message: expect.stringMatching(c.message) }));
  });

  test('every rule of the rules table has a case here whose manifest breaks it, and problems name their rule', () => {
    const broken = new Set<string>();
    for (const c of cases) {
      const objects = validObjects();
      c.bad(objects);
      for (const p of allProblems(objects)) if (p.rule) broken.add(p.rule);
    }
    const ids = RULES.map((r) => r.id);
    expect(ids.filter((id) => !broken.has(id))).toEqual([]);
    expect([...broken].filter((id) => !ids.includes(id))).toEqual([]);
  });

  test.each(cases)('$name: the valid twin passes', (c) => {
    const objects = validObjects();
    c.good(objects);
    expect(allProblems(objects)).toEqual([]);
  });

  test('external references can be declared', () => {
    const objects = validObjects();
    T(objects).volumes[0].persistentVolumeClaim.claimName = 'outside';
    expect(checkPlatformRules(objects, { externalClaims: ['default/outside'] })).toEqual([]);
    expect(checkPlatformRules(objects, { checkReferences: false })).toEqual([]);
  });

  test('every problem is reported, not only the first', () => {
    const objects = validObjects();
    VM(objects).spec.runStrategy = 'Bogus';
    T(objects).hostname = 'a.b';
    LB(objects).spec.healthCheck.port = 1;
    expect(checkPlatformRules(objects).map((p) => p.field)).toEqual(['spec.runStrategy', 'spec.template.spec.hostname', 'spec.healthCheck.port']);
  });

  test('uses Firmware.efi with secure boot correctly (construct output passes)', () => {
    const chart = Testing.chart();
    new HarvesterVm(chart, 'vm', { name: 'efi', firmware: Firmware.efi({ secureBoot: true }) });
    expect(checkPlatformRules(Testing.synth(chart))).toEqual([]);
  });
});

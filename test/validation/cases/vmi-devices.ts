import { Case, T } from './fixture';
import { HarvesterVersion } from '../../../lib/platform/harvester';

const V1_8 = HarvesterVersion.V1_8;
const D = 'spec.template.spec.domain';

/** A disk and a volume of one name. */
const attach = (o: any[], name: string, source: any, target: any = { disk: { bus: 'virtio' } }) => {
  T(o).domain.devices.disks.push({ name, ...target });
  T(o).volumes.push({ name, ...source });
};
const features = (o: any[], f: any) => { T(o).domain.features = f; };
const devices = (o: any[]) => T(o).domain.devices;
const ssh = (propagationMethod: any, source: any = { secret: { secretName: 'keys' } }) => ({ sshPublicKey: { source, propagationMethod } });
const password = (propagationMethod: any) => ({ userPassword: { source: { secret: { secretName: 'pw' } }, propagationMethod } });
const GPU = 'nvidia.com/GA102GL_A10';

/** Cases of lib/validation/private/families/vmi-devices.ts: each breaks one rule, with a valid twin. */
export const vmiDevicesCases: Case[] = [
  // kubevirt.vmi.feature-gates
  { name: 'hostDisk volume (HostDisk gate off)', bad: (o) => attach(o, 'hd', { hostDisk: { path: '/data/hd.img', type: 'Disk' } }), good: (o) => attach(o, 'hd', { emptyDisk: { capacity: '1Gi' } }), field: 'spec.template.spec.volumes[2].hostDisk', message: /needs the HostDisk feature gate, which Harvester does not enable/ },
  { name: 'downwardMetrics volume (DownwardMetrics gate off)', bad: (o) => attach(o, 'dm', { downwardMetrics: {} }), good: (o) => attach(o, 'dm', { downwardAPI: { fields: [] } }), field: 'spec.template.spec.volumes[2].downwardMetrics', message: /needs the DownwardMetrics feature gate/ },
  { name: 'downwardMetrics device (DownwardMetrics gate off)', bad: (o) => { devices(o).downwardMetrics = {}; }, good: (o) => { devices(o).autoattachMemBalloon = true; }, field: `${D}.devices.downwardMetrics`, message: /virtio serial device needs the DownwardMetrics feature gate/ },
  { name: 'autoattachVSOCK (VSOCK gate off)', bad: (o) => { devices(o).autoattachVSOCK = true; }, good: (o) => { devices(o).autoattachVSOCK = false; }, field: `${D}.devices.autoattachVSOCK`, message: /needs the VSOCK feature gate/ },
  { name: 'LUN persistent reservation (PersistentReservation gate off)', bad: (o) => { devices(o).disks[0] = { name: 'root', lun: { bus: 'scsi', reservation: true } }; }, good: (o) => { devices(o).disks[0] = { name: 'root', lun: { bus: 'scsi', reservation: false } }; }, field: `${D}.devices.disks[0].lun.reservation`, message: /needs the PersistentReservation feature gate/ },
  { name: 'panic devices (PanicDevices gate off, 1.8)', version: V1_8, bad: (o) => { devices(o).panicDevices = [{ model: 'pvpanic' }]; }, good: (o) => { devices(o).panicDevices = []; }, field: `${D}.devices.panicDevices`, message: /need the PanicDevices feature gate/ },
  // kubevirt.vmi.disk-volume-kind
  { name: 'lun disk on a cloud-init volume', bad: (o) => { devices(o).disks[1] = { name: 'cloudinitdisk', lun: {} }; }, good: (o) => { devices(o).disks[0] = { name: 'root', lun: {}, bootOrder: 1 }; }, field: `${D}.devices.disks[1].lun`, message: /a lun disk must be backed by a persistentVolumeClaim or dataVolume volume/ },
  { name: 'downwardMetrics volume on a cdrom', bad: (o) => attach(o, 'dm', { downwardMetrics: {} }, { cdrom: { bus: 'sata' } }), good: (o) => attach(o, 'dm', { containerDisk: { image: 'x' } }, { cdrom: { bus: 'sata' } }), field: `${D}.devices.disks[2].disk`, message: /a downwardMetrics volume must be mapped to a disk/ },
  { name: 'downwardMetrics disk off virtio', bad: (o) => attach(o, 'dm', { downwardMetrics: {} }, { disk: { bus: 'sata' } }), good: (o) => attach(o, 'dm', { containerDisk: { image: 'x' } }, { disk: { bus: 'sata' } }), field: `${D}.devices.disks[2].disk.bus`, message: /downwardMetrics disk must be on the virtio bus/ },
  // kubevirt.vmi.launch-security
  { name: 'launchSecurity (WorkloadEncryptionSEV gate off, 1.6)', bad: (o) => { T(o).domain.launchSecurity = { sev: {} }; }, good: (o) => { delete T(o).domain.launchSecurity; }, field: `${D}.launchSecurity`, message: /launchSecurity needs the WorkloadEncryptionSEV feature gate/ },
  { name: 'launchSecurity TDX (gate off, 1.8)', version: V1_8, bad: (o) => { T(o).domain.launchSecurity = { tdx: {} }; }, good: (o) => { delete T(o).domain.launchSecurity; }, field: `${D}.launchSecurity.tdx`, message: /needs the WorkloadEncryptionTDX feature gate/ },
  { name: 'launchSecurity with two types (1.8)', version: V1_8, bad: (o) => { T(o).domain.launchSecurity = { sev: {}, snp: {} }; }, good: (o) => { delete T(o).domain.launchSecurity; }, field: `${D}.launchSecurity`, message: /exactly one launchSecurity type must be set: sev, snp, tdx/ },
  // kubevirt.vmi.sound
  { name: 'sound model', bad: (o) => { devices(o).sound = { name: 'audio', model: 'hda' }; }, good: (o) => { devices(o).sound = { name: 'audio', model: 'ac97' }; }, field: `${D}.devices.sound.model`, message: /must be one of: ich9, ac97/ },
  { name: 'sound device without a name', bad: (o) => { devices(o).sound = { name: '' }; }, good: (o) => { devices(o).sound = { name: 'audio' }; }, field: `${D}.devices.sound.name`, message: /a sound device needs a name/ },
  // kubevirt.vmi.gpu-ramfb
  {
    name: 'two GPU displays with ramfb',
    bad: (o) => { devices(o).gpus = [{ name: 'g1', deviceName: GPU, virtualGPUOptions: { display: {} } }, { name: 'g2', deviceName: GPU, virtualGPUOptions: { display: { enabled: true } } }]; },
    good: (o) => { devices(o).gpus = [{ name: 'g1', deviceName: GPU, virtualGPUOptions: { display: {} } }, { name: 'g2', deviceName: GPU, virtualGPUOptions: { display: { ramFB: { enabled: false } } } }]; },
    field: `${D}.devices.gpus`, message: /at most one GPU display may use ramfb/,
  },
  // kubevirt.vmi.gpu-device (1.8)
  { name: 'DRA GPU (GPUsWithDRA gate off, 1.8)', version: V1_8, bad: (o) => { devices(o).gpus = [{ name: 'g', claimName: 'gpu-claim', requestName: 'gpu' }]; }, good: (o) => { devices(o).gpus = [{ name: 'g', deviceName: GPU }]; }, field: `${D}.devices.gpus[0]`, message: /needs the GPUsWithDRA feature gate/ },
  { name: 'GPU without deviceName (1.8)', version: V1_8, bad: (o) => { devices(o).gpus = [{ name: 'g' }]; }, good: (o) => { devices(o).gpus = [{ name: 'g', deviceName: GPU }]; }, field: `${D}.devices.gpus[0].deviceName`, message: /a GPU needs a deviceName/ },
  { name: 'GPU with deviceName and a claim (1.8)', version: V1_8, bad: (o) => { devices(o).gpus = [{ name: 'g', deviceName: GPU, claimName: 'c' }]; }, good: (o) => { devices(o).gpus = [{ name: 'g', deviceName: GPU }]; }, field: `${D}.devices.gpus[0]`, message: /either deviceName or claimName\/requestName, not both/ },
  // kubevirt.vmi.watchdog (1.8)
  { name: 'diag288 watchdog on amd64 (1.8)', version: V1_8, bad: (o) => { devices(o).watchdog = { name: 'wd', diag288: { action: 'reset' } }; }, good: (o) => { devices(o).watchdog = { name: 'wd', i6300esb: { action: 'poweroff' } }; }, field: `${D}.devices.watchdog.diag288`, message: /amd64 supports only the i6300esb watchdog/ },
  { name: 'watchdog with both models (1.8; without one KubeVirt fills in i6300esb)', version: V1_8, bad: (o) => { devices(o).watchdog = { name: 'wd', diag288: {}, i6300esb: {} }; }, good: (o) => { devices(o).watchdog = { name: 'wd' }; }, field: `${D}.devices.watchdog.diag288`, message: /only the i6300esb/ },
  // kubevirt.vmi.video (1.8)
  { name: 'video type on amd64 (1.8)', version: V1_8, bad: (o) => { devices(o).video = { type: 'qxl' }; }, good: (o) => { devices(o).video = { type: 'bochs' }; }, field: `${D}.devices.video.type`, message: /must be one of: vga, cirrus, virtio, ramfb, bochs on amd64/ },
  // kubevirt.vmi.acpi
  { name: 'ACPI SLIC table from a configMap', bad: (o) => { attach(o, 'slic', { configMap: { name: 'slic' } }); T(o).domain.firmware.acpi = { slicNameRef: 'slic' }; }, good: (o) => { attach(o, 'slic', { secret: { secretName: 'slic' } }); T(o).domain.firmware.acpi = { slicNameRef: 'slic' }; }, field: `${D}.firmware.acpi.slicNameRef`, message: /volume "slic" must be a secret volume/ },
  { name: 'ACPI SLIC reference to no volume', bad: (o) => { T(o).domain.firmware.acpi = { slicNameRef: 'slic' }; }, good: (o) => { attach(o, 'slic', { secret: { secretName: 'slic' } }); T(o).domain.firmware.acpi = { slicNameRef: 'slic' }; }, field: `${D}.firmware.acpi.slicNameRef`, message: /names no volume \(volumes: root, cloudinitdisk\)/ },
  { name: 'ACPI with only an MSDM table (1.6 knows SLIC only)', bad: (o) => { attach(o, 'msdm', { secret: { secretName: 'msdm' } }); T(o).domain.firmware.acpi = { msdmNameRef: 'msdm' }; }, good: (o) => { attach(o, 'slic', { secret: { secretName: 'slic' } }); T(o).domain.firmware.acpi = { slicNameRef: 'slic' }; }, field: `${D}.firmware.acpi.slicNameRef`, message: /needs slicNameRef naming a secret volume/ },
  { name: 'ACPI without table references (1.8)', version: V1_8, bad: (o) => { T(o).domain.firmware.acpi = {}; }, good: (o) => { attach(o, 'msdm', { secret: { secretName: 'msdm' } }); T(o).domain.firmware.acpi = { msdmNameRef: 'msdm' }; }, field: `${D}.firmware.acpi`, message: /needs slicNameRef or msdmNameRef/ },
  { name: 'ACPI MSDM reference to a non-secret volume (1.8)', version: V1_8, bad: (o) => { attach(o, 'msdm', { emptyDisk: { capacity: '1Mi' } }); T(o).domain.firmware.acpi = { msdmNameRef: 'msdm' }; }, good: (o) => { attach(o, 'msdm', { secret: { secretName: 'msdm' } }); T(o).domain.firmware.acpi = { msdmNameRef: 'msdm' }; }, field: `${D}.firmware.acpi.msdmNameRef`, message: /must be a secret volume/ },
  // kubevirt.vmi.kernel-boot
  { name: 'kernelArgs without a kernel', bad: (o) => { T(o).domain.firmware.kernelBoot = { kernelArgs: 'console=ttyS0' }; }, good: (o) => { T(o).domain.firmware.kernelBoot = { kernelArgs: 'console=ttyS0', container: { image: 'registry/kernel:1', kernelPath: '/boot/vmlinuz' } }; }, field: `${D}.firmware.kernelBoot.kernelArgs`, message: /kernel arguments need an external kernel/ },
  { name: 'kernel boot container without paths', bad: (o) => { T(o).domain.firmware.kernelBoot = { container: { image: 'registry/kernel:1' } }; }, good: (o) => { T(o).domain.firmware.kernelBoot = { container: { image: 'registry/kernel:1', initrdPath: '/boot/initrd.img' } }; }, field: `${D}.firmware.kernelBoot.container`, message: /needs kernelPath, initrdPath or both/ },
  { name: 'kernel boot container without image', bad: (o) => { T(o).domain.firmware.kernelBoot = { container: { image: '', kernelPath: '/boot/vmlinuz' } }; }, good: (o) => { T(o).domain.firmware.kernelBoot = { container: { image: 'k', kernelPath: '/boot/vmlinuz' } }; }, field: `${D}.firmware.kernelBoot.container.image`, message: /needs an image/ },
  { name: 'kernel path with relative components', bad: (o) => { T(o).domain.firmware.kernelBoot = { container: { image: 'k', kernelPath: '/boot/../vmlinuz' } }; }, good: (o) => { T(o).domain.firmware.kernelBoot = { container: { image: 'k', kernelPath: '/boot/vmlinuz/' } }; }, field: `${D}.firmware.kernelBoot.container.kernelPath`, message: /must be an absolute path to a file without relative components/ },
  // kubevirt.vmi.container-disk-path
  { name: 'containerDisk path at the root', bad: (o) => { T(o).volumes[0] = { name: 'root', containerDisk: { image: 'x', path: '/' } }; }, good: (o) => { T(o).volumes[0] = { name: 'root', containerDisk: { image: 'x', path: '/disk/root.qcow2' } }; }, field: 'spec.template.spec.volumes[0].containerDisk.path', message: /must not point to the root/ },
  { name: 'containerDisk path relative', bad: (o) => { T(o).volumes[0] = { name: 'root', containerDisk: { image: 'x', path: 'disk//root.qcow2' } }; }, good: (o) => { T(o).volumes[0] = { name: 'root', containerDisk: { image: 'x', path: '/disk/root.qcow2' } }; }, field: 'spec.template.spec.volumes[0].containerDisk.path', message: /must be an absolute path/ },
  // kubevirt.vmi.hyperv
  { name: 'hyperv synic with vpindex disabled', bad: (o) => features(o, { hyperv: { synic: {}, vpindex: { enabled: false } } }), good: (o) => features(o, { hyperv: { synic: {} } }), field: `${D}.features.hyperv.synic`, message: /hyperv.synic requires hyperv.vpindex, which is disabled/ },
  { name: 'hyperv synictimer turns synic on, which needs vpindex', bad: (o) => features(o, { hyperv: { synictimer: {}, vpindex: { enabled: false } } }), good: (o) => features(o, { hyperv: { synictimer: { enabled: false }, vpindex: { enabled: false } } }), field: `${D}.features.hyperv.synic`, message: /requires hyperv.vpindex/ },
  { name: 'hyperv evmcs with vapic disabled', bad: (o) => features(o, { hyperv: { evmcs: {}, vapic: { enabled: false } } }), good: (o) => features(o, { hyperv: { evmcs: { enabled: false }, vapic: { enabled: false } } }), field: `${D}.features.hyperv.evmcs`, message: /hyperv.evmcs requires hyperv.vapic/ },
  { name: 'hyperv with hypervPassthrough', bad: (o) => features(o, { hyperv: { relaxed: {} }, hypervPassthrough: { enabled: true } }), good: (o) => features(o, { hypervPassthrough: { enabled: true } }), field: `${D}.features.hypervPassthrough`, message: /hyperv and hypervPassthrough are exclusive/ },
  // kubevirt.vmi.access-credentials
  { name: 'SSH key by configDrive without a configDrive volume', bad: (o) => { T(o).accessCredentials = [ssh({ configDrive: {} })]; }, good: (o) => { T(o).accessCredentials = [ssh({ noCloud: {} })]; }, field: 'spec.template.spec.accessCredentials[0].sshPublicKey.propagationMethod', message: /configDrive propagation method needs a cloudInitConfigDrive volume/ },
  { name: 'SSH key with two propagation methods', bad: (o) => { T(o).accessCredentials = [ssh({ noCloud: {}, qemuGuestAgent: { users: ['ops'] } })]; }, good: (o) => { T(o).accessCredentials = [ssh({ qemuGuestAgent: { users: ['ops'] } })]; }, field: 'spec.template.spec.accessCredentials[0].sshPublicKey.propagationMethod', message: /exactly one propagation method must be set: noCloud, configDrive, qemuGuestAgent/ },
  { name: 'SSH key by guest agent without users', bad: (o) => { T(o).accessCredentials = [ssh({ qemuGuestAgent: { users: [] } })]; }, good: (o) => { T(o).accessCredentials = [ssh({ qemuGuestAgent: { users: ['ops'] } })]; }, field: 'spec.template.spec.accessCredentials[0].sshPublicKey.propagationMethod.qemuGuestAgent.users', message: /needs at least one user/ },
  { name: 'SSH key without a source', bad: (o) => { T(o).accessCredentials = [ssh({ noCloud: {} }, {})]; }, good: (o) => { T(o).accessCredentials = [ssh({ noCloud: {} })]; }, field: 'spec.template.spec.accessCredentials[0].sshPublicKey.source', message: /exactly one source must be set: secret/ },
  { name: 'user password without a propagation method', bad: (o) => { T(o).accessCredentials = [password({})]; }, good: (o) => { T(o).accessCredentials = [password({ qemuGuestAgent: {} })]; }, field: 'spec.template.spec.accessCredentials[0].userPassword.propagationMethod', message: /exactly one propagation method must be set: qemuGuestAgent/ },
  { name: 'access credential with two types', bad: (o) => { T(o).accessCredentials = [{ ...ssh({ noCloud: {} }), ...password({ qemuGuestAgent: {} }) }]; }, good: (o) => { T(o).accessCredentials = [ssh({ noCloud: {} }), password({ qemuGuestAgent: {} })]; }, field: 'spec.template.spec.accessCredentials[0]', message: /exactly one access credential type must be set: sshPublicKey or userPassword/ },
  // kubevirt.vmi.probes
  { name: 'probe with two handlers', bad: (o) => { T(o).readinessProbe = { httpGet: { port: 80 }, tcpSocket: { port: 22 } }; }, good: (o) => { T(o).readinessProbe = { tcpSocket: { port: 22 } }; }, field: 'spec.template.spec.readinessProbe', message: /a probe has exactly one of: httpGet, tcpSocket, exec, guestAgentPing/ },
  { name: 'probe without a handler', bad: (o) => { T(o).livenessProbe = { initialDelaySeconds: 30 }; }, good: (o) => { T(o).livenessProbe = { initialDelaySeconds: 30, guestAgentPing: {} }; }, field: 'spec.template.spec.livenessProbe', message: /exactly one of/ },
  {
    name: 'httpGet probe without the pod network',
    bad: (o) => { T(o).networks[0] = { name: 'default', multus: { networkName: 'default/net2' } }; devices(o).interfaces[0] = { name: 'default', bridge: {}, model: 'virtio' }; T(o).readinessProbe = { httpGet: { port: 80 } }; },
    good: (o) => { T(o).networks[0] = { name: 'default', multus: { networkName: 'default/net2' } }; devices(o).interfaces[0] = { name: 'default', bridge: {}, model: 'virtio' }; T(o).readinessProbe = { exec: { command: ['true'] } }; },
    field: 'spec.template.spec.readinessProbe.httpGet', message: /a httpGet probe needs the pod network attached/,
  },
  // kubevirt.vmi.virtiofs
  { name: 'virtiofs on a PVC (EnableVirtioFsStorageVolumes off)', bad: (o) => { devices(o).filesystems = [{ name: 'root', virtiofs: {} }]; }, good: (o) => { devices(o).filesystems = []; }, field: `${D}.devices.filesystems[0]`, message: /virtiofs on a persistentVolumeClaim or dataVolume needs the EnableVirtioFsStorageVolumes feature gate/ },
  { name: 'virtiofs on a PVC (1.8 too)', version: V1_8, bad: (o) => { devices(o).filesystems = [{ name: 'root', virtiofs: {} }]; }, good: (o) => { devices(o).filesystems = []; }, field: `${D}.devices.filesystems[0]`, message: /EnableVirtioFsStorageVolumes/ },
  { name: 'virtiofs on a configMap (1.6: EnableVirtioFsConfigVolumes off)', bad: (o) => { attach(o, 'cfg', { configMap: { name: 'settings' } }); devices(o).filesystems = [{ name: 'cfg', virtiofs: {} }]; }, good: (o) => attach(o, 'cfg', { configMap: { name: 'settings' } }), field: `${D}.devices.filesystems[0]`, message: /needs the EnableVirtioFsConfigVolumes feature gate, which Harvester 1.6 does not enable/ },
  // kubevirt.vmi.io-threads-policy
  { name: 'ioThreadsPolicy value', bad: (o) => { T(o).domain.ioThreadsPolicy = 'dedicated'; }, good: (o) => { T(o).domain.ioThreadsPolicy = 'auto'; }, field: `${D}.ioThreadsPolicy`, message: /must be one of: shared, auto, supplementalPool/ },
  { name: 'supplementalPool without a thread count', bad: (o) => { T(o).domain.ioThreadsPolicy = 'supplementalPool'; }, good: (o) => { T(o).domain.ioThreadsPolicy = 'supplementalPool'; T(o).domain.ioThreads = { supplementalPoolThreadCount: 2 }; }, field: `${D}.ioThreads.supplementalPoolThreadCount`, message: /needs ioThreads.supplementalPoolThreadCount ≥ 1/ },
];

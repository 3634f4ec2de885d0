import { MaintainModeStrategy } from '../harvester';
import { DiskBus, InterfaceModel, RunStrategy } from '../kubevirt';

/**
 * KubeVirt, Harvester and Kubernetes facts used by the construct checks and by the manifest
 * validator (`lib/validation/`): each value set and pattern is defined once, here or in the
 * public enums it derives from. Sources: kubevirt/kubevirt v1.5 `api/core/v1/types.go` and the
 * VMI admitter (`vmi-create-admitter.go`), Harvester v1.6 VM webhook, k8s.io/apimachinery
 * validation.
 */

/** `spec.runStrategy` values. */
export const RUN_STRATEGIES: readonly string[] = Object.values(RunStrategy);
/** Disk and CD-ROM buses. */
export const DISK_BUSES: readonly string[] = Object.values(DiskBus);
/** NIC models. */
export const INTERFACE_MODELS: readonly string[] = Object.values(InterfaceModel);
/** Every interface binding KubeVirt knows (GitVops' `InterfaceBinding` offers the first two). */
export const INTERFACE_BINDINGS: readonly string[] = ['bridge', 'masquerade', 'sriov', 'slirp', 'macvtap', 'passt', 'binding'];
/** Maintenance-mode strategies. */
export const MAINTAIN_MODES: readonly string[] = Object.values(MaintainModeStrategy);
/** A disk's target: exactly one. */
export const DISK_TARGETS: readonly string[] = ['disk', 'cdrom', 'lun'];
/** A volume's source: exactly one. */
export const VOLUME_SOURCES: readonly string[] = [
  'persistentVolumeClaim', 'dataVolume', 'containerDisk', 'ephemeral', 'emptyDisk', 'hostDisk', 'cloudInitNoCloud',
  'cloudInitConfigDrive', 'secret', 'configMap', 'serviceAccount', 'sysprep', 'downwardAPI', 'downwardMetrics', 'memoryDump',
];
/** Input device types and buses. */
export const INPUT_TYPES: readonly string[] = ['tablet'];
export const INPUT_BUSES: readonly string[] = ['virtio', 'usb'];
/** Disk, volume, interface and network names. */
export const DEVICE_NAME = /^[A-Za-z0-9-_]+$/;
/** A MAC address, `:` or `-` separated. */
export const MAC_ADDRESS = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;
/** A MAC address as netplan writes and matches it: colon-separated. */
export const NETPLAN_MAC = /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/;
/** Inline cloud-init user or network data is limited to this many bytes (KubeVirt). */
export const MAX_INLINE_CLOUD_INIT = 2048;
/**
 * The kubevirt.io/ labels only KubeVirt's own service accounts may set on a VMI (and so on a VM
 * template): kubevirt/kubevirt vmi-create-admitter.go restrictedVmiLabels, v1.5.0 and v1.7.0.
 */
export const RESTRICTED_VMI_LABELS: readonly string[] = [
  'kubevirt.io/created-by', 'kubevirt.io/migrationJobUID', 'kubevirt.io/nodeName', 'kubevirt.io/migrationTargetNodeName',
  'kubevirt.io/schedulable', 'kubevirt.io/install-strategy',
];
/** The disk (and volume) name of the cloud-init disk GitVops adds. */
export const CLOUD_INIT_DISK = 'cloudinitdisk';

/**
 * The machine types KubeVirt accepts by default on amd64 (`emulatedMachines` of its config;
 * kubevirt/kubevirt pkg/virt-config/virt-config.go DefaultAMD64EmulatedMachines: q35*, pc-q35*).
 * Harvester does not widen the list.
 */
export const EMULATED_MACHINES: readonly string[] = ['q35*', 'pc-q35*'];

/**
 * True when `type` is accepted: KubeVirt v1.5 (vmi-create-admitter.go validateEmulatedMachine)
 * compiles each entry as a regular expression and matches it anywhere in the type
 * (`regexp.MatchString`), so `q35*` accepts every type containing "q3". Mirrored as is.
 */
export function machineTypeAllowed(type: string): boolean {
  return EMULATED_MACHINES.some((pattern) => new RegExp(pattern).test(type));
}

/** Disk serials and the firmware serial: characters and length (vmi-create-admitter.go isValidExpression, maxStrLen). */
export const SERIAL = /^[A-Za-z0-9_.+-]+$/;
export const MAX_SERIAL_LENGTH = 256;
/** Disk cache, IO and error-policy modes (KubeVirt api/core/v1 types.go). */
export const DISK_CACHE_MODES: readonly string[] = ['none', 'writethrough', 'writeback'];
export const DISK_IO_MODES: readonly string[] = ['native', 'threads'];
export const DISK_ERROR_POLICIES: readonly string[] = ['stop', 'ignore', 'report', 'enospace'];
/** A custom block size: a power of two from 512 bytes to 2 MiB. */
export const MIN_BLOCK_SIZE = 512;
export const MAX_BLOCK_SIZE = 2097152;
/** A PCI address `dddd:bb:dd.f` (hwutil.ParsePciAddress). */
export const PCI_ADDRESS = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/;

/** The bus KubeVirt rule "a CD-ROM cannot use virtio" forbids. */
export function cdromBusAllowed(bus: string): boolean {
  return bus !== DiskBus.VIRTIO;
}

/** KubeVirt rule: a SATA disk (not a CD-ROM) cannot be read-only. */
export function readOnlyAllowed(bus: string, cdrom: boolean): boolean {
  return cdrom || bus !== DiskBus.SATA;
}

/** The allowed-text of a value set, for messages. */
export function oneOf(values: readonly string[]): string {
  return values.join(', ');
}

/**
 * KubeVirt value sets that GitVops' props expose. The enums are the single source of these
 * values: construct checks and the manifest validator (`lib/validation/`) both read them, through
 * `lib/platform/private/facts.ts`.
 *
 * Values from kubevirt/kubevirt `staging/src/kubevirt.io/api/core/v1/types.go` and
 * `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (v1.5, the KubeVirt
 * line of Harvester 1.6; unchanged in v1.7 of Harvester 1.8).
 */

/** What KubeVirt does to keep the VM running (`spec.runStrategy`). */
export enum RunStrategy {
  /** Always running; restarted whenever it stops. */
  ALWAYS = 'Always',
  /** Restarted after a failure, not after a guest shutdown. */
  RERUN_ON_FAILURE = 'RerunOnFailure',
  /** Started and stopped only by hand. */
  MANUAL = 'Manual',
  /** Stopped. */
  HALTED = 'Halted',
  /** Run once, never restarted. */
  ONCE = 'Once',
}

/** What happens to a running VM when its host is drained (`evictionStrategy`). */
export enum EvictionStrategy {
  /** Live-migrate to another host. */
  LIVE_MIGRATE = 'LiveMigrate',
  /** Live-migrate when the VM can be migrated, else shut down. */
  LIVE_MIGRATE_IF_POSSIBLE = 'LiveMigrateIfPossible',
  /** Shut down. */
  NONE = 'None',
  /** Block the drain while it cannot migrate. */
  EXTERNAL = 'External',
}

/** Disk bus (`disk.bus` / `cdrom.bus`): the four KubeVirt accepts. */
export enum DiskBus {
  /** Paravirtualized; fastest, needs virtio drivers (every Linux cloud image has them). Not for CD-ROMs. */
  VIRTIO = 'virtio',
  /** SATA; a SATA disk cannot be read-only. */
  SATA = 'sata',
  /** SCSI. */
  SCSI = 'scsi',
  /** USB. */
  USB = 'usb',
}

/** Virtual NIC model (`interfaces[].model`): the models KubeVirt accepts. */
export enum InterfaceModel {
  /** Paravirtualized (default). */
  VIRTIO = 'virtio',
  /** Intel e1000. */
  E1000 = 'e1000',
  /** Intel e1000e. */
  E1000E = 'e1000e',
  /** Intel igb. */
  IGB = 'igb',
  /** NE2000 PCI. */
  NE2K_PCI = 'ne2k_pci',
  /** AMD PCnet. */
  PCNET = 'pcnet',
  /** Realtek RTL8139. */
  RTL8139 = 'rtl8139',
}

/** How an interface is bound to its network (the bindings Harvester VMs use). */
export enum InterfaceBinding {
  /** NAT behind the pod's address (pod network only). */
  MASQUERADE = 'masquerade',
  /** A bridge to the network: the guest gets its own address on a Harvester VM network. */
  BRIDGE = 'bridge',
}

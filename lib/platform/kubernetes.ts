/**
 * Kubernetes value sets that GitVops' props expose (k8s.io/api core/v1 types), read by construct
 * checks and by the manifest validator alike.
 */

/** PVC access mode (`spec.accessModes`). */
export enum AccessMode {
  /** One node at a time. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Many nodes (needed for live migration of a VM disk on Longhorn). */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Many nodes, read-only. */
  READ_ONLY_MANY = 'ReadOnlyMany',
}

/** PVC volume mode (`spec.volumeMode`). */
export enum VolumeMode {
  /** A raw block device (what Harvester VM disks use). */
  BLOCK = 'Block',
  /** A filesystem. */
  FILESYSTEM = 'Filesystem',
}

/** What happens to a volume when its claim is deleted (StorageClass `reclaimPolicy`). */
export enum ReclaimPolicy {
  /** The volume and its data are deleted with the claim. */
  DELETE = 'Delete',
  /** The volume is kept (released) for manual recovery. */
  RETAIN = 'Retain',
}

/** When a claim of the class is bound and provisioned (StorageClass `volumeBindingMode`). */
export enum VolumeBindingMode {
  /** At once. */
  IMMEDIATE = 'Immediate',
  /** When the first pod (VM) that uses it is scheduled. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

import { IHarvesterVolume } from './volume';
import { DiskBus } from '../platform/kubevirt';

/** Where a disk's data comes from. */
export class DiskSource {
  /** A PersistentVolumeClaim: a `HarvesterVolume` of this app or `HarvesterVolume.fromClaimName`. */
  public static volume(volume: IHarvesterVolume): DiskSource {
    return new DiskSource(volume, undefined);
  }

  /** A container image holding a disk (ephemeral: reset on every start). */
  public static containerDisk(image: string): DiskSource {
    return new DiskSource(undefined, image);
  }

  private constructor(
    /** The volume, for PVC-backed disks. */
    public readonly harvesterVolume: IHarvesterVolume | undefined,
    /** The image, for container disks. */
    public readonly containerImage: string | undefined,
  ) {}

  /** The KubeVirt volume source for this disk. @internal */
  public _toVolumeSource(): { [key: string]: any } {
    if (this.harvesterVolume) return { persistentVolumeClaim: { claimName: this.harvesterVolume.claimName } };
    return { containerDisk: { image: this.containerImage } };
  }
}

/** A disk of a HarvesterVm. */
export interface VmDisk {
  /** Disk name (also the name of its volume), `^[A-Za-z0-9-_]+$`. */
  readonly name: string;
  /** Where the data comes from. */
  readonly source: DiskSource;
  /** Attach as a CD-ROM instead of a disk. @default false */
  readonly cdrom?: boolean;
  /** Bus. @default DiskBus.VIRTIO for disks, DiskBus.SATA for CD-ROMs */
  readonly bus?: DiskBus;
  /** Boot order (1 boots first), unique across disks and interfaces. @default - not bootable by order */
  readonly bootOrder?: number;
  /** Read-only disk (not on SATA). @default false */
  readonly readOnly?: boolean;
}

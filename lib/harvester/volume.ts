import { ApiObject, Chart, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { problem } from '../core/private/errors';
import { checkDnsLabel, checkDnsSubdomain, parseNamespacedName } from '../core/private/names';
import { sizeToQuantity } from '../core/private/quantity';
import { AccessMode, VolumeMode } from '../platform/kubernetes';
import { CREATOR_LABEL, CREATOR_VALUE, DISK_PROTECTION_ANNOTATIONS, IMAGE_ID_ANNOTATION } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';

/**
 * A PersistentVolumeClaim a VM disk can use: made by this app (`HarvesterVolume`) or existing in
 * the cluster (`HarvesterVolume.fromClaimName`).
 */
export interface IHarvesterVolume extends IConstruct {
  /** Name of the claim. */
  readonly claimName: string;
  /** Namespace of the claim. */
  readonly namespace: string;
}

/** Props shared by the volumes GitVops creates. */
export interface HarvesterVolumeOptions {
  /** Name of the PersistentVolumeClaim (explicit and stable). */
  readonly name: string;
  /** Namespace. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** Capacity. */
  readonly size: Size;
  /** Access mode. @default AccessMode.READ_WRITE_MANY */
  readonly accessMode?: AccessMode;
  /** Volume mode. @default VolumeMode.BLOCK */
  readonly volumeMode?: VolumeMode;
  /** Extra labels. @default - the creator label only */
  readonly labels?: { [key: string]: string };
  /** Extra annotations. @default - none */
  readonly annotations?: { [key: string]: string };
  /**
   * Keep the PVC (the disk's data) when Argo CD, Flux or Fleet would prune or delete it — it is
   * gone from Git, renamed, or its Application / Kustomization / bundle is deleted. Removing a disk
   * then takes an explicit delete in the cluster.
   * @default true
   */
  readonly protectFromPruning?: boolean;
}

/** Props of `HarvesterVolume.fromImage`. */
export interface ImageVolumeProps extends HarvesterVolumeOptions {
  /** The VirtualMachineImage, as `namespace/name` (or `name` in the volume's namespace). */
  readonly image: string;
  /**
   * The image's storage class (its `status.storageClassName`): `lh-<image uid>` from Harvester
   * 1.8, `longhorn-<image name>` before (see `HarvesterVolume.legacyImageStorageClass`).
   */
  readonly storageClass: string;
}

/** Props of `HarvesterVolume.blank`. */
export interface BlankVolumeProps extends HarvesterVolumeOptions {
  /** Storage class. @default - the cluster's default storage class */
  readonly storageClass?: string;
}

interface VolumeSpec extends HarvesterVolumeOptions {
  readonly storageClass?: string;
  readonly image?: string;
}

/** A claim that exists outside this app: referenced, never written. */
class ExistingVolume extends Construct implements IHarvesterVolume {
  public readonly claimName: string;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, claimName: string, namespace: string | undefined) {
    super(scope, id);
    SynthValidation.enable(this);
    this.claimName = checkDnsSubdomain(this, 'claimName', claimName);
    this.namespace = checkDnsLabel(this, 'namespace', namespace ?? Chart.of(this).namespace ?? 'default');
    SynthValidation.addExternalClaim(this, `${this.namespace}/${this.claimName}`);
  }
}

/**
 * A PersistentVolumeClaim for a VM disk, written by this app: cloned from a Harvester image, or
 * blank. `HarvesterVolume.fromClaimName` references a claim that already exists.
 */
export class HarvesterVolume extends Construct implements IHarvesterVolume {
  /** A volume cloned from a Harvester VirtualMachineImage. */
  public static fromImage(scope: Construct, id: string, props: ImageVolumeProps): HarvesterVolume {
    return new HarvesterVolume(scope, id, props);
  }

  /** An empty volume. */
  public static blank(scope: Construct, id: string, props: BlankVolumeProps): HarvesterVolume {
    return new HarvesterVolume(scope, id, props);
  }

  /**
   * A claim that already exists in the cluster: referenced, never written, and known to
   * synth-time validation as external.
   */
  public static fromClaimName(scope: Construct, id: string, claimName: string, namespace?: string): IHarvesterVolume {
    return new ExistingVolume(scope, id, claimName, namespace);
  }

  /**
   * The storage class Harvester before 1.8 gave an image's volumes: `longhorn-<image name>`.
   * From 1.8 new images get `lh-<image uid>`: read it from the image's status instead.
   */
  public static legacyImageStorageClass(imageName: string): string {
    return `longhorn-${imageName}`;
  }

  /** Name of the claim. */
  public readonly claimName: string;
  /** Namespace of the claim. */
  public readonly namespace: string;
  /** The PVC object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** Access mode. */
  public readonly accessMode: AccessMode;
  /** Volume mode. */
  public readonly volumeMode: VolumeMode;

  private constructor(scope: Construct, id: string, spec: VolumeSpec) {
    super(scope, id);
    SynthValidation.enable(this);
    this.claimName = checkDnsSubdomain(this, 'name', spec.name);
    this.namespace = checkDnsLabel(this, 'namespace', spec.namespace ?? Chart.of(this).namespace ?? 'default');
    this.accessMode = spec.accessMode ?? AccessMode.READ_WRITE_MANY;
    this.volumeMode = spec.volumeMode ?? VolumeMode.BLOCK;
    const storage = sizeToQuantity(this, 'size', spec.size);
    const annotations: { [key: string]: string } = { ...(spec.protectFromPruning === false ? {} : DISK_PROTECTION_ANNOTATIONS), ...spec.annotations };
    if (spec.image !== undefined) {
      const image = parseNamespacedName(this, 'image', spec.image, this.namespace);
      if (!spec.storageClass) {
        throw problem(this, 'storageClass', `is required for an image volume: give the storage class of image ${image.namespace}/${image.name} (its status.storageClassName; "lh-<image uid>" from Harvester 1.8)`);
      }
      annotations[IMAGE_ID_ANNOTATION] = `${image.namespace}/${image.name}`;
    }
    if (spec.storageClass !== undefined) checkDnsSubdomain(this, 'storageClass', spec.storageClass);

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: this.claimName,
        namespace: this.namespace,
        labels: { [CREATOR_LABEL]: CREATOR_VALUE, ...spec.labels },
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
      spec: {
        accessModes: [this.accessMode],
        resources: { requests: { storage } },
        ...(spec.storageClass !== undefined ? { storageClassName: spec.storageClass } : {}),
        volumeMode: this.volumeMode,
      },
    });
  }
}

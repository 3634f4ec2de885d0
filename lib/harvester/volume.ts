import { ApiObject, Chart, Lazy, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { failure, problem } from '../core/private/errors';
import { checkDnsLabel, checkDnsSubdomain, parseNamespacedName } from '../core/private/names';
import { sizeToQuantity } from '../core/private/quantity';
import { AccessMode, VolumeMode } from '../platform/kubernetes';
import { legacyImageStorageClass } from '../platform/private/image-facts';
import { CREATOR_LABEL, CREATOR_VALUE, DISK_PROTECTION_ANNOTATIONS, IMAGE_ID_ANNOTATION } from '../platform/private/labels';
import { targetOf } from '../platform/private/target-scope';
import { SynthValidation } from '../validation/synth-validation';
import { IHarvesterImage, ImageBackend } from './image';

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

/** Props of `HarvesterVolume.fromHarvesterImage`. */
export interface HarvesterImageVolumeProps extends HarvesterVolumeOptions {
  /** The image (a `HarvesterImage` of this app, or `HarvesterImage.fromName`); backing-image backend only. */
  readonly image: IHarvesterImage;
  /**
   * The image's storage class (its `status.storageClassName`).
   * @default - the image's, when a manifest can know it: `longhorn-<image name>` before Harvester 1.8; required from 1.8 (`lh-<image uid>`)
   */
  readonly storageClass?: string;
}

/** Props of `HarvesterVolume.blank`. */
export interface BlankVolumeProps extends HarvesterVolumeOptions {
  /** Storage class. @default - the cluster's default storage class */
  readonly storageClass?: string;
}

interface VolumeSpec extends HarvesterVolumeOptions {
  readonly storageClass?: string;
  readonly image?: string | IHarvesterImage;
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

  /**
   * A volume cloned from an image given by object: the `harvesterhci.io/imageId` annotation and
   * the storage class come from the image (see `storageClass` for when it must be given).
   */
  public static fromHarvesterImage(scope: Construct, id: string, props: HarvesterImageVolumeProps): HarvesterVolume {
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
    return legacyImageStorageClass(imageName);
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
    let storageClassName: string | undefined = spec.storageClass;
    if (typeof spec.image === 'string') {
      const image = parseNamespacedName(this, 'image', spec.image, this.namespace);
      if (!spec.storageClass) {
        throw problem(this, 'storageClass', `is required for an image volume: give the storage class of image ${image.namespace}/${image.name} (its status.storageClassName; "lh-<image uid>" from Harvester 1.8)`);
      }
      annotations[IMAGE_ID_ANNOTATION] = `${image.namespace}/${image.name}`;
      SynthValidation.addExternalImage(this, `${image.namespace}/${image.name}`);
    } else if (spec.image !== undefined) {
      annotations[IMAGE_ID_ANNOTATION] = this.imageOf(spec.image);
      if (spec.storageClass === undefined) storageClassName = Lazy.any({ produce: () => this.imageStorageClass(spec.image as IHarvesterImage) }) as unknown as string;
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
        ...(storageClassName !== undefined ? { storageClassName } : {}),
        volumeMode: this.volumeMode,
      },
    });
  }

  /** The image's `namespace/name`; a CDI image is refused (its volumes are DataVolumes, see below). */
  private imageOf(image: IHarvesterImage): string {
    if (image.backend === ImageBackend.CDI) {
      // harvester pkg/controller/master/virtualmachine/vm_controller.go createPVCsFromAnnotation: a
      // CDI image is cloned by a DataVolume made from a volumeClaimTemplates entry; a PVC that merely
      // carries the imageId annotation gets no data (the PVC mutator adds none)
      throw failure(this, 'image', `image ${image.imageId} uses the CDI backend: Harvester clones CDI images only into the DataVolumes of a VM's volumeClaimTemplates annotation; a PersistentVolumeClaim would stay empty`);
    }
    return image.imageId;
  }

  /** The image's storage class on the target's Harvester release, resolved at synth (when the release is known). */
  private imageStorageClass(image: IHarvesterImage): string {
    const version = targetOf(this).settings.version;
    const known = image.storageClassFor(version);
    if (known === undefined) {
      throw problem(this, 'storageClass', `is required for image ${image.imageId} on Harvester ${version}: Harvester names the class of a new image "lh-<image uid>", known only once the image exists (its status.storageClassName)`);
    }
    return known;
  }
}

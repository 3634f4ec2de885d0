import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { VirtualMachineImage, VirtualMachineImageSpecBackend, VirtualMachineImageSpecSourceType } from '../../imports/harvesterhci.io';
import { failure, invalid } from '../core/private/errors';
import { checkDnsLabel, checkDnsSubdomain, isLabelValue, parseNamespacedName } from '../core/private/names';
import { HarvesterVersion, LonghornDataLocality } from '../platform/harvester';
import {
  HARVESTER_LONGHORN, IMAGE_DISPLAY_NAME_LABEL, IMAGE_OS_TYPE_LABEL, IMAGE_STORAGE_CLASS_ANNOTATION, IMAGE_TYPE_LABEL,
  imageClassParameters, legacyImageStorageClass,
} from '../platform/private/image-facts';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';
import { longhornParameters } from './private/longhorn-parameters';
import { HarvesterStorageClass } from './storage-class';

/** Where Harvester keeps an image's data (`spec.backend`). */
export enum ImageBackend {
  /** A Longhorn backing image; volumes get a per-image StorageClass (Harvester's default). */
  BACKING_IMAGE = 'backingimage',
  /** A CDI golden-image PVC in the target storage class (third-party storage). */
  CDI = 'cdi',
}

/** The operating system label the Harvester UI writes (`harvesterhci.io/os-type`; harvester-ui-extension mixins/harvester-vm OS). */
export enum ImageOsType {
  /** Windows. */
  WINDOWS = 'windows',
  /** Linux (generic). */
  LINUX = 'linux',
  /** SUSE Linux Enterprise. */
  SLES = 'SLEs',
  /** Debian. */
  DEBIAN = 'debian',
  /** Fedora. */
  FEDORA = 'fedora',
  /** Gentoo. */
  GENTOO = 'gentoo',
  /** Oracle Linux. */
  ORACLE = 'oracle',
  /** Red Hat Enterprise Linux. */
  RED_HAT = 'redhat',
  /** openSUSE. */
  OPENSUSE = 'openSUSE',
  /** Ubuntu. */
  UBUNTU = 'ubuntu',
  /** Another Linux (the UI's choice for CentOS). */
  OTHER_LINUX = 'otherLinux',
}

/** The file type label the Harvester UI writes (`harvesterhci.io/image-type`). */
export enum ImageType {
  /** An ISO installer image (boots as a CD-ROM). */
  ISO = 'iso',
  /** A raw or qcow2 disk image. */
  RAW_QCOW2 = 'raw_qcow2',
}

/**
 * A Harvester VirtualMachineImage volumes can be cloned from: made by this app (`HarvesterImage`)
 * or existing (`HarvesterImage.fromName`).
 */
export interface IHarvesterImage extends IConstruct {
  /** Name of the image. */
  readonly imageName: string;
  /** Namespace of the image. */
  readonly namespace: string;
  /** `namespace/name`: what a volume's `harvesterhci.io/imageId` annotation holds. */
  readonly imageId: string;
  /** The backend, when this app knows it. @default - unknown (an existing image given without it) */
  readonly backend?: ImageBackend;

  /**
   * The storage class Harvester gives the image's volumes on a Harvester release, when a manifest
   * can know it; undefined when only the cluster does (read the image's `status.storageClassName`).
   */
  storageClassFor(version: HarvesterVersion): string | undefined;
}

/** The Longhorn parameters of an image's class, as Harvester's image mutator copies them into `spec.storageClassParameters`. */
export interface ImageStorageClassParameters {
  /** `numberOfReplicas`, 1 to 20. @default 3 */
  readonly replicas?: number;
  /** `staleReplicaTimeout`, whole minutes. @default Duration.minutes(30) */
  readonly staleReplicaTimeout?: Duration;
  /** `diskSelector`: Longhorn disk tags. @default - any disk */
  readonly diskSelector?: string[];
  /** `nodeSelector`: Longhorn node tags. @default - any node */
  readonly nodeSelector?: string[];
  /** `dataLocality`. @default - none (Longhorn's disabled) */
  readonly dataLocality?: LonghornDataLocality;
}

/** Props of a HarvesterImage. */
export interface HarvesterImageProps {
  /** Name of the VirtualMachineImage (explicit and stable). */
  readonly name: string;
  /** Namespace. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** The name the UI shows (`spec.displayName`, also a label value: at most 63 characters). @default - the name */
  readonly displayName?: string;
  /** Description. @default - none */
  readonly description?: string;
  /** The http(s) URL Harvester downloads the image from (`sourceType: download`; immutable). */
  readonly url: string;
  /** SHA-512 of the file, 128 lower-case hex digits (Longhorn checks the download against it). @default - not checked */
  readonly checksum?: string;
  /** OS label (`harvesterhci.io/os-type`). @default - none */
  readonly osType?: ImageOsType;
  /** Image type label (`harvesterhci.io/image-type`). @default - from the URL's file suffix as the UI does: `.iso` ISO; `.qcow`, `.qcow2`, `.raw`, `.img` RAW_QCOW2; else none */
  readonly imageType?: ImageType;
  /** Backend (`spec.backend`). @default ImageBackend.BACKING_IMAGE */
  readonly backend?: ImageBackend;
  /**
   * A StorageClass of this app: the backing image's class copies its parameters; for CDI, the
   * class the golden image is stored in. @default - `storageClassName`
   */
  readonly storageClass?: HarvesterStorageClass;
  /**
   * An existing StorageClass by name, in the `harvesterhci.io/storageClassName` annotation and
   * `spec.targetStorageClassName`. @default - "harvester-longhorn" for a backing image (the class Harvester installs); required for CDI
   */
  readonly storageClassName?: string;
  /**
   * The parameters of `storageClassName`'s class (Harvester copies them from the class at create
   * and refuses a later change, so they must be that class's). @default - harvester-longhorn's: 3 replicas, 30 minutes
   */
  readonly storageClassParameters?: ImageStorageClassParameters;
  /** Download attempts (`spec.retry`), 0 to 10. @default 3 */
  readonly retry?: number;
  /** Extra labels. @default - the creator, display-name and UI labels only */
  readonly labels?: { [key: string]: string };
}

/** Options of `HarvesterImage.fromName`. */
export interface ExistingImageOptions {
  /** The image's `status.storageClassName`, used by volumes cloned from it. @default - unknown: each volume gives its own */
  readonly storageClass?: string;
  /** The image's backend. @default - unknown */
  readonly backend?: ImageBackend;
}

const SHA512 = /^[a-f0-9]{128}$/;
const DISK_SUFFIXES = ['qcow', 'qcow2', 'raw', 'img'];
/** `longhorn-<name>` must stay a DNS-1123 subdomain (≤ 253). */
const MAX_LEGACY_NAME = 253 - legacyImageStorageClass('').length;

/** An image that exists in the cluster, referenced by name. */
class ExistingImage extends Construct implements IHarvesterImage {
  public readonly imageName: string;
  public readonly namespace: string;
  public readonly imageId: string;
  public readonly backend?: ImageBackend;
  private readonly storageClass?: string;

  constructor(scope: Construct, id: string, name: string, options: ExistingImageOptions) {
    super(scope, id);
    SynthValidation.enable(this);
    const ref = parseNamespacedName(this, 'name', name, Chart.of(scope).namespace ?? 'default');
    this.imageName = ref.name;
    this.namespace = ref.namespace;
    this.imageId = `${ref.namespace}/${ref.name}`;
    this.backend = options.backend;
    if (options.storageClass !== undefined) this.storageClass = checkDnsSubdomain(this, 'storageClass', options.storageClass);
    SynthValidation.addExternalImage(this, this.imageId);
  }

  public storageClassFor(_version: HarvesterVersion): string | undefined {
    return this.storageClass;
  }
}

/**
 * A Harvester VirtualMachineImage (`harvesterhci.io/v1beta1`, on the type `cdk8s import`ed from
 * Harvester's CRD) downloaded from a URL, with what Harvester's image webhook would write on create
 * already in it: backend, retry, the display-name label, the storage class annotation and
 * `targetStorageClassName`, and (backing image) `storageClassParameters`. Volumes take it with
 * `HarvesterVolume.fromHarvesterImage`; the storage class of those volumes is
 * `longhorn-<image name>` before Harvester 1.8 (v1.6.1 pkg/util/image.go GetImageStorageClassName)
 * and `lh-<image uid>` from 1.8 (v1.8.2 pkg/image/common/operator.go GetStorageClassName), which
 * no manifest can know: on 1.8 a volume must be given it.
 */
export class HarvesterImage extends Construct implements IHarvesterImage {
  /** An image that exists in the cluster (`namespace/name`, or a name in the chart's namespace); declared to validation as external. */
  public static fromName(scope: Construct, id: string, name: string, options: ExistingImageOptions = {}): IHarvesterImage {
    return new ExistingImage(scope, id, name, options);
  }

  public readonly imageName: string;
  public readonly namespace: string;
  public readonly imageId: string;
  /** The backend (always set for an image this app makes; optional only to match the interface). */
  public readonly backend?: ImageBackend;
  /** The class named in the annotation and `spec.targetStorageClassName`. */
  public readonly targetStorageClassName: string;
  /** The generated VirtualMachineImage (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: HarvesterImageProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.imageName = checkDnsSubdomain(this, 'name', props.name);
    if (this.imageName.length > MAX_LEGACY_NAME) throw invalid(this, 'name', this.imageName, `at most ${MAX_LEGACY_NAME} characters (Harvester before 1.8 names the image's StorageClass "longhorn-<name>")`);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    this.imageId = `${this.namespace}/${this.imageName}`;
    const backend = props.backend ?? ImageBackend.BACKING_IMAGE;
    this.backend = backend;
    const displayName = props.displayName ?? this.imageName;
    if (displayName === '' || !isLabelValue(displayName)) {
      throw invalid(this, 'displayName', displayName, 'a label value: 1 to 63 characters of letters, digits, "-", "_", ".", starting and ending with a letter or digit (Harvester labels the image with it)');
    }
    const url = checkUrl(this, props.url);
    if (props.checksum !== undefined) {
      if (backend === ImageBackend.CDI) throw failure(this, 'checksum', 'the CDI backend does not check a checksum (Harvester passes it to Longhorn backing images only): leave it out');
      if (!SHA512.test(props.checksum)) throw invalid(this, 'checksum', props.checksum, 'a SHA-512 digest: 128 lower-case hex digits (Longhorn\'s backing image webhook refuses anything else)');
    }
    const retry = props.retry ?? 3;
    if (!Number.isInteger(retry) || retry < 0 || retry > 10) throw invalid(this, 'retry', retry, 'an integer from 0 to 10');
    const storage = this.storage(props, backend);
    this.targetStorageClassName = storage.className;
    const imageType = props.imageType ?? imageTypeOf(url);

    this.apiObject = new ApiObject(this, 'Resource', VirtualMachineImage.manifest({
      metadata: {
        name: this.imageName,
        namespace: this.namespace,
        labels: {
          [CREATOR_LABEL]: CREATOR_VALUE,
          [IMAGE_DISPLAY_NAME_LABEL]: displayName,
          ...(imageType ? { [IMAGE_TYPE_LABEL]: imageType } : {}),
          ...(props.osType ? { [IMAGE_OS_TYPE_LABEL]: props.osType } : {}),
          ...props.labels,
        },
        annotations: { [IMAGE_STORAGE_CLASS_ANNOTATION]: storage.className },
      },
      spec: {
        backend: backend as string as VirtualMachineImageSpecBackend,
        displayName,
        description: props.description,
        sourceType: VirtualMachineImageSpecSourceType.DOWNLOAD,
        url,
        checksum: props.checksum,
        retry,
        storageClassParameters: storage.parameters,
        targetStorageClassName: storage.className,
      },
    }));
  }

  /**
   * `longhorn-<name>` before 1.8 for a backing image; undefined from 1.8 (`lh-<uid>`, known only
   * once the image exists); for CDI the target class.
   */
  public storageClassFor(version: HarvesterVersion): string | undefined {
    if (this.backend === ImageBackend.CDI) return this.targetStorageClassName;
    return version === HarvesterVersion.V1_6 ? legacyImageStorageClass(this.imageName) : undefined;
  }

  /**
   * The class the image names and the parameters Harvester's mutator writes on create
   * (pkg/image/common/mutator.go EnsureTargetSC, PatchImageSCParams; CDI: EnsureTargetSC only).
   */
  private storage(props: HarvesterImageProps, backend: ImageBackend): { className: string; parameters?: { [key: string]: string } } {
    if (props.storageClass && (props.storageClassName !== undefined || props.storageClassParameters)) {
      throw failure(this, 'storageClass', 'cannot specify both storageClass and storageClassName / storageClassParameters: the image takes the parameters of the class it names');
    }
    if (backend === ImageBackend.CDI) {
      if (props.storageClassParameters) throw failure(this, 'storageClassParameters', 'apply to the backing-image backend only (a CDI image is stored in its target class as it is)');
      const className = props.storageClass?.storageClassName ?? props.storageClassName;
      if (className === undefined) throw failure(this, 'storageClassName', 'is required for the CDI backend: the class the golden image is stored in (else Harvester picks the cluster\'s default class)');
      return { className: checkDnsSubdomain(this, 'storageClassName', className) };
    }
    if (props.storageClass) {
      return { className: props.storageClass.storageClassName, parameters: imageClassParameters(props.storageClass.apiObject.toJson().parameters ?? {}) };
    }
    const className = checkDnsSubdomain(this, 'storageClassName', props.storageClassName ?? HARVESTER_LONGHORN);
    const p = props.storageClassParameters ?? {};
    const checked = longhornParameters(this, p, 'storageClassParameters.');
    return {
      className,
      parameters: imageClassParameters({ ...checked, ...(p.dataLocality ? { dataLocality: p.dataLocality } : {}) } as Record<string, string>),
    };
  }
}

/** An http(s) URL (Harvester's controller HEADs it before the download: vmiOperator CheckURLAndUpdate). */
function checkUrl(scope: IConstruct, url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
    throw invalid(scope, 'url', url, 'an http:// or https:// URL');
  }
  return url;
}

/** The UI's image-type label from the URL's file suffix (harvester-ui-extension edit/harvesterhci.io.virtualmachineimage.vue setImageLabels). */
function imageTypeOf(url: string): ImageType | undefined {
  const suffix = new URL(url).pathname.split('/').pop()?.split('.').pop()?.toLowerCase() ?? '';
  if (suffix === 'iso') return ImageType.ISO;
  return DISK_SUFFIXES.includes(suffix) ? ImageType.RAW_QCOW2 : undefined;
}

import { ApiObject, Chart, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDnsSubdomain } from '../core/private/names';
import { LonghornDataLocality } from '../platform/harvester';
import { ReclaimPolicy, VolumeBindingMode } from '../platform/kubernetes';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';
import { longhornParameters } from './private/longhorn-parameters';

/** Props of a HarvesterStorageClass. */
export interface HarvesterStorageClassProps {
  /** Name of the StorageClass (what volumes name as `storageClass`). */
  readonly name: string;
  /** Longhorn replicas of each volume (`numberOfReplicas`), 1 to 20. @default 3 */
  readonly replicas?: number;
  /** How long a failed replica is kept before it is rebuilt (`staleReplicaTimeout`, whole minutes). @default Duration.minutes(30) */
  readonly staleReplicaTimeout?: Duration;
  /** Longhorn disk tags replicas must be placed on (`diskSelector`). @default - any disk */
  readonly diskSelector?: string[];
  /** Longhorn node tags replicas must be placed on (`nodeSelector`). @default - any node */
  readonly nodeSelector?: string[];
  /** Volumes can be live-migrated with their VM (`migratable`). @default true */
  readonly migratable?: boolean;
  /** Replica placement relative to the VM (`dataLocality`). @default LonghornDataLocality.DISABLED */
  readonly dataLocality?: LonghornDataLocality;
  /** What happens to a volume when its claim is deleted. @default ReclaimPolicy.DELETE */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** Volumes can be grown. @default true */
  readonly allowVolumeExpansion?: boolean;
  /** When volumes are bound. @default VolumeBindingMode.IMMEDIATE */
  readonly volumeBindingMode?: VolumeBindingMode;
  /** The cluster's default StorageClass (annotation `storageclass.kubernetes.io/is-default-class`). @default false */
  readonly isDefault?: boolean;
}

/**
 * A StorageClass for VM disks on Harvester's Longhorn (`provisioner: driver.longhorn.io`), with the
 * parameters Harvester's UI writes (replicas, stale replica timeout, disk and node selectors,
 * migratable, data locality). Checked against the Kubernetes storage.k8s.io OpenAPI and Harvester's
 * storageclass webhook rules; volumes use it by `storageClassName`.
 */
export class HarvesterStorageClass extends Construct {
  /** The Longhorn CSI provisioner. */
  public static readonly PROVISIONER = 'driver.longhorn.io';

  /** Name of the StorageClass. */
  public readonly storageClassName: string;
  /** The generated StorageClass (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: HarvesterStorageClassProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.storageClassName = checkDnsSubdomain(this, 'name', props.name);
    const checked = longhornParameters(this, props);
    const parameters: { [key: string]: string } = {
      numberOfReplicas: checked.numberOfReplicas,
      staleReplicaTimeout: checked.staleReplicaTimeout,
      migratable: String(props.migratable ?? true),
      ...(checked.diskSelector ? { diskSelector: checked.diskSelector } : {}),
      ...(checked.nodeSelector ? { nodeSelector: checked.nodeSelector } : {}),
      ...(props.dataLocality ? { dataLocality: props.dataLocality } : {}),
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: this.storageClassName,
        labels: { [CREATOR_LABEL]: CREATOR_VALUE },
        ...(props.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
      },
      provisioner: HarvesterStorageClass.PROVISIONER,
      parameters,
      reclaimPolicy: props.reclaimPolicy ?? ReclaimPolicy.DELETE,
      allowVolumeExpansion: props.allowVolumeExpansion ?? true,
      volumeBindingMode: props.volumeBindingMode ?? VolumeBindingMode.IMMEDIATE,
    });
    // StorageClass is cluster-scoped: no namespace even in a chart that has one
    if (Chart.of(this).namespace) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}

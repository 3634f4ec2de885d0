import { ApiObject, Chart, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { Setting } from '../../imports/harvesterhci.io';
import { invalid, problem } from '../core/private/errors';
import { SecretValue } from '../core/secret-value';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SecretOutput } from '../secrets/secret-output';
import { SynthValidation } from '../validation/synth-validation';

/** Where Harvester keeps VM backups (the `type` of the `backup-target` setting; `pkg/settings/settings_helper.go`). */
export enum BackupTargetType {
  /** An S3 bucket (AWS or any S3-compatible store). */
  S3 = 's3',
  /** An NFS share. */
  NFS = 'nfs',
}

/** Props of a BackupTarget. */
export interface BackupTargetProps {
  /** S3 or NFS. */
  readonly type: BackupTargetType;
  /**
   * NFS: the share, `nfs://server:/path` (the `nfs://` is optional). S3: the endpoint URL of an
   * S3-compatible store such as MinIO.
   * @default - none (required for NFS; for S3, AWS)
   */
  readonly endpoint?: string;
  /** The bucket (S3 only). @default - none (required for S3) */
  readonly bucketName?: string;
  /** The bucket's region (S3 only), e.g. `us-east-1`. @default - none (required for S3) */
  readonly bucketRegion?: string;
  /** The access key id (S3 only). @default - none (required for S3) */
  readonly accessKeyId?: SecretValue;
  /** The secret access key (S3 only). @default - none (required for S3) */
  readonly secretAccessKey?: SecretValue;
  /** Address the bucket as `bucket.endpoint` instead of `endpoint/bucket` (S3 only). @default false */
  readonly virtualHostedStyle?: boolean;
  /** A PEM CA certificate the S3 endpoint's certificate is checked with (S3 only). @default - the system roots */
  readonly cert?: string;
  /** How often Longhorn re-reads the target, in whole seconds. @default - Longhorn's default (`refreshIntervalInSeconds: 0`) */
  readonly refreshInterval?: Duration;
  /**
   * How the S3 credentials Secret is written.
   * @default - the scope's default (`SecretOutput.setDefault`); when there is none, synth refuses
   */
  readonly secretOutput?: SecretOutput;
}

/** Name of the setting (harvester/harvester `pkg/settings/settings.go` BackupTargetSettingName). */
const SETTING_NAME = 'backup-target';
/** The Secret Longhorn reads S3 credentials from (`pkg/util/constants.go` BackupTargetSecretName, LonghornSystemNamespaceName). */
const CREDENTIALS_SECRET = 'harvester-backup-target-secret';
const CREDENTIALS_NAMESPACE = 'longhorn-system';

/**
 * The cluster's backup target: Harvester's `backup-target` Setting (`harvesterhci.io/v1beta1`,
 * cluster-scoped), S3 or NFS. The value is written as Harvester stores it once configured
 * (every key of `pkg/settings` BackupTarget, in its order, S3 keys empty), so Git and the cluster
 * agree.
 *
 * S3 credentials never go into the setting: Harvester's controller (`backup_target.go`
 * OnBackupTargetChange) moves keys given in the value into the Secret
 * `longhorn-system/harvester-backup-target-secret` (keys `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_ENDPOINTS`, `AWS_CERT`, `VIRTUAL_HOSTED_STYLE`) and strips them.
 * This construct writes that Secret itself, through the app's secret output (sealed, external, or
 * plain only when asked for). Harvester's setting webhook accepts a keyless S3 value only when
 * the cluster already has that target (same type, bucket, region, endpoint and addressing style;
 * `setting/validator.go` isUpdatedS3BackupTarget): set the target once by hand (UI) on a new
 * cluster, or after changing any of those, then Git keeps it.
 */
export class BackupTarget extends Construct {
  /** The generated Setting (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The credentials Secret (or what produces it in the cluster), for S3. */
  public readonly credentials?: ApiObject;
  /** The setting's value, as written. */
  public readonly value: string;

  constructor(scope: Construct, id: string, props: BackupTargetProps) {
    super(scope, id);
    SynthValidation.enable(this);
    const s3 = props.type === BackupTargetType.S3;
    this.checkFields(props, s3);
    const seconds = props.refreshInterval?.toSeconds({ integral: false }) ?? 0;
    if (!Number.isInteger(seconds) || seconds < 0) throw invalid(this, 'refreshInterval', seconds, 'a whole number of seconds ≥ 0');
    // pkg/settings BackupTarget, field order as Go's json.Marshal writes it
    this.value = JSON.stringify({
      type: props.type,
      endpoint: props.endpoint ?? '',
      accessKeyId: '',
      secretAccessKey: '',
      bucketName: props.bucketName ?? '',
      bucketRegion: props.bucketRegion ?? '',
      cert: props.cert ?? '',
      virtualHostedStyle: props.virtualHostedStyle ?? false,
      refreshIntervalInSeconds: seconds,
    });
    this.apiObject = new ApiObject(this, 'Resource', Setting.manifest({
      metadata: { name: SETTING_NAME, labels: { [CREATOR_LABEL]: CREATOR_VALUE } },
      value: this.value,
    }));
    // Setting is cluster-scoped: no namespace even in a chart that has one
    if (Chart.of(this).namespace) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    if (s3) this.credentials = this.writeCredentials(props);
  }

  /** setting/validator.go validateBackupTargetFields: the fields each type needs and may not have. */
  private checkFields(props: BackupTargetProps, s3: boolean): void {
    if (!Object.values(BackupTargetType).includes(props.type)) throw invalid(this, 'type', props.type, 'BackupTargetType.S3 or BackupTargetType.NFS');
    const given = (key: keyof BackupTargetProps) => props[key] !== undefined && props[key] !== '';
    const needed: Array<keyof BackupTargetProps> = s3 ? ['bucketName', 'bucketRegion', 'accessKeyId', 'secretAccessKey'] : ['endpoint'];
    for (const key of needed) if (!given(key)) throw problem(this, key, `is required for an ${props.type} backup target`);
    if (!s3) {
      for (const key of ['bucketName', 'bucketRegion', 'accessKeyId', 'secretAccessKey', 'virtualHostedStyle', 'cert', 'secretOutput'] as const) {
        if (given(key)) throw problem(this, key, 'is for S3 only; an NFS backup target has no bucket, region, credentials or certificate');
      }
    }
  }

  /** The Secret the controller would write from keys in the value (backup_target.go getBackupSecretData), proxies aside. */
  private writeCredentials(props: BackupTargetProps): ApiObject {
    const chosen = props.secretOutput ?? SecretOutput.of(this);
    const output = chosen ?? SecretOutput._unchosen();
    const data = (): { [key: string]: string } => ({
      AWS_ACCESS_KEY_ID: String(props.accessKeyId),
      AWS_SECRET_ACCESS_KEY: String(props.secretAccessKey),
      AWS_ENDPOINTS: (props.endpoint ?? '').trim(),
      AWS_CERT: (props.cert ?? '').trim(),
      VIRTUAL_HOSTED_STYLE: String(props.virtualHostedStyle ?? false),
    });
    const secret = output._emit(this, 'Credentials', {
      name: CREDENTIALS_SECRET,
      namespace: CREDENTIALS_NAMESPACE,
      labels: { [CREATOR_LABEL]: CREATOR_VALUE },
      stringData: data,
    });
    if (!chosen) this.node.addValidation({ validate: () => SecretOutput._guardPlainText(this, data()) });
    return secret;
  }
}

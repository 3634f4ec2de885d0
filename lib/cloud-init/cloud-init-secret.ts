import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CloudConfig, CloudConfigOptions, CloudInitFile, CloudInitUser } from './cloud-config';
import { Command } from './command';
import { NetworkConfig } from './network-config';
import { checkDnsLabel, checkDnsSubdomain } from '../core/names';
import { SecretOutput, defaultSecretOutput, guardPlainText } from '../secrets/secret-output';
import { CREATOR_LABEL, CREATOR_VALUE } from '../harvester/labels';
import { cloudConfigKeys } from '../validation/cloud-init-data';
import { RuleProblem } from '../validation/platform-rules';
import { SynthValidation } from '../validation/synth-validation';

/** Props of a CloudInitSecret. */
export interface CloudInitSecretProps extends CloudConfigOptions {
  /** Name of the Secret (explicit: renaming the construct id never renames the object). */
  readonly name: string;
  /** Namespace. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** Network configuration (`networkdata`). @default - none; the guest uses its image's default (usually DHCP) */
  readonly networkConfig?: NetworkConfig;
  /**
   * How the Secret is written when its content holds SecretValues.
   * @default - the scope's default (`SecretOutput.setDefault`); when there is none, content with
   *            SecretValues is refused at synth and content without them becomes a plain Secret
   */
  readonly secretOutput?: SecretOutput;
  /** Extra labels on the Secret. @default - the creator label only */
  readonly labels?: { [key: string]: string };
}

/**
 * Cloud-init user data (a typed `#cloud-config`) and optional network data, rendered into the
 * `v1/Secret` that a HarvesterVm mounts through `cloudInitNoCloud.secretRef` (keys `userdata`,
 * `networkdata`).
 */
export class CloudInitSecret extends Construct {
  /** Secret name. */
  public readonly name: string;
  /** Secret namespace. */
  public readonly namespace: string;
  /** The network configuration, if any. */
  public readonly networkConfig?: NetworkConfig;
  /** The object written (a Secret, or what produces it in the cluster): escape hatch. */
  public readonly apiObject: ApiObject;
  private readonly config: CloudConfig;

  constructor(scope: Construct, id: string, props: CloudInitSecretProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.name = checkDnsSubdomain(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    if (props.hostname !== undefined) checkDnsLabel(this, 'hostname', props.hostname);
    this.config = new CloudConfig(this, props);
    this.networkConfig = props.networkConfig;
    this.networkConfig?.validate(this);

    const chosen = props.secretOutput ?? SecretOutput.of(this);
    const output = chosen ?? defaultSecretOutput();
    this.apiObject = output.emit(this, 'Resource', {
      name: this.name,
      namespace: this.namespace,
      labels: { [CREATOR_LABEL]: CREATOR_VALUE, ...props.labels },
      stringData: () => this.data(),
    }).apiObject;
    SynthValidation.checkDataWith(this.apiObject, () => this.checkModelKeys());
    this.node.addValidation({
      validate: () => {
        this.networkConfig?.validate(this);
        return chosen ? [] : guardPlainText(this, this.data());
      },
    });
  }

  /** Adds a file to `write_files`. */
  public addFile(file: CloudInitFile): void {
    this.config.addFile(file);
  }

  /** Adds a `runcmd` command. */
  public addCommand(command: Command): void {
    this.config.addCommand(command);
  }

  /** Adds a `bootcmd` command. */
  public addBootCommand(command: Command): void {
    this.config.addBootCommand(command);
  }

  /** Adds a package to install. */
  public addPackage(name: string): void {
    this.config.addPackage(name);
  }

  /** Adds an SSH public key for the default user. */
  public addSshKey(key: string): void {
    this.config.addSshKey(key);
  }

  /** Adds a user. */
  public addUser(user: CloudInitUser): void {
    this.config.addUser(user);
  }

  /** Sets any other cloud-config key (escape hatch). */
  public addConfig(key: string, value: any): void {
    this.config.setExtra(key, value);
  }

  /** The files written so far. */
  public get files(): readonly CloudInitFile[] {
    return this.config.fileList;
  }

  /** The user data (`#cloud-config` …), SecretValues still as markers. */
  public renderUserData(): string {
    return this.config.render();
  }

  /** The network data, if any. */
  public renderNetworkData(): string | undefined {
    return this.networkConfig?.render();
  }

  /** Layer-3 check from the model: every top-level key is one cloud-init knows. */
  private checkModelKeys(): RuleProblem[] {
    const known = cloudConfigKeys();
    const meta = { kind: String(this.apiObject.kind), name: this.name, namespace: this.namespace };
    return Object.keys(this.config.toObject())
      .filter((key) => !known.has(key))
      .map((key) => ({ ...meta, field: `userdata.${key}`, value: key, message: 'is not a cloud-config key cloud-init knows' }));
  }

  private data(): { [key: string]: string } {
    const data: { [key: string]: string } = { userdata: this.renderUserData() };
    const network = this.renderNetworkData();
    if (network !== undefined) data.networkdata = network;
    return data;
  }
}

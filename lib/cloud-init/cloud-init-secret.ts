import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { CloudConfigOptions, CloudInitFile, CloudInitUser } from './cloud-config';
import { Command } from './command';
import { NetworkConfig } from './network-config';
import { CloudConfigBuilder } from './private/cloud-config-builder';
import { checkDnsLabel, checkDnsSubdomain } from '../core/private/names';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SecretOutput } from '../secrets/secret-output';
import { SynthValidation } from '../validation/synth-validation';

/**
 * A cloud-init Secret a HarvesterVm can mount: made by this app (`CloudInitSecret`) or existing
 * in the cluster (`CloudInitSecret.fromSecretName`).
 */
export interface ICloudInitSecret extends IConstruct {
  /** Secret name. */
  readonly name: string;
  /** Secret namespace. */
  readonly namespace: string;
  /** True when the Secret has a `networkdata` key (the VM then references it as network data too). */
  readonly hasNetworkData: boolean;
}

/** Options of `CloudInitSecret.fromSecretName`. */
export interface ExistingCloudInitSecretOptions {
  /** Namespace of the Secret. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** The Secret has a `networkdata` key. @default false */
  readonly hasNetworkData?: boolean;
}

/** What a CloudInitSecret holds, without its name: the part a HarvesterVm can take directly. */
export interface CloudInitContentProps extends CloudConfigOptions {
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

/** Props of a CloudInitSecret. */
export interface CloudInitSecretProps extends CloudInitContentProps {
  /** Name of the Secret (explicit: renaming the construct id never renames the object). */
  readonly name: string;
  /** Namespace. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
}

/** A cloud-init Secret that exists outside this app: referenced, never written. */
class ExistingCloudInitSecret extends Construct implements ICloudInitSecret {
  public readonly name: string;
  public readonly namespace: string;
  public readonly hasNetworkData: boolean;

  constructor(scope: Construct, id: string, name: string, options: ExistingCloudInitSecretOptions) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', name);
    this.namespace = checkDnsLabel(this, 'namespace', options.namespace ?? Chart.of(this).namespace ?? 'default');
    this.hasNetworkData = options.hasNetworkData ?? false;
    SynthValidation.addExternalSecret(this, `${this.namespace}/${this.name}`);
  }
}

/**
 * Cloud-init user data (a typed `#cloud-config`) and optional network data, rendered into the
 * `v1/Secret` that a HarvesterVm mounts through `cloudInitNoCloud.secretRef` (keys `userdata`,
 * `networkdata`). A HarvesterVm makes its own from its `userData` prop; make one directly to
 * share it or to reach its API.
 */
export class CloudInitSecret extends Construct implements ICloudInitSecret {
  /**
   * A cloud-init Secret that already exists in the cluster (`namespace/name`): the VM references
   * it, nothing is written. Declare it to validation with `SynthValidation.configure(app, {
   * externalSecrets })` if the app has no object of that name.
   */
  public static fromSecretName(scope: Construct, id: string, name: string, options: ExistingCloudInitSecretOptions = {}): ICloudInitSecret {
    return new ExistingCloudInitSecret(scope, id, name, options);
  }

  /** Secret name. */
  public readonly name: string;
  /** Secret namespace. */
  public readonly namespace: string;
  /** The network configuration, if any. */
  public readonly networkConfig?: NetworkConfig;
  /** The object written (a Secret, or what produces it in the cluster): escape hatch. */
  public readonly apiObject: ApiObject;
  private readonly config: CloudConfigBuilder;

  constructor(scope: Construct, id: string, props: CloudInitSecretProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.name = checkDnsSubdomain(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    if (props.hostname !== undefined) checkDnsLabel(this, 'hostname', props.hostname);
    this.config = new CloudConfigBuilder(this, props);
    this.networkConfig = props.networkConfig;
    this.networkConfig?._validate(this);

    const chosen = props.secretOutput ?? SecretOutput.of(this);
    const output = chosen ?? SecretOutput._unchosen();
    this.apiObject = output._emit(this, 'Resource', {
      name: this.name,
      namespace: this.namespace,
      labels: { [CREATOR_LABEL]: CREATOR_VALUE, ...props.labels },
      stringData: () => this.data(),
    });
    SynthValidation._checkDataWith(this.apiObject, () => ({ userdata: this.config.renderedObject() }));
    this.node.addValidation({
      validate: () => {
        this.networkConfig?._validate(this);
        return chosen ? [] : SecretOutput._guardPlainText(this, this.data());
      },
    });
  }

  /** True when the Secret has network data. */
  public get hasNetworkData(): boolean {
    return this.networkConfig !== undefined;
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

  /** The files written so far (a copy). */
  public get files(): CloudInitFile[] {
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

  private data(): { [key: string]: string } {
    const data: { [key: string]: string } = { userdata: this.renderUserData() };
    const network = this.renderNetworkData();
    if (network !== undefined) data.networkdata = network;
    return data;
  }
}

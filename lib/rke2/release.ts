import { IConstruct } from 'constructs';
import { invalid } from '../core/private/errors';

const VERSION = /^v\d+\.\d+\.\d+\+rke2r\d+$/;
const CHANNEL = /^(stable|latest|testing|v\d+\.\d+)$/;

/**
 * Which RKE2 release the install script installs: an exact version, or the newest of a channel.
 * One value type instead of two mutually exclusive strings.
 */
export class Rke2Release {
  /** The `stable` channel (RKE2's default). */
  public static readonly STABLE = new Rke2Release(undefined, 'stable');
  /** The `latest` channel. */
  public static readonly LATEST = new Rke2Release(undefined, 'latest');

  /** An exact release (`INSTALL_RKE2_VERSION`), e.g. `v1.31.4+rke2r1`. */
  public static version(version: string): Rke2Release {
    return new Rke2Release(version, undefined);
  }

  /** The newest release of a channel (`INSTALL_RKE2_CHANNEL`): `stable`, `latest`, `testing` or a minor line such as `v1.31`. */
  public static channel(channel: string): Rke2Release {
    return new Rke2Release(undefined, channel);
  }

  private constructor(
    /** The exact version, for `Rke2Release.version`. */
    public readonly exactVersion: string | undefined,
    /** The channel, for `Rke2Release.channel`. */
    public readonly channelName: string | undefined,
  ) {}

  /** Throws unless the version or channel is well formed. @internal */
  public _check(scope: IConstruct, field: string): void {
    if (this.exactVersion !== undefined && !VERSION.test(this.exactVersion)) {
      throw invalid(scope, field, this.exactVersion, 'an RKE2 release such as "v1.31.4+rke2r1"');
    }
    if (this.channelName !== undefined && !CHANNEL.test(this.channelName)) {
      throw invalid(scope, field, this.channelName, 'stable, latest, testing or a minor line such as "v1.31"');
    }
  }

  /** The install script's environment for the release. @internal */
  public _installEnv(): string[] {
    if (this.exactVersion !== undefined) return [`INSTALL_RKE2_VERSION=${this.exactVersion}`];
    if (this.channelName !== undefined) return [`INSTALL_RKE2_CHANNEL=${this.channelName}`];
    return [];
  }
}

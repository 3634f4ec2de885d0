import { IConstruct } from 'constructs';
import { invalid, problem } from '../core/errors';

const VERSION = /^v\d+\.\d+\.\d+\+rke2r\d+$/;
const CHANNEL = /^(stable|latest|testing|v\d+\.\d+)$/;

/** An air-gapped install: the install script and artifacts are already on the image. */
export interface AirGapOptions {
  /** Path of the install script on the image. @default '/opt/rke2-artifacts/install.sh' */
  readonly installScriptPath?: string;
  /** Directory with the RKE2 tarball, images and checksums (`INSTALL_RKE2_ARTIFACT_PATH`). @default '/opt/rke2-artifacts' */
  readonly artifactPath?: string;
}

/** Which RKE2 to install and how. */
export interface Rke2InstallOptions {
  /** Exact version (`INSTALL_RKE2_VERSION`), e.g. `v1.31.4+rke2r1`. @default - the channel's newest */
  readonly version?: string;
  /** Release channel (`INSTALL_RKE2_CHANNEL`): stable, latest, testing or `v1.31`. @default - stable (RKE2's default) */
  readonly channel?: string;
  /** Install from files on the image instead of downloading. @default - download the install script */
  readonly airGap?: AirGapOptions;
  /** Install the qemu-guest-agent package (the load balancer needs guest IPs). @default true */
  readonly installGuestAgent?: boolean;
  /** Enable and start qemu-guest-agent. @default true */
  readonly enableGuestAgent?: boolean;
}

/** The install script's URL. */
export const INSTALL_SCRIPT_URL = 'https://get.rke2.io';
/** Where the downloaded install script is kept. */
export const DOWNLOADED_SCRIPT = '/usr/local/bin/rke2-install.sh';

/** Throws unless version and channel are well formed and not both set. */
export function checkInstall(scope: IConstruct, field: string, options: Rke2InstallOptions): void {
  if (options.version !== undefined && !VERSION.test(options.version)) {
    throw invalid(scope, `${field}.version`, options.version, 'an RKE2 release such as "v1.31.4+rke2r1"');
  }
  if (options.channel !== undefined && !CHANNEL.test(options.channel)) {
    throw invalid(scope, `${field}.channel`, options.channel, 'stable, latest, testing or a minor line such as "v1.31"');
  }
  if (options.version !== undefined && options.channel !== undefined) {
    throw problem(scope, field, 'cannot specify both version and channel');
  }
}

/** The install environment (`NAME=value` pairs) for a role. */
export function installEnv(options: Rke2InstallOptions, type: 'server' | 'agent'): string[] {
  const env: string[] = [];
  if (options.version) env.push(`INSTALL_RKE2_VERSION=${options.version}`);
  if (options.channel) env.push(`INSTALL_RKE2_CHANNEL=${options.channel}`);
  env.push(`INSTALL_RKE2_TYPE=${type}`);
  if (options.airGap) env.push(`INSTALL_RKE2_ARTIFACT_PATH=${options.airGap.artifactPath ?? '/opt/rke2-artifacts'}`);
  return env;
}

import { Rke2Release } from './release';

/** An air-gapped install: the install script and artifacts are already on the image. */
export interface AirGapOptions {
  /** Path of the install script on the image. @default '/opt/rke2-artifacts/install.sh' */
  readonly installScriptPath?: string;
  /** Directory with the RKE2 tarball, images and checksums (`INSTALL_RKE2_ARTIFACT_PATH`). @default '/opt/rke2-artifacts' */
  readonly artifactPath?: string;
}

/** Which RKE2 to install and how. */
export interface Rke2InstallOptions {
  /** The release: `Rke2Release.version('v1.31.4+rke2r1')` or `Rke2Release.channel('v1.31')`. @default - the install script's default (the stable channel) */
  readonly release?: Rke2Release;
  /** Install from files on the image instead of downloading. @default - download the install script */
  readonly airGap?: AirGapOptions;
  /** Install the qemu-guest-agent package (the load balancer needs guest IPs). @default true */
  readonly installGuestAgent?: boolean;
  /** Enable and start qemu-guest-agent. @default true */
  readonly enableGuestAgent?: boolean;
}

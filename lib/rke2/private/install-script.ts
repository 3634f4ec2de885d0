import { Rke2InstallOptions } from '../install';
import { Rke2Role } from '../role';

/** The install script's URL. */
export const INSTALL_SCRIPT_URL = 'https://get.rke2.io';
/** Where the downloaded install script is kept. */
export const DOWNLOADED_SCRIPT = '/usr/local/bin/rke2-install.sh';
/** Where an air-gapped image keeps the install script and artifacts, unless told otherwise. */
export const AIR_GAP_DIR = '/opt/rke2-artifacts';

/** The install environment (`NAME=value` pairs) for a role. */
export function installEnv(options: Rke2InstallOptions, role: Rke2Role): string[] {
  const env: string[] = options.release ? options.release._installEnv() : [];
  env.push(`INSTALL_RKE2_TYPE=${role}`);
  if (options.airGap) env.push(`INSTALL_RKE2_ARTIFACT_PATH=${options.airGap.artifactPath ?? AIR_GAP_DIR}`);
  return env;
}

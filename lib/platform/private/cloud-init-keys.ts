import { existsSync, readFileSync } from 'node:fs';

/** Where Debian's cloud-init package keeps its cloud-config JSON schema. */
export const CLOUD_INIT_SCHEMA = '/usr/lib/python3/dist-packages/cloudinit/config/schemas/schema-cloud-config-v1.json';

/** The keys GitVops' own cloud-config model writes: the fallback when cloud-init is not installed. */
const MODEL_KEYS = [
  'hostname', 'fqdn', 'users', 'ssh_authorized_keys', 'package_update', 'package_upgrade', 'packages', 'write_files',
  'bootcmd', 'runcmd', 'timezone', 'ntp', 'manage_etc_hosts', 'preserve_hostname', 'chpasswd', 'ssh_pwauth',
  'disable_root', 'mounts', 'growpart', 'resize_rootfs', 'final_message', 'power_state', 'apt', 'yum_repos', 'ca_certs', 'merge_how',
];

let knownKeys: Set<string> | undefined;
let schemaJson: any;

/** cloud-init's cloud-config schema as JSON, read once; undefined when cloud-init is not installed. */
export function cloudInitSchema(): any {
  if (schemaJson === undefined) schemaJson = existsSync(CLOUD_INIT_SCHEMA) ? JSON.parse(readFileSync(CLOUD_INIT_SCHEMA, 'utf8')) : null;
  return schemaJson ?? undefined;
}

/**
 * The top-level keys cloud-init knows: read once from its own schema (every `properties` of
 * the module definitions its `allOf` references) when Debian's cloud-init is installed, else
 * GitVops' model keys.
 */
export function cloudConfigKeys(): Set<string> {
  if (knownKeys) return knownKeys;
  knownKeys = new Set(MODEL_KEYS);
  const schema = cloudInitSchema();
  if (schema !== undefined) {
    for (const ref of schema.allOf ?? []) {
      const def = schema.$defs?.[String(ref.$ref).replace('#/$defs/', '')];
      for (const key of Object.keys(def?.properties ?? {})) knownKeys.add(key);
      for (const key of Object.keys(def?.patternProperties ?? {})) knownKeys.add(key);
    }
  }
  return knownKeys;
}

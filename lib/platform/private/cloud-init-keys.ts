import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, fileKey, writeCacheFile } from '../../core/private/code-cache';

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

/** What validation needs to know of cloud-init's schema besides its validators. */
export interface CloudInitSchemaFacts {
  /** The top-level keys of the module definitions the root's `allOf` references (`properties`, `patternProperties`). */
  readonly keys: readonly string[];
  /** See `keysIndependent`. */
  readonly keysIndependent: boolean;
}

let facts: CloudInitSchemaFacts | null | undefined;

/**
 * The facts of the installed schema, undefined when cloud-init is not installed. Read once per
 * process: from the cloud-init cache (`cacheDir('gitvops-cloud-init')`, keyed by the schema file)
 * when an earlier process stored them, else from the schema itself (a 134 KB JSON document, ~3 ms
 * to read and parse in every synth before) and stored.
 */
export function cloudInitSchemaFacts(): CloudInitSchemaFacts | undefined {
  if (facts !== undefined) return facts ?? undefined;
  if (!existsSync(CLOUD_INIT_SCHEMA)) {
    facts = null;
    return undefined;
  }
  const dir = cacheDir('gitvops-cloud-init', { underJest: true });
  const file = dir && join(dir, `facts-${fileKey(CLOUD_INIT_SCHEMA, 'schema facts v1')}.json`);
  if (file && existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8'));
      if (Array.isArray(stored?.keys) && stored.keys.every((k: unknown) => typeof k === 'string') && typeof stored.keysIndependent === 'boolean') {
        facts = { keys: stored.keys, keysIndependent: stored.keysIndependent };
        return facts;
      }
    } catch {
      // read from the schema again below
    }
  }
  const schema = cloudInitSchema();
  const keys = new Set<string>();
  for (const ref of schema.allOf ?? []) {
    const def = schema.$defs?.[String(ref.$ref).replace('#/$defs/', '')];
    for (const key of Object.keys(def?.properties ?? {})) keys.add(key);
    for (const key of Object.keys(def?.patternProperties ?? {})) keys.add(key);
  }
  facts = { keys: [...keys], keysIndependent: keysIndependent(schema) };
  if (file) writeCacheFile(file, JSON.stringify(facts));
  return facts;
}

/**
 * The top-level keys cloud-init knows: from its own schema (`cloudInitSchemaFacts`) when Debian's
 * cloud-init is installed, and GitVops' model keys.
 */
export function cloudConfigKeys(): Set<string> {
  if (knownKeys) return knownKeys;
  knownKeys = new Set([...MODEL_KEYS, ...(cloudInitSchemaFacts()?.keys ?? [])]);
  return knownKeys;
}

/**
 * Whether cloud-init's schema checks each top-level key on its own: the root is only `allOf`
 * references to module schemas, and each module schema only declares `properties` (no
 * `required`, `dependencies`, pattern properties or alternatives that tie keys together, no closed
 * `additionalProperties`). True of the schema cloud-init ships (23.x–25.x); read from the
 * installed file, so a release that ties keys together is validated whole. Then the errors of a
 * document are the union of the errors of its keys, each validated alone.
 */
export function keysIndependent(schema: any): boolean {
  if (!schema || typeof schema !== 'object' || !Array.isArray(schema.allOf)) return false;
  if (Object.keys(schema).some((k) => !['$schema', '$defs', 'allOf', '$comment', 'description'].includes(k))) return false;
  return schema.allOf.every((entry: any) => {
    const module = moduleOf(schema, entry);
    return module !== undefined
      && Object.keys(module).every((k) => ['type', 'properties', 'additionalProperties', 'description', '$comment'].includes(k))
      && (module.type === undefined || module.type === 'object')
      && (module.additionalProperties === undefined || module.additionalProperties === true);
  });
}

/** The module schema an `allOf` entry `{ $ref: '#/$defs/<name>' }` names. */
export function moduleOf(schema: any, entry: any): any {
  const name = typeof entry?.$ref === 'string' && Object.keys(entry).length === 1 ? /^#\/\$defs\/([^/]+)$/.exec(entry.$ref)?.[1] : undefined;
  const module = name !== undefined ? schema.$defs?.[name] : undefined;
  return module && typeof module === 'object' && !Array.isArray(module) ? module : undefined;
}

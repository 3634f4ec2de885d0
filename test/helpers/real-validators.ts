// The real validators, run on what GitVops renders: cloud-init's own JSON schema (from Debian's
// cloud-init package, compiled with ajv), `cloud-init schema --config-file`, and
// `netplan generate --root-dir` on a scratch root. Missing tools skip with one visible notice,
// and fail the test on CI (CI=true), where .ci/run installs them.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { Testing } from 'cdk8s';
import { Chart } from 'cdk8s';
import { parse } from 'yaml';
import { CLOUD_INIT_SCHEMA, cloudConfigKeys } from '../../lib/platform/private/cloud-init-keys';

function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

export const hasCloudInit = (): boolean => which('cloud-init') && existsSync(CLOUD_INIT_SCHEMA);
export const hasNetplan = (): boolean => which('netplan');

const noticed = new Set<string>();
/** True when the tool is there; otherwise a notice (once) or, on CI, an error. */
function available(tool: string, present: boolean): boolean {
  if (present) return true;
  if (process.env.CI === 'true') throw new Error(`${tool} is required on CI (.ci/run installs it with apt-get)`);
  if (!noticed.has(tool)) {
    noticed.add(tool);
    console.warn(`NOTICE: ${tool} is not installed: its real-validator checks are SKIPPED (apt-get install cloud-init netplan.io)`);
  }
  return false;
}

let schemaValidator: ReturnType<AjvDraft04['compile']> | undefined;
function cloudConfigSchema() {
  if (!schemaValidator) {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    schemaValidator = ajv.compile(JSON.parse(readFileSync(CLOUD_INIT_SCHEMA, 'utf8')));
  }
  return schemaValidator;
}

const cache = new Map<string, string[]>();
function cached(kind: string, text: string, run: () => string[]): string[] {
  const key = `${kind}:${createHash('sha256').update(text).digest('hex')}`;
  let found = cache.get(key);
  if (!found) {
    found = run();
    cache.set(key, found);
  }
  return found;
}

/**
 * Problems cloud-init finds in user data: the `#cloud-config` header, YAML 1.1 parsing as
 * PyYAML does, cloud-init's JSON schema (ajv), unknown top-level keys, and the
 * `cloud-init schema` command itself. Identical documents are checked once per process.
 */
export function checkCloudConfig(userdata: string): string[] {
  if (!available('cloud-init', hasCloudInit())) return [];
  return cached('cloud-config', userdata, () => {
    if (!userdata.startsWith('#cloud-config\n')) return ['user data does not start with "#cloud-config"'];
    const doc = parse(userdata, { version: '1.1' });
    const validate = cloudConfigSchema();
    const problems: string[] = [];
    if (!validate(doc)) problems.push(...(validate.errors ?? []).map((e) => `schema: ${e.instancePath || '/'} ${e.message}`));
    const keys = cloudConfigKeys();
    for (const key of Object.keys(doc ?? {})) if (!keys.has(key)) problems.push(`schema: unknown key ${key}`);
    const dir = mkdtempSync(join(tmpdir(), 'gitvops-cloud-init-'));
    try {
      const file = join(dir, 'user-data');
      writeFileSync(file, userdata);
      const result = spawnSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
      if (result.status !== 0) problems.push(`cloud-init schema: exit ${result.status}: ${(result.stdout + result.stderr).trim()}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return problems;
  });
}

/** Problems `netplan generate` finds in network data (written as /etc/netplan/50-cloud-init.yaml). */
export function checkNetworkConfig(networkdata: string): string[] {
  if (!available('netplan', hasNetplan())) return [];
  return cached('netplan', networkdata, () => {
    const root = mkdtempSync(join(tmpdir(), 'gitvops-netplan-'));
    try {
      mkdirSync(join(root, 'etc', 'netplan'), { recursive: true });
      writeFileSync(join(root, 'etc', 'netplan', '50-cloud-init.yaml'), networkdata, { mode: 0o600 });
      const result = spawnSync('netplan', ['generate', '--root-dir', root], { encoding: 'utf8' });
      return result.status === 0 ? [] : [`netplan generate: exit ${result.status}: ${(result.stdout + result.stderr).trim()}`];
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

/** Every Secret's userdata and networkdata in `objects` checked by the real validators. */
export function checkAllCloudInit(objects: any[]): string[] {
  return objects.filter((o) => o.kind === 'Secret').flatMap((s) => [
    ...(s.stringData?.userdata ? checkCloudConfig(s.stringData.userdata).map((p) => `${s.metadata.name} userdata: ${p}`) : []),
    ...(s.stringData?.networkdata ? checkNetworkConfig(s.stringData.networkdata).map((p) => `${s.metadata.name} networkdata: ${p}`) : []),
  ]);
}

/** The objects of a chart. */
export function synthObjects(chart: Chart): any[] {
  return Testing.synth(chart);
}

/** The one object of a kind and name. */
export function findObject(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/**
 * The Secrets that External Secrets would render from each ExternalSecret, with a stand-in
 * value for every remote key and the `{{ "{{" }}` escapes turned back: what the VM really gets.
 */
export function renderExternalSecrets(objects: any[], standIn = 'stand-in-value'): any[] {
  return objects.map((o) => {
    if (o.kind !== 'ExternalSecret') return o;
    const stringData: { [key: string]: string } = {};
    for (const [key, template] of Object.entries<string>(o.spec.target.template.data)) {
      stringData[key] = template.replace(/\{\{ "(\{\{|\}\})" \}\}|\{\{ index \. "[^"]+" \}\}/g, (_m, literal) => literal ?? standIn);
    }
    return { apiVersion: 'v1', kind: 'Secret', metadata: { name: o.spec.target.name, namespace: o.metadata.namespace }, stringData };
  });
}

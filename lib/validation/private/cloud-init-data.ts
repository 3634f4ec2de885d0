import { parse } from 'yaml';
import { Report, RuleProblem, RuleReport, reporterFor, ruleReporterFor } from './problems';
import { sshPublicKeyProblem } from '../../core/private/ssh-key';
import { cloudConfigSchemaErrors } from './cloud-init-schema';
import type { ObjectVisit } from './same-shape';
import { checkNetplanDocument } from './netplan';
import { cloudConfigKeys } from '../../platform/private/cloud-init-keys';

/** The document as YAML 1.1 (as cloud-init's PyYAML reads it), or undefined after reporting why not. */
function parseOrReport(text: string, field: string, report: Report): any {
  try {
    return parse(text, { version: '1.1' });
  } catch (e) {
    report(field, undefined, `not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function checkUserData(text: string, field: string, report: Report, ruled: RuleReport): void {
  if (text.startsWith('#!') || text.startsWith('Content-Type:') || text.startsWith('## template: jinja')) return;
  if (!text.startsWith('#cloud-config')) {
    report(field, text.split('\n')[0], 'user data must start with "#cloud-config" (or be a "#!" script)');
    return;
  }
  const doc = parseOrReport(text, field, report);
  if (doc === null || doc === undefined) return;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    report(field, undefined, 'a cloud-config must be a YAML mapping');
    return;
  }
  checkCloudConfigDocument(doc, field, report, ruled);
}

/**
 * A parsed cloud-config: every top-level key one cloud-init knows, the whole document against
 * cloud-init's own JSON schema when Debian's cloud-init is installed (types and shapes inside
 * known keys), and SSH keys that are real keys. Used on parsed user data and, for GitVops'
 * constructs, on the model they render (no YAML re-parse). `visit`: see `cloudConfigRawErrors`.
 */
export function checkCloudConfigDocument(doc: any, field: string, report: Report, ruled: RuleReport, visit?: ObjectVisit): void {
  const keys = cloudConfigKeys();
  const docKeys = Object.keys(doc as object);
  for (let i = 0; i < docKeys.length; i++) {
    const key = docKeys[i];
    if (!keys.has(key)) report(`${field}.${key}`, key, 'is not a cloud-config key cloud-init knows');
  }
  const errors = cloudConfigSchemaErrors(doc, visit);
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i];
    if (!e.field.includes('.') && !e.field.includes('[') && !keys.has(e.field)) continue;
    ruled('cloud-init.schema', `${field}.${e.field}`, e.value, e.message);
  }
  checkSshKeys(doc.ssh_authorized_keys, `${field}.ssh_authorized_keys`, ruled);
  (Array.isArray(doc.users) ? doc.users : []).forEach((u: any, i: number) => {
    if (u && typeof u === 'object') checkSshKeys(u.ssh_authorized_keys, `${field}.users[${i}].ssh_authorized_keys`, ruled);
  });
}


/** Rule cloud-init.ssh-key: every authorized key is a real OpenSSH public key. */
function checkSshKeys(keys: unknown, field: string, report: RuleReport): void {
  if (!Array.isArray(keys)) return;
  keys.forEach((key, i) => {
    const why = typeof key === 'string' ? sshPublicKeyProblem(key) : 'not a string';
    if (why) report('cloud-init.ssh-key', `${field}[${i}]`, key, `is not an OpenSSH public key: ${why}`);
  });
}

function checkNetworkData(text: string, field: string, report: Report, ruled: RuleReport): void {
  if (text.trim() === '') return;
  const doc = parseOrReport(text, field, report);
  if (doc === undefined) return;
  const net = doc?.network ?? doc;
  if (net?.version !== 1 && net?.version !== 2) {
    report(`${field}.version`, net?.version, 'network-config version must be 1 or 2');
    return;
  }
  if (net.version !== 2) return;
  checkNetplanDocument(net, field, ruled);
}

const USER_KEYS = ['userdata', 'userData'];
const NETWORK_KEYS = ['networkdata', 'networkData'];

/**
 * Checks the cloud-init data an object carries: a Secret's `userdata`/`networkdata` (stringData
 * or base64 data) and inline `cloudInitNoCloud` data of a VirtualMachine.
 */
export function checkCloudInitData(obj: any): RuleProblem[] {
  const out: RuleProblem[] = [];
  const secret = obj?.kind === 'Secret' && obj.apiVersion === 'v1';
  // the reporters only for the kinds that carry cloud-init data (no functions made for every PVC)
  if (!secret && obj?.kind !== 'VirtualMachine') return out;
  const report = reporterFor(obj, out);
  const ruled = ruleReporterFor(obj, out);
  if (secret) {
    for (const [source, decode] of [['stringData', (s: string) => s], ['data', (s: string) => Buffer.from(s, 'base64').toString('utf8')]] as const) {
      const data = obj[source] ?? {};
      for (const key of USER_KEYS) if (typeof data[key] === 'string') checkUserData(decode(data[key]), `${source}.${key}`, report, ruled);
      for (const key of NETWORK_KEYS) if (typeof data[key] === 'string') checkNetworkData(decode(data[key]), `${source}.${key}`, report, ruled);
    }
  }
  if (obj?.kind === 'VirtualMachine') {
    const volumes = obj.spec?.template?.spec?.volumes ?? [];
    for (let i = 0; i < volumes.length; i++) {
      const v = volumes[i];
      const inline = v?.cloudInitNoCloud ?? v?.cloudInitConfigDrive;
      if (typeof inline?.userData !== 'string' && typeof inline?.networkData !== 'string') continue;
      const at = `spec.template.spec.volumes[${i}].${v?.cloudInitNoCloud ? 'cloudInitNoCloud' : 'cloudInitConfigDrive'}`;
      if (typeof inline?.userData === 'string') checkUserData(inline.userData, `${at}.userData`, report, ruled);
      if (typeof inline?.networkData === 'string') checkNetworkData(inline.networkData, `${at}.networkData`, report, ruled);
    }
  }
  return out;
}

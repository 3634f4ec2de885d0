import { SecretText } from './ts-source';

/**
 * The secret material found in imported objects, each distinct value behind one environment
 * variable: the generated code holds `SecretValue.fromEnv(NAME)`, never the value. The values stay
 * in memory for the round-trip synth only.
 */
export class Placeholders {
  private readonly byValue = new Map<string, string>();
  private readonly values = new Map<string, string>();
  private readonly uses = new Map<string, string[]>();

  /** The variable standing for `value` (the same for the same value), named from `hint`. */
  public nameFor(value: string, hint: string, where: string): string {
    let name = this.byValue.get(value);
    if (!name) {
      const base = hint.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'SECRET';
      name = /^[0-9]/.test(base) ? `S_${base}` : base;
      for (let i = 2; this.values.has(name); i++) name = `${base}_${i}`;
      this.byValue.set(value, name);
      this.values.set(name, value);
    }
    this.uses.set(name, [...(this.uses.get(name) ?? []), where]);
    return name;
  }

  /** Every variable and where it is used (no values). */
  public get list(): Array<{ envName: string; usedIn: string[] }> {
    return [...this.uses].map(([envName, usedIn]) => ({ envName, usedIn: [...new Set(usedIn)] }));
  }

  /** The environment the round trip synthesizes with. @internal */
  public environment(): { [name: string]: string } {
    return Object.fromEntries(this.values);
  }
}

const SECRET_KEY = /(token|password|passwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)$/i;
const PEM = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;
/** `key: value` / `key = value` / `KEY=value` lines of config files whose key names a secret. */
const ASSIGNMENT = /^(\s*(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*)(["']?)([^\s"'#][^"'\n]*?)\3(\s*)$/gm;
/** Shell words: `NAME_TOKEN=value`, `--token value`, `--token=value`. */
const SHELL = /(\b([A-Za-z0-9_]*(?:TOKEN|PASSWORD|SECRET|PASSWD)[A-Za-z0-9_]*)=)(["']?)([^\s"']+)\3|(--(token|password|secret|agent-token)[ =])(["']?)([^\s"']+)\7/gi;

/** True when a key names secret material. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !/^ssh_authorized_keys$|public/i.test(key);
}

type Cut = { start: number; end: number; hint: string };

function cutOut(value: string, cuts: Cut[], placeholders: Placeholders, where: string): string | SecretText {
  if (!cuts.length) return value;
  cuts.sort((a, b) => a.start - b.start);
  const parts: Array<string | { env: string }> = [];
  let at = 0;
  for (const c of cuts) {
    if (c.start < at) continue;
    parts.push(value.slice(at, c.start), { env: placeholders.nameFor(value.slice(c.start, c.end), c.hint, where) });
    at = c.end;
  }
  parts.push(value.slice(at));
  return new SecretText(parts.filter((p) => p !== ''));
}

/** A file's content with private keys and `secret-key: value` assignments cut out. */
export function scrubFile(content: string, hint: string, placeholders: Placeholders, where: string): string | SecretText {
  const cuts: Cut[] = [];
  for (const m of content.matchAll(PEM)) cuts.push({ start: m.index!, end: m.index! + m[0].length, hint: `${hint}_PRIVATE_KEY` });
  for (const m of content.matchAll(ASSIGNMENT)) {
    if (!isSecretKey(m[2]) || m[4].trim() === '' || /^(true|false|null|~)$/i.test(m[4])) continue;
    const start = m.index! + m[1].length + m[3].length;
    cuts.push({ start, end: start + m[4].length, hint: `${hint}_${m[2]}` });
  }
  return cutOut(content, cuts, placeholders, where);
}

/** A shell command with `…TOKEN=value` and `--token value` words cut out. */
export function scrubCommand(command: string, hint: string, placeholders: Placeholders, where: string): string | SecretText {
  const cuts: Cut[] = [];
  for (const m of command.matchAll(SHELL)) {
    const prefix = m[1] ?? m[5];
    const quote = m[3] ?? m[7] ?? '';
    const secret = m[4] ?? m[8];
    const start = m.index! + prefix.length + quote.length;
    cuts.push({ start, end: start + secret.length, hint: `${hint}_${m[2] ?? m[6]}` });
  }
  return cutOut(command, cuts, placeholders, where);
}

/** Any cloud-config value with string values under secret keys replaced (recursively). */
export function scrubValue(value: any, key: string, hint: string, placeholders: Placeholders, where: string): any {
  if (typeof value === 'string') {
    if (isSecretKey(key) && value !== '') return new SecretText([{ env: placeholders.nameFor(value, `${hint}_${key}`, where) }]);
    const pem = scrubFile(value, `${hint}_${key}`, placeholders, where);
    return pem;
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, key, hint, placeholders, where));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, k, hint, placeholders, where)]));
  return value;
}

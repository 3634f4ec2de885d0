/**
 * TypeScript source text for generated apps: literals of JSON values (identifier keys bare,
 * single-quoted strings, two-space indentation, trailing commas), template literals that embed
 * `SecretValue.fromEnv` placeholders, and construct ids.
 */

/** A value that is written as code, not as a literal (e.g. `Size.gibibytes(4)`). */
export class Code {
  constructor(public readonly text: string) {}
}

/** A string with secret material cut out: literal text and environment-variable placeholders, in order. */
export class SecretText {
  constructor(public readonly parts: ReadonlyArray<string | { env: string }>) {}
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A single-quoted string literal. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** A template literal: multi-line text stays readable; `SecretText` parts become `${SecretValue.fromEnv('…')}`. */
export function template(value: string | SecretText): string {
  const parts = typeof value === 'string' ? [value] : value.parts;
  const body = parts.map((p) => (typeof p === 'string' ? p.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') : `\${SecretValue.fromEnv(${str(p.env)})}`)).join('');
  return `\`${body}\``;
}

/** A string: a template literal when it spans lines or holds placeholders, else a quoted one. */
export function text(value: string | SecretText): string {
  if (value instanceof SecretText) return value.parts.some((p) => typeof p !== 'string') ? template(value) : text(value.parts.join(''));
  return value.includes('\n') && value.length > 40 ? template(value) : str(value);
}

const key = (k: string) => (IDENT.test(k) ? k : str(k));

/** A TypeScript expression for a JSON value (with `Code` and `SecretText` leaves), indented from `indent`. */
export function literal(value: unknown, indent = ''): string {
  if (value instanceof Code) return value.text;
  if (value instanceof SecretText || typeof value === 'string') return text(value as string | SecretText);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => literal(v, inner));
    const flat = `[${items.join(', ')}]`;
    if (flat.length <= 80 && !flat.includes('\n')) return flat;
    return `[\n${items.map((i) => `${inner}${i},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const items = entries.map(([k, v]) => `${key(k)}: ${literal(v, inner)}`);
  const flat = `{ ${items.join(', ')} }`;
  if (flat.length <= 80 && !flat.includes('\n')) return flat;
  return `{\n${items.map((i) => `${inner}${i},\n`).join('')}${indent}}`;
}

/** A construct id / variable name from a Kubernetes name: `web-01-disk-0` → `web01Disk0`. */
export function variableName(name: string, taken: Set<string>): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('') || 'object';
  if (/^[0-9]/.test(base)) base = `x${base}`;
  if (RESERVED.has(base)) base = `${base}Object`;
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}${i}`;
  taken.add(candidate);
  return candidate;
}

const RESERVED = new Set(['this', 'class', 'new', 'default', 'function', 'var', 'let', 'const', 'delete', 'in', 'of', 'super', 'import', 'export', 'return', 'vm', 'props']);

/**
 * The markers that stand for SecretValues in rendered content, and the registry that maps them
 * back. Internal: constructs and secret outputs use these; users see only `SecretValue`.
 *
 * A marker is `__GITVOPS_SECRET_<id>__`. When a renderer embeds text holding markers into a
 * format with its own quoting, it tags each marker with that context, innermost first
 * (`tagMarkers`): `q` for a YAML double-quoted scalar, `b<n>` for a YAML block literal whose
 * content is indented by n spaces. E.g. the RKE2 token inside `token: "…"` of config.yaml, which
 * is itself a block literal of the cloud-config, becomes `__GITVOPS_SECRET_3_q_b6__`. Whoever
 * replaces the marker (with the value, or with a template expression) applies the escaping of
 * each context in that order, so any value renders correctly (see `escapeForContexts` and
 * `goTemplateExpression`).
 */

/** What the registry needs of a SecretValue. */
export interface MarkedSecret {
  readonly source: string;
}

const MARKER_PREFIX = '__GITVOPS_SECRET_';
const MARKER_PATTERN = /__GITVOPS_SECRET_(\d+)((?:_(?:q|b\d+))*)__/g;
const registry: MarkedSecret[] = [];

/** Registers a secret and returns its marker. */
export function registerSecret(secret: MarkedSecret): string {
  registry.push(secret);
  return `${MARKER_PREFIX}${registry.length - 1}__`;
}

/** Every secret whose marker occurs in `text`, in order of first occurrence. */
export function secretsInText<T extends MarkedSecret>(text: string): T[] {
  const found = new Map<number, MarkedSecret>();
  for (const match of text.matchAll(MARKER_PATTERN)) {
    const id = Number(match[1]);
    if (!found.has(id) && registry[id]) found.set(id, registry[id]);
  }
  return [...found.values()] as T[];
}

/**
 * Replaces every marker in `text` with what `render` gives for its secret and the contexts the
 * marker was embedded in, innermost first (`['q', 'b6']`).
 */
export function replaceSecrets<T extends MarkedSecret>(text: string, render: (secret: T, contexts: string[]) => string): string {
  return text.replace(MARKER_PATTERN, (whole, id, tags: string) => {
    const secret = registry[Number(id)];
    return secret ? render(secret as T, tags ? tags.slice(1).split('_') : []) : whole;
  });
}

/** True when `text` holds at least one marker. */
export function holdsSecret(text: string): boolean {
  return text.includes(MARKER_PREFIX);
}

/** `text` with every marker tagged as embedded in one more context (outside those it has). */
export function tagMarkers(text: string, context: string): string {
  return text.replace(MARKER_PATTERN, (_whole, id, tags: string) => `${MARKER_PREFIX}${id}${tags}_${context}__`);
}

/** Characters a YAML stream may not carry raw (YAML 1.1 printable set), plus the line separators. */
const YAML_UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

const SHORT_ESCAPES: { [ch: string]: string } = {
  '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u000b': '\\v', '"': '\\"', '\\': '\\\\',
};
/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * `value` escaped for the inside of a YAML double-quoted scalar (no surrounding quotes), exactly
 * as Go's `%q` (sprig's `quote`) writes it, so that a value revealed at synth and the same value
 * rendered by a Go template in the cluster give the same bytes. Every escape `%q` writes (`\a`,
 * `\b`, `\f`, `\n`, `\r`, `\t`, `\v`, `\"`, `\\`, `\xXX`, `\uXXXX`, `\UXXXXXXXX`) is a YAML 1.1
 * double-quoted escape; printable characters stay as they are.
 */
export function escapeDoubleQuoted(value: string): string {
  let out = '';
  for (const ch of value) {
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) {
      out += short;
      continue;
    }
    if (GO_PRINTABLE.test(ch)) {
      out += ch;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** Contexts after which further ones change nothing: a double-quoted value holds no newline. */
function effectiveContexts(contexts: string[]): string[] {
  const out: string[] = [];
  let quoted = false;
  for (const c of contexts) {
    if (c === 'q') {
      out.push(c);
      quoted = true;
    } else if (!quoted) {
      out.push(c);
    }
  }
  return out;
}

/**
 * `value` as it must be written at a marker embedded in `contexts` (innermost first), or an
 * error message when no writing of it can be read back unchanged (a carriage return or a
 * non-printable character in a block literal).
 */
export function escapeForContexts(value: string, contexts: string[]): { text?: string; error?: string } {
  let text = value;
  for (const c of effectiveContexts(contexts)) {
    if (c === 'q') {
      text = escapeDoubleQuoted(text);
    } else {
      if (/\r/.test(text) || YAML_UNPRINTABLE.test(text)) {
        return { error: 'contains a carriage return or a non-printable character, which a YAML block literal cannot carry' };
      }
      text = text.replace(/\n/g, `\n${' '.repeat(Number(c.slice(1)))}`);
    }
  }
  return { text };
}

/**
 * The Go text/template expression (External Secrets v2, sealed-secrets: both Go templates with
 * sprig) that writes the value of data key `key` at a marker embedded in `contexts`: sprig's
 * `quote` (Go's %q: every escape it writes is a YAML double-quoted escape) without its quotes for
 * a double-quoted scalar, the block's indentation after each newline for a block literal.
 */
export function goTemplateExpression(key: string, contexts: string[]): string {
  let expression = `index . ${JSON.stringify(key)}`;
  for (const c of effectiveContexts(contexts)) {
    if (c === 'q') expression += ' | quote | trimPrefix "\\"" | trimSuffix "\\""';
    else expression += ` | replace "\\n" "\\n${' '.repeat(Number(c.slice(1)))}"`;
  }
  return `{{ ${expression} }}`;
}

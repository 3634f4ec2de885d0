import { CORE_SCHEMA, load } from 'js-yaml';

/** A key line at column 0 (`kind: x`, `metadata:`): where a top-level section starts. */
const TOP_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*:(?: |$)/;
/** A line ending in a block scalar's header (`key: |`, `- >-`, `key: |2+`). */
const BLOCK_SCALAR = /(?:^|[:-])[ \t]+[|>][-+0-9]*[ \t]*$/m;
/** A tag, anchor, alias, comment or explicit key where a node or a comment can start. */
const SPECIAL = /(?:^|\s)#|(?:^|[\s:-])[&*!?](?:\S|$)|(?:^|\s)\?\s/m;
/** Lines with quotes or flow brackets: each must close what it opens. */
const QUOTED_OR_FLOW = /^.*["'[\]{}].*$/gm;


/**
 * Whether no value of `text` can continue on a later line: quotes and flow collections closed on
 * the line that opens them, no block scalar, tab, tag, anchor, alias, comment or explicit key. In
 * such a document the indentation alone tells what is nested in what.
 */
function selfContained(text: string): boolean {
  if (text.includes('\t') || BLOCK_SCALAR.test(text) || SPECIAL.test(text)) return false;
  for (const [line] of text.matchAll(QUOTED_OR_FLOW)) {
    const doubles = (line.replace(/\\./g, '').match(/"/g) ?? []).length;
    const singles = (line.match(/'/g) ?? []).length;
    const open = (line.match(/[[{]/g) ?? []).length;
    const close = (line.match(/[\]}]/g) ?? []).length;
    if (doubles % 2 !== 0 || singles % 2 !== 0 || open !== close) return false;
  }
  return true;
}

/** The indentation of the line starting at `at`. */
function indentAt(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i) === 32) i++;
  return i - at;
}

/**
 * Where the value of the key line starting at `at` ends: the start of the first later line that is
 * not blank and indented no deeper than the key (a `- ` item at the key's own indentation still
 * belongs to it: a compact sequence), or `to`.
 */
function valueEnd(text: string, at: number, to: number): number {
  const indent = indentAt(text, at);
  let line = text.indexOf('\n', at) + 1;
  while (line > 0 && line < to) {
    const n = indentAt(text, line);
    const c = text.charCodeAt(line + n);
    const blankLine = c === 10 || line + n >= to;
    if (!blankLine && (n < indent || (n === indent && !(c === 45 && text.charCodeAt(line + n + 1) === 32)))) return line;
    line = text.indexOf('\n', line) + 1;
  }
  return to;
}

/**
 * The start of the line of `key` among the children of the key line at `parent` (its value ends
 * at `to`), when it is a block value (`key:` alone on its line); -1 when no child has that key;
 * undefined when it may be there in another form (a quoted key, a value on the same line).
 */
function childKey(text: string, parent: number, to: number, key: string): number | undefined {
  const first = text.indexOf('\n', parent) + 1;
  if (first <= 0 || first >= to) return -1;
  const pad = `\n${' '.repeat(indentAt(text, first))}`;
  const body = text.slice(first - 1, to);
  if (body.includes(`${pad}"`) || body.includes(`${pad}'`) || body.startsWith(`${pad}- `)) return undefined;
  const at = body.indexOf(`${pad}${key}:`);
  if (at < 0) return -1;
  const after = at + pad.length + key.length + 1;
  const rest = body.slice(after, body.indexOf('\n', after) < 0 ? body.length : body.indexOf('\n', after));
  return rest.trim() === '' ? first - 1 + at + 1 : undefined;
}

/** The lines `[from, to)` moved left to column 0 (as many spaces off each as the first has), ending in a newline. */
function dedented(text: string, from: number, to: number): string {
  const indent = indentAt(text, from);
  const part = text.slice(from, to);
  const moved = indent ? part.replace(new RegExp(`^ {${indent}}`, 'gm'), '') : part;
  return moved.endsWith('\n') ? moved : `${moved}\n`;
}

/** Top-level key lines: `key:` at column 0. */
const TOP_LINE = /^[^ \n][^\n]*/gm;

/**
 * What the diff's classification reads of a VirtualMachine document that is the same on both
 * sides — its apiVersion, kind, metadata and `spec.template.spec.volumes` (the claims and Secrets
 * it needs) — parsed from those parts of the text alone: an unchanged VM is a quarter of a large
 * output's bytes, and its volumes a tenth of the VM. js-yaml parses the parts; they are found
 * by indentation, which is only sound where no value spans lines, so any line of the document that
 * could (a block scalar, an open quote or flow collection, a tag, anchor, alias, comment or
 * explicit key) or a part not in block style returns undefined: the caller parses the document.
 */
export function unchangedVmStub(text: string): any | undefined {
  if (text.includes('\r') || !selfContained(text)) return undefined;
  const sections = new Map<string, number>();
  const starts: number[] = [];
  for (const m of text.matchAll(TOP_LINE)) {
    if (!TOP_KEY.test(m[0])) return undefined;
    const key = m[0].slice(0, m[0].indexOf(':'));
    if (sections.has(key)) return undefined;
    sections.set(key, m.index!);
    starts.push(m.index!);
  }
  const sectionTo = (at: number) => starts.find((x) => x > at) ?? text.length;
  // one js-yaml document of the parts: the top-level sections, and the volumes moved to column 0
  // (a VM has no top-level `volumes`); one parse instead of one per part
  let parts = '';
  for (const key of ['apiVersion', 'kind', 'metadata']) {
    const at = sections.get(key);
    if (at !== undefined) parts += dedented(text, at, sectionTo(at));
  }
  const spec = sections.get('spec');
  let specStub: any;
  let volumesAt: any;
  if (spec !== undefined) {
    let parent = spec;
    let to = sectionTo(spec);
    if (text.slice(spec, text.indexOf('\n', spec) < 0 ? to : text.indexOf('\n', spec)).trim() !== 'spec:') return undefined;
    specStub = {};
    let at: any = specStub;
    let depth = 0;
    for (const key of ['template', 'spec']) {
      const found = childKey(text, parent, to, key);
      if (found === undefined) return undefined;
      if (found < 0) break;
      at = at[key] = {};
      parent = found;
      to = valueEnd(text, found, to);
      depth++;
    }
    if (depth === 2) {
      const volumes = childKey(text, parent, to, 'volumes');
      if (volumes === undefined) return undefined;
      if (volumes >= 0) {
        parts += dedented(text, volumes, valueEnd(text, volumes, to));
        volumesAt = at;
      }
    }
  }
  let parsed: any;
  try {
    parsed = load(parts, { schema: CORE_SCHEMA }) ?? {};
  } catch {
    return undefined; // the whole document's parse says what is wrong
  }
  if (parsed.kind !== 'VirtualMachine' || typeof parsed.metadata?.name !== 'string') return undefined;
  const { volumes, ...top } = parsed;
  if (volumesAt) volumesAt.volumes = volumes;
  return specStub ? { ...top, spec: specStub } : top;
}

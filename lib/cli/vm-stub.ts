import { CORE_SCHEMA, load } from 'js-yaml';
import { flattenStrings } from './files';

/** A key line at column 0 (`kind: x`, `metadata:`): where a top-level section starts. */
const TOP_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*:(?: |$)/;
const SPACE = 32;
const NEWLINE = 10;

/** Whether the line goes on from `i` with a block scalar header's indicators only (`-`, `+`, digits, spaces). */
function headerRest(text: string, i: number): boolean {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) return true;
    if (!(c === SPACE || c === 45 || c === 43 || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/**
 * Whether no value of `text` can continue on a later line: quotes and flow collections closed on
 * the line that opens them, no block scalar, tab, carriage return, tag, anchor, alias, comment or
 * explicit key. In such a document the indentation alone tells what is nested in what. One pass
 * over the characters; it errs on the side of false (a `#` or `&` inside a quoted value, say),
 * which only means the whole document is parsed.
 */
function selfContained(text: string): boolean {
  let doubles = 0;
  let singles = 0;
  let depth = 0;
  let prev = NEWLINE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case NEWLINE:
        if (doubles % 2 !== 0 || singles % 2 !== 0 || depth !== 0) return false;
        doubles = 0;
        singles = 0;
        break;
      case 9: // tab
      case 13: // carriage return
        return false;
      case 34: // "
        doubles++;
        break;
      case 92: // \ : inside double quotes, the next character is escaped
        if (doubles % 2 !== 0) i++;
        break;
      case 39: // '
        singles++;
        break;
      case 91: // [
      case 123: // {
        depth++;
        break;
      case 93: // ]
      case 125: // }
        depth--;
        break;
      case 35: // # : a comment after a blank
        if (prev === SPACE || prev === NEWLINE) return false;
        break;
      case 38: // & anchor
      case 42: // * alias
      case 33: // ! tag
      case 63: // ? explicit key
        if (prev === SPACE || prev === NEWLINE || prev === 45 || prev === 58) return false;
        break;
      case 124: // | block scalar
      case 62: // > folded block scalar
        if (prev === SPACE && headerRest(text, i + 1)) return false;
        break;
      default:
    }
    prev = c;
  }
  return doubles % 2 === 0 && singles % 2 === 0 && depth === 0;
}

/** Characters after which only the exact pass can tell (quotes aside): `selfContained`. */
const SUSPECT = /[\t\r#&*!?|>'\\[\]]|\{(?!\})|(?<!\{)\}/;
/** A double-quoted string closed on its line. */
const CLOSED_QUOTES = /"[^"\n]*"/g;

/**
 * `selfContained`, answered by two native regex scans for the usual document (no character that
 * needs the exact pass: flow collections only as `{}`, no single quote, backslash, `#`, `&`, `*`,
 * `!`, `?`, `|`, `>`, tab or carriage return); the exact pass otherwise.
 */
function plainEnough(text: string): boolean {
  if (SUSPECT.test(text)) return selfContained(text);
  // a quote left once every closed pair is gone opens a string that goes on to the next line
  return !text.includes('"') || !text.replace(CLOSED_QUOTES, '').includes('"');
}

/** The indentation of the line starting at `at`. */
function indentAt(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i) === SPACE) i++;
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
    const blankLine = c === NEWLINE || line + n >= to;
    if (!blankLine && (n < indent || (n === indent && !text.startsWith('- ', line + n)))) return line;
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
  let first = text.indexOf('\n', parent) + 1;
  // the first child line sets the children's indentation: blank lines before it say nothing
  while (first > 0 && first < to && text.charCodeAt(first + indentAt(text, first)) === NEWLINE) first = text.indexOf('\n', first) + 1;
  if (first <= 0 || first >= to) return -1;
  const indent = indentAt(text, first);
  // a sequence here: not the mapping looked for
  if (text.startsWith('- ', first + indent)) return undefined;
  const pad = `\n${' '.repeat(indent)}`;
  const within = (needle: string) => {
    const at = text.indexOf(needle, first - 1);
    return at >= 0 && at < to ? at : -1;
  };
  if (within(`${pad}"`) >= 0 || within(`${pad}'`) >= 0) return undefined;
  const at = within(`${pad}${key}:`);
  if (at < 0) return -1;
  let i = at + pad.length + key.length + 1;
  while (text.charCodeAt(i) === SPACE) i++;
  return i >= text.length || text.charCodeAt(i) === NEWLINE ? at + 1 : undefined;
}

/** The lines `[from, to)` moved left to column 0 (as many spaces off each as the first has), ending in a newline. */
function dedented(text: string, from: number, to: number): string {
  const indent = indentAt(text, from);
  const part = text.slice(from, to);
  const moved = indent ? part.replace(new RegExp(`^ {${indent}}`, 'gm'), '') : part;
  return moved.endsWith('\n') ? moved : `${moved}\n`;
}

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
  if (!plainEnough(text)) return undefined;
  const sections = new Map<string, number>();
  const starts: number[] = [];
  for (let at = 0; at < text.length; at = text.indexOf('\n', at) + 1 || text.length) {
    const c = text.charCodeAt(at);
    if (c === SPACE || c === NEWLINE) continue;
    const colon = text.indexOf(':', at);
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end);
    if (colon < 0 || !TOP_KEY.test(line)) return undefined;
    const key = text.slice(at, colon);
    if (sections.has(key)) return undefined;
    sections.set(key, at);
    starts.push(at);
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
    const eol = text.indexOf('\n', spec);
    if (text.slice(spec, eol < 0 ? to : eol).trim() !== 'spec:') return undefined;
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
    parsed = flattenStrings(load(parts, { schema: CORE_SCHEMA }) ?? {});
  } catch {
    return undefined; // the whole document's parse says what is wrong
  }
  if (parsed.kind !== 'VirtualMachine' || typeof parsed.metadata?.name !== 'string') return undefined;
  const { volumes, ...top } = parsed;
  if (volumesAt) volumesAt.volumes = volumes;
  return specStub ? { ...top, spec: specStub } : top;
}

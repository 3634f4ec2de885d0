import { Document, Scalar, isMap, stringify } from 'yaml';

const KEY_PROBE = 1;
/** The yaml library renders strings with a document marker differently at each indentation. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** Rendered scalars kept per emitter; past this the cache starts again (long-running processes). */
const CACHE_LIMIT = 50_000;

/** A string as `prepare` rewrote it, and the style it is written in. */
export interface Prepared {
  readonly value: string;
  readonly style: Scalar.Type;
}

/** Thrown inside a document the emitter cannot write exactly: it is rendered whole by the library. */
class Fallback extends Error {}

/** The yaml library's options the emitter reproduces (a subset of its `DocumentOptions & ToStringOptions`). */
export interface YamlEmitterOptions {
  readonly version: '1.1' | '1.2';
  readonly lineWidth: number;
  readonly minContentWidth?: number;
  readonly keepUndefined?: boolean;
  readonly aliasDuplicateObjects?: boolean;
}

/**
 * Serialises JSON-shaped documents (plain objects, arrays, strings, numbers, booleans, null) to
 * the same bytes as the `yaml` library with the given options, faster: the block structure is
 * written directly, and every distinct scalar (and key) is rendered once by the `yaml` library
 * itself and cached, so quoting, escaping and block-literal choices are the library's own.
 * Documents the emitter cannot reproduce exactly fall back to the library as a whole: strings
 * with a document marker (a line starting with `---`, `...` or `%`, which the library renders
 * differently by indentation) and values that are not JSON-shaped (class instances, -0).
 *
 * `styleOf` may force a scalar style for some strings (as a `visit` setting `node.type` would);
 * `prepare` then rewrites such a string for where it lands (its style, and the content indentation
 * of a block literal, undefined when the library writes the document), and may change the style.
 * Rewritten strings are not cached (they depend on the indentation).
 *
 * @internal
 */
export class YamlEmitter {
  private values = new Map<unknown, string>();
  private strings = new Map<string, string>();
  private keys = new Map<string, string>();

  constructor(
    private readonly options: YamlEmitterOptions,
    private readonly styleOf?: (value: string) => Scalar.Type | undefined,
    private readonly prepare?: (value: string, style: Scalar.Type, contentIndent: number | undefined) => Prepared,
  ) {}

  /** One document, as the library would write it. */
  public document(doc: unknown): string {
    if (!isCollection(doc) || this.isEmpty(doc)) return this.library(doc);
    const out: string[] = [];
    try {
      this.block(doc, '', out);
    } catch (e) {
      if (e instanceof Fallback) return this.library(doc);
      throw e;
    }
    return out.join('');
  }

  private library(doc: unknown): string {
    if (!this.styleOf) return stringify(doc, this.options);
    const document = new Document(doc, this.options);
    const styleOf = this.styleOf;
    const restyle = (node: unknown): void => {
      if (node instanceof Scalar) {
        const style = typeof node.value === 'string' ? styleOf(node.value) : undefined;
        if (style !== undefined && this.prepare) {
          const prepared = this.prepare(node.value as string, style, undefined);
          node.value = prepared.value;
          node.type = prepared.style;
        } else if (style !== undefined) {
          node.type = style;
        }
      } else if (node && typeof node === 'object' && 'items' in node) {
        for (const item of (node as { items: any[] }).items) {
          if (isMap(node)) {
            restyle(item.key);
            restyle(item.value);
          } else restyle(item);
        }
      }
    };
    restyle(document.contents);
    return document.toString(this.options);
  }

  private block(node: object, indent: string, out: string[]): void {
    if (Array.isArray(node)) {
      for (const item of node) {
        out.push(`${indent}- `);
        this.inSequence(item, `${indent}  `, out);
      }
      return;
    }
    if (!isPlain(node)) throw new Fallback();
    const keepUndefined = this.options.keepUndefined === true;
    for (const key of Object.keys(node)) {
      const value = (node as any)[key];
      if (value === undefined && !keepUndefined) continue;
      out.push(`${indent}${this.key(key)}:`);
      if (isCollection(value) && !this.isEmpty(value)) {
        out.push('\n');
        // yaml indents a sequence under a key like a map (indentSeq)
        this.block(value, `${indent}  `, out);
      } else {
        out.push(' ', this.scalar(value, indent), '\n');
      }
    }
  }

  /** An item after `- `: the first line continues that line. */
  private inSequence(item: unknown, indent: string, out: string[]): void {
    if (!isCollection(item) || this.isEmpty(item)) {
      out.push(this.scalar(item, indent.slice(2)), '\n');
      return;
    }
    const nested: string[] = [];
    this.block(item, indent, nested);
    nested[0] = nested[0].slice(indent.length);
    for (const part of nested) out.push(part);
  }

  private key(key: string): string {
    let found = this.keys.get(key);
    if (found === undefined) {
      if (DOCUMENT_MARKER.test(key)) throw new Fallback();
      let written = key;
      let style = this.styleOf?.(key);
      if (style !== undefined && this.prepare) ({ value: written, style } = this.prepare(key, style, undefined));
      const text = this.pair(written, KEY_PROBE, 'key', style);
      found = text.slice(0, text.length - `: ${KEY_PROBE}\n`.length);
      // an explicit key (`? |-` block) changes the layout of its value
      if (found.includes('\n') || found.startsWith('? ')) throw new Fallback();
      if (written !== key) return found;
      if (this.keys.size >= CACHE_LIMIT) this.keys = new Map();
      this.keys.set(key, found);
    }
    return found;
  }

  /** A scalar after `key: ` or `- `; continuation lines of block scalars get the indent. */
  private scalar(value: unknown, indent: string): string {
    if (value === null || value === undefined) return 'null';
    if (value === true) return 'true';
    if (value === false) return 'false';
    if (isCollection(value)) {
      if (!Array.isArray(value) && !isPlain(value)) throw new Fallback();
      return Array.isArray(value) ? '[]' : '{}';
    }
    let found: string | undefined;
    if (typeof value === 'string') {
      found = this.strings.get(value);
      if (found === undefined) {
        if (DOCUMENT_MARKER.test(value)) throw new Fallback();
        let written = value;
        let style = this.styleOf?.(value);
        if (style !== undefined && this.prepare) ({ value: written, style } = this.prepare(value, style, indent.length + 2));
        // a forced literal block is what the library writes for several lines anyway
        if (style === undefined || (style === Scalar.BLOCK_LITERAL && written.includes('\n'))) {
          const simple = simpleString(written, `${indent}  `, this.options.version);
          if (simple !== undefined) return simple;
        } else if (style === Scalar.QUOTE_DOUBLE && !this.options.lineWidth && DOUBLE_QUOTE_SAFE.test(written)) {
          // nothing to escape, and no folding (lineWidth 0): the library writes the quotes only
          return `"${written}"`;
        }
        found = this.probe(written, style);
        if (written === value) {
          if (this.strings.size >= CACHE_LIMIT) this.strings = new Map();
          this.strings.set(value, found);
        }
      }
    } else {
      if (typeof value !== 'number' && typeof value !== 'bigint') throw new Fallback();
      if (Object.is(value, -0)) throw new Fallback();
      found = this.values.get(value);
      if (found === undefined) {
        found = this.probe(value, undefined);
        if (this.values.size >= CACHE_LIMIT) this.values = new Map();
        this.values.set(value, found);
      }
    }
    // the library leaves empty lines of a block scalar unindented
    return indent !== '' && found.includes('\n') ? found.replace(/\n(?=[^\n])/g, `\n${indent}`) : found;
  }

  /** `value` as the library writes it after `k: ` at the top level. */
  private probe(value: unknown, style: Scalar.Type | undefined): string {
    const text = this.pair('k', value, 'value', style);
    return text.slice(3, text.length - 1);
  }

  /** The one-pair document `{ key: value }` as the library writes it, `style` forced on one side. */
  private pair(key: string, value: unknown, styled: 'key' | 'value', style: Scalar.Type | undefined): string {
    if (style === undefined) return stringify({ [key]: value }, this.options);
    const doc = new Document({ [key]: value }, this.options);
    ((doc.contents as any).items[0][styled] as Scalar).type = style;
    return doc.toString(this.options);
  }

  private isEmpty(value: object): boolean {
    if (Array.isArray(value)) return value.length === 0;
    for (const key in value) {
      if (Object.prototype.hasOwnProperty.call(value, key) && (this.options.keepUndefined || (value as any)[key] !== undefined)) return false;
    }
    return true;
  }
}

const PLAIN_WORD = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const IPV4 = /^[0-9]{1,3}(\.[0-9]{1,3}){3}(\/[0-9]{1,2})?$/;
/** Words YAML 1.1 reads as booleans, null or floats (`e5`); case-insensitive: a superset of the library's list. */
const YAML11_WORDS = /^(y|n|yes|no|true|false|on|off|null|e[-+]?[0-9]+)$/i;
/** A MAC address: plain, unless YAML 1.1 reads it as a base-60 integer (`52:54:00:12:34:56`). */
const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
/** YAML 1.1's base-60 integer (the yaml library's 1.1 `intSexagesimal`). */
const YAML11_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;
/** Printable ASCII with neither `"` nor `\\`: double-quoted as it is. */
const DOUBLE_QUOTE_SAFE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** Several lines of printable ASCII, the first starting with a visible character. */
const LITERAL_SAFE = /^[\x21-\x7e][\x20-\x7e\n]*$/;

/**
 * The library's rendering of the common strings that need no decision of its own, written
 * directly (unique strings, such as each node's configuration, would otherwise each cost a
 * library call): words that YAML 1.1 cannot read as anything but a string are plain; several
 * lines of printable ASCII that end in at most one newline and no blank are a literal block
 * (`|` keeps the final newline, `|-` strips it), every run of newlines followed by the content
 * indent; a MAC address is plain unless YAML 1.1 reads it as a base-60 number, then double-quoted.
 * Anything else returns undefined and goes to the library. The property tests compare
 * both ways on generated strings.
 */
function simpleString(value: string, contentIndent: string, version: '1.1' | '1.2'): string | undefined {
  if (!value.includes('\n')) {
    if (MAC.test(value)) return version === '1.1' && YAML11_SEXAGESIMAL.test(value) ? `"${value}"` : value;
    return (PLAIN_WORD.test(value) && !YAML11_WORDS.test(value)) || IPV4.test(value) ? value : undefined;
  }
  if (!LITERAL_SAFE.test(value)) return undefined;
  let body = value;
  let chomp = '-';
  if (body.endsWith('\n')) {
    body = body.slice(0, -1);
    chomp = '';
    if (body.endsWith('\n')) return undefined;
  }
  if (body.endsWith(' ')) return undefined;
  return `|${chomp}\n${contentIndent}${body.replace(/\n+/g, `$&${contentIndent}`)}`;
}

function isCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** A plain object (the library turns others, e.g. Map or Date, into other nodes). */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

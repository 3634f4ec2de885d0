import { stringify } from 'yaml';

/** The options cdk8s writes manifests with (`Yaml.stringify`). */
const CDK8S_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;
const KEY_PROBE = 1;
/** The yaml library renders strings with a document marker differently at each indentation. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

/** Thrown inside a document whose strings depend on their indentation: it is rendered whole by the library. */
class ContextDependent extends Error {}

/**
 * Serialises JSON-shaped documents (objects, arrays, strings, numbers, booleans, null) to the
 * same bytes as the `yaml` library with cdk8s' options, faster: the block structure is written
 * directly, and every distinct scalar (and key) is rendered once by the `yaml` library itself
 * and cached, so quoting, escaping and block-literal choices are the library's own. The only
 * strings the library renders differently by indentation (those with a document marker: a line
 * starting with `---`, `...` or `%`) make their document fall back to the library as a whole.
 */
export class FastYaml {
  private readonly values = new Map<string, string>();
  private readonly keys = new Map<string, string>();

  /** One document, as `yaml.stringify(doc, cdk8sOptions)` would write it. */
  public document(doc: unknown): string {
    if (!isCollection(doc) || isEmpty(doc)) return stringify(doc, CDK8S_OPTIONS);
    const out: string[] = [];
    try {
      this.block(doc, '', out);
    } catch (e) {
      if (e instanceof ContextDependent) return stringify(doc, CDK8S_OPTIONS);
      throw e;
    }
    return out.join('');
  }

  /** Several documents joined as cdk8s joins them. */
  public documents(docs: unknown[]): string {
    return docs.map((d) => (d === undefined ? '\n' : this.document(d))).join('---\n');
  }

  private block(node: object, indent: string, out: string[]): void {
    if (Array.isArray(node)) {
      for (const item of node) {
        out.push(`${indent}- `);
        this.inSequence(item, `${indent}  `, out);
      }
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      out.push(`${indent}${this.key(key)}:`);
      if (isCollection(value) && !isEmpty(value)) {
        out.push('\n');
        // yaml indents a sequence under a key like a map (indentSeq)
        this.block(value, `${indent}  `, out);
      } else {
        out.push(` ${this.scalar(value, indent)}\n`);
      }
    }
  }

  /** An item after `- `: the first line continues that line. */
  private inSequence(item: unknown, indent: string, out: string[]): void {
    if (!isCollection(item) || isEmpty(item)) {
      out.push(`${this.scalar(item, indent.slice(2))}\n`);
      return;
    }
    const nested: string[] = [];
    this.block(item, indent, nested);
    const text = nested.join('');
    out.push(text.slice(indent.length));
  }

  private key(key: string): string {
    if (DOCUMENT_MARKER.test(key)) throw new ContextDependent();
    let found = this.keys.get(key);
    if (found === undefined) {
      const text = stringify({ [key]: KEY_PROBE }, CDK8S_OPTIONS);
      found = text.slice(0, text.length - `: ${KEY_PROBE}\n`.length);
      this.keys.set(key, found);
    }
    return found;
  }

  /** A scalar after `key: ` or `- `; continuation lines of block scalars get the indent. */
  private scalar(value: unknown, indent: string): string {
    if (value === null || value === undefined) return 'null';
    if (value === true) return 'true';
    if (value === false) return 'false';
    if (isCollection(value)) return Array.isArray(value) ? '[]' : '{}';
    if (typeof value === 'string' && DOCUMENT_MARKER.test(value)) throw new ContextDependent();
    const id = `${typeof value}:${String(value)}`;
    let found = this.values.get(id);
    if (found === undefined) {
      const text = stringify({ k: value }, CDK8S_OPTIONS);
      found = text.slice(3, text.length - 1);
      this.values.set(id, found);
    }
    // the library leaves empty lines of a block scalar unindented
    return found.includes('\n') ? found.replace(/\n(?=[^\n])/g, `\n${indent}`) : found;
  }
}

function isCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

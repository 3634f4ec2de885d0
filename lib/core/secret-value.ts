import { readFileSync } from 'node:fs';

/** Where a SecretValue comes from. */
export enum SecretSourceKind {
  /** An environment variable, read at synth. */
  ENV = 'env',
  /** A file on the synth machine, read at synth. */
  FILE = 'file',
  /** A literal in the app's code. */
  PLAIN_TEXT = 'plainText',
  /** A key in an external secret store, never read at synth. */
  REMOTE = 'remote',
}

/** Options for a remote secret reference. */
export interface RemoteSecretOptions {
  /** A property inside the remote secret (e.g. a JSON field). @default - the whole value */
  readonly property?: string;
}

const MARKER_PREFIX = '__GITVOPS_SECRET_';
const MARKER_PATTERN = /__GITVOPS_SECRET_(\d+)__/g;
const registry: SecretValue[] = [];

/**
 * A secret (token, password, key) that GitVops places into generated content.
 *
 * Its `toString()` is an opaque marker, so it can be embedded in file contents and rendered
 * configuration; the marker is replaced only when the enclosing Secret is written, by the
 * output the user chose (plain text only on explicit request). The value itself never
 * appears in errors, logs or construct metadata: `source` describes it instead.
 */
export class SecretValue {
  /** The value of environment variable `name`, read at synth. */
  public static fromEnv(name: string): SecretValue {
    return new SecretValue(SecretSourceKind.ENV, `environment variable ${name}`, { envName: name });
  }

  /** The content of a file on the synth machine, read at synth (one trailing newline dropped). */
  public static fromFile(path: string): SecretValue {
    return new SecretValue(SecretSourceKind.FILE, `file ${path}`, { filePath: path });
  }

  /**
   * A literal value from the app's code. Unsafe: the value is in the source and, unless the
   * output encrypts it or points at an external store, in `dist/`.
   */
  public static unsafePlainText(value: string): SecretValue {
    return new SecretValue(SecretSourceKind.PLAIN_TEXT, 'a plain-text literal', { literal: value });
  }

  /**
   * A key in an external secret store (for ExternalSecret outputs): `key` is the remote key,
   * `property` a field inside it.
   */
  public static fromRemote(key: string, options: RemoteSecretOptions = {}): SecretValue {
    const where = options.property ? `${key}#${options.property}` : key;
    return new SecretValue(SecretSourceKind.REMOTE, `remote key ${where}`, { remoteKey: key, remoteProperty: options.property });
  }

  /** Every SecretValue whose marker occurs in `text`, in order of first occurrence. */
  public static findIn(text: string): SecretValue[] {
    const found = new Map<number, SecretValue>();
    for (const match of text.matchAll(MARKER_PATTERN)) {
      const id = Number(match[1]);
      if (!found.has(id) && registry[id]) found.set(id, registry[id]);
    }
    return [...found.values()];
  }

  /** Replaces every marker in `text` with what `render` gives for its SecretValue. */
  public static replaceIn(text: string, render: (secret: SecretValue) => string): string {
    return text.replace(MARKER_PATTERN, (whole, id) => (registry[Number(id)] ? render(registry[Number(id)]) : whole));
  }

  /** True when `text` holds at least one SecretValue marker. */
  public static isIn(text: string): boolean {
    return text.includes(MARKER_PREFIX);
  }

  /** What kind of source this is. */
  public readonly sourceKind: SecretSourceKind;
  /** A description of the source that is safe to print (never the value). */
  public readonly source: string;
  /** The remote key, for REMOTE values. */
  public readonly remoteKey?: string;
  /** The property inside the remote key, for REMOTE values. */
  public readonly remoteProperty?: string;
  private readonly id: number;
  private readonly envName?: string;
  private readonly filePath?: string;
  private readonly literal?: string;

  private constructor(
    kind: SecretSourceKind,
    source: string,
    where: { envName?: string; filePath?: string; literal?: string; remoteKey?: string; remoteProperty?: string },
  ) {
    this.sourceKind = kind;
    this.source = source;
    this.envName = where.envName;
    this.filePath = where.filePath;
    this.literal = where.literal;
    this.remoteKey = where.remoteKey;
    this.remoteProperty = where.remoteProperty;
    this.id = registry.length;
    registry.push(this);
  }

  /** True when the value can be read at synth (not a remote reference). */
  public get isReadable(): boolean {
    return this.sourceKind !== SecretSourceKind.REMOTE;
  }

  /**
   * Reads the value at synth. Throws (naming the source, not the value) when it cannot be read.
   * Only outputs that must encrypt or, on explicit request, print the value call this.
   */
  public unsafeUnwrap(): string {
    switch (this.sourceKind) {
      case SecretSourceKind.PLAIN_TEXT:
        return this.literal as string;
      case SecretSourceKind.ENV: {
        const value = process.env[this.envName as string];
        if (value === undefined || value === '') throw new Error(`SecretValue: ${this.source} is not set`);
        return value;
      }
      case SecretSourceKind.FILE: {
        try {
          return readFileSync(this.filePath as string, 'utf8').replace(/\r?\n$/, '');
        } catch {
          throw new Error(`SecretValue: ${this.source} cannot be read`);
        }
      }
      default:
        throw new Error(`SecretValue: ${this.source} is only resolved by an external secret store`);
    }
  }

  /** The opaque marker that stands for this value in rendered content. */
  public toString(): string {
    return `${MARKER_PREFIX}${this.id}__`;
  }

  /** Keeps the value out of JSON dumps and construct metadata. */
  public toJSON(): string {
    return `<SecretValue from ${this.source}>`;
  }
}

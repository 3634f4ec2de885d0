import { readFileSync } from 'node:fs';
import { failure } from './private/errors';
import { registerSecret } from './private/secret-markers';

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

  /** What kind of source this is. */
  public readonly sourceKind: SecretSourceKind;
  /** A description of the source that is safe to print (never the value). */
  public readonly source: string;
  /** The remote key, for REMOTE values. */
  public readonly remoteKey?: string;
  /** The property inside the remote key, for REMOTE values. */
  public readonly remoteProperty?: string;
  private readonly marker: string;
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
    this.marker = registerSecret(this);
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
        if (value === undefined || value === '') throw failure(undefined, 'SecretValue', `${this.source} is not set`);
        return value;
      }
      case SecretSourceKind.FILE: {
        try {
          return readFileSync(this.filePath as string, 'utf8').replace(/\r?\n$/, '');
        } catch {
          throw failure(undefined, 'SecretValue', `${this.source} cannot be read`);
        }
      }
      default:
        throw failure(undefined, 'SecretValue', `${this.source} is only resolved by an external secret store`);
    }
  }

  /** The opaque marker that stands for this value in rendered content. */
  public toString(): string {
    return this.marker;
  }

  /** Keeps the value out of JSON dumps and construct metadata. */
  public toJSON(): string {
    return `<SecretValue from ${this.source}>`;
  }
}

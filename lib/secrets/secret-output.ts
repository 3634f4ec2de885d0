import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { GitVopsError, describeConstruct } from '../core/errors';
import { SecretValue } from '../core/secret-value';
import type { ExternalSecretOutputProps } from './external-secret-output';
import type { SealedSecretOutputProps } from './sealed-secret-output';

/** What a construct asks a SecretOutput to write: one `v1/Secret`, by name. */
export interface SecretSpec {
  /** Name of the Secret that consumers (e.g. KubeVirt) read. */
  readonly name: string;
  /** Namespace of the Secret. */
  readonly namespace: string;
  /** Labels for the Secret. */
  readonly labels: { [key: string]: string };
  /**
   * Produces the keys and their text at synth (after every `addXxx` call); values may embed
   * SecretValue markers.
   */
  readonly stringData: () => { [key: string]: string };
}

/** The result of emitting: the object written, for escape hatches. */
export interface EmittedSecret {
  /** The top-level object (a Secret, ExternalSecret or SealedSecret). */
  readonly apiObject: ApiObject;
}

const defaults = new WeakMap<IConstruct, SecretOutput>();

/**
 * How an object holding secret material is written to `dist/`. Choose per construct (prop
 * `secretOutput`) or for a whole scope with `SecretOutput.setDefault(scope, output)`.
 */
export abstract class SecretOutput {
  /**
   * A plain `v1/Secret` with every SecretValue written in clear text. Only for demos and
   * clusters whose Git repository is itself secret: synth prints a warning per object.
   */
  public static unsafePlainText(): SecretOutput {
    return new PlainTextOutput();
  }

  /**
   * An `external-secrets.io/v1` ExternalSecret that renders the Secret in the cluster from a
   * (Cluster)SecretStore: nothing secret in Git. Every SecretValue must be `fromRemote`.
   */
  public static externalSecret(props: ExternalSecretOutputProps): SecretOutput {
    // required lazily: the output modules import this one
    const { ExternalSecretOutput } = require('./external-secret-output') as typeof import('./external-secret-output');
    return new ExternalSecretOutput(props);
  }

  /**
   * A `bitnami.com/v1alpha1` SealedSecret sealed at synth with the controller's public
   * certificate, kept stable across synths by a committed seal cache.
   */
  public static sealedSecret(props: SealedSecretOutputProps): SecretOutput {
    const { SealedSecretOutput } = require('./sealed-secret-output') as typeof import('./sealed-secret-output');
    return new SealedSecretOutput(props);
  }

  /** Sets the output for every construct below `scope` that does not choose its own. */
  public static setDefault(scope: IConstruct, output: SecretOutput): void {
    defaults.set(scope, output);
  }

  /** The output in force for `scope`: its own default or the nearest parent's. */
  public static of(scope: IConstruct): SecretOutput | undefined {
    for (const s of [...scope.node.scopes].reverse()) {
      const found = defaults.get(s);
      if (found) return found;
    }
    return undefined;
  }

  /** A name for messages, e.g. `plain Secret`. */
  public abstract readonly description: string;

  /** Writes the Secret (or the objects that produce it in the cluster) under `scope`. */
  public abstract emit(scope: Construct, id: string, spec: SecretSpec): EmittedSecret;
}

/** Every SecretValue embedded in the values of `data`, in first-seen order. */
export function secretsIn(data: { [key: string]: string }): SecretValue[] {
  const seen = new Set<SecretValue>();
  for (const key of Object.keys(data)) for (const s of SecretValue.findIn(data[key])) seen.add(s);
  return [...seen];
}

/**
 * Replaces the markers in `text` with the values read at synth. The value must not change the
 * YAML structure around it (a newline or quote inside a quoted scalar would): that is checked by
 * the caller that knows the format; here control characters are refused outright.
 */
export function revealSecrets(owner: IConstruct, text: string): string {
  return SecretValue.replaceIn(text, (secret) => {
    const value = secret.unsafeUnwrap();
    if (/[\u0000-\u001f\u007f"\\]/.test(value)) {
      throw new GitVopsError(owner.node.path, 'secret', `${describeConstruct(owner)}: the SecretValue from ${secret.source} contains a control character, quote or backslash and cannot be embedded in configuration text`);
    }
    return value;
  });
}

class PlainTextOutput extends SecretOutput {
  public readonly description = 'plain Secret (unsafe)';

  public emit(scope: Construct, id: string, spec: SecretSpec): EmittedSecret {
    const apiObject = new ApiObject(scope, id, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
      type: 'Opaque',
      stringData: Lazy.any({ produce: () => this.reveal(scope, spec) }),
    });
    return { apiObject };
  }

  private reveal(scope: Construct, spec: SecretSpec): { [key: string]: string } {
    const data = spec.stringData();
    const sources = secretsIn(data);
    if (sources.length) {
      warnOnce(`${describeConstruct(scope)}: Secret ${spec.namespace}/${spec.name} holds secret material in plain text (${sources.map((s) => s.source).join(', ')}) because SecretOutput.unsafePlainText() was chosen`);
    }
    const out: { [key: string]: string } = {};
    for (const key of Object.keys(data)) out[key] = revealSecrets(scope, data[key]);
    return out;
  }
}

const warned = new Set<string>();
/** Prints a warning to stderr once per process (synth resolves an object more than once). */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`[gitvops] WARNING: ${message}\n`);
}

/**
 * The output used when nobody chose one: a plain Secret, valid only while the content holds no
 * SecretValue. The owning construct's validation refuses it otherwise (see `guardPlainText`).
 */
export function defaultSecretOutput(): SecretOutput {
  return new PlainTextOutput();
}

/**
 * Validation for constructs whose output was not chosen: names the construct and the sources
 * (never the values) of every SecretValue that would land in plain text.
 */
export function guardPlainText(owner: IConstruct, data: { [key: string]: string }): string[] {
  const sources = secretsIn(data);
  if (sources.length === 0) return [];
  return [`${describeConstruct(owner)}: secretOutput: would write secret material in plain text (${sources.map((s) => s.source).join(', ')}); choose SecretOutput.externalSecret(...) or SecretOutput.sealedSecret(...), or SecretOutput.unsafePlainText() to accept clear text, as a prop or with SecretOutput.setDefault(scope, ...)`];
}

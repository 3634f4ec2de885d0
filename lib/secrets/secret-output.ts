import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ExternalSecretOutputProps } from './external-secret-options';
import { ExternalSecretWriter } from './private/external-secret-writer';
import { PlainTextWriter } from './private/plain-text-writer';
import { SealedSecretWriter } from './private/sealed-secret-writer';
import { SecretSpec, SecretWriter, guardPlainText } from './private/writer';
import { SealedSecretOutputProps } from './sealed-secret-options';

const defaults = new WeakMap<IConstruct, SecretOutput>();

/**
 * How an object holding secret material is written to `dist/`. Choose per construct (prop
 * `secretOutput`) or for a whole scope with `SecretOutput.setDefault(scope, output)`.
 */
export class SecretOutput {
  /**
   * A plain `v1/Secret` with every SecretValue written in clear text. Only for demos and
   * clusters whose Git repository is itself secret: synth prints a warning per object.
   */
  public static unsafePlainText(): SecretOutput {
    return new SecretOutput(new PlainTextWriter(true));
  }

  /**
   * An `external-secrets.io/v1` ExternalSecret that renders the Secret in the cluster from a
   * (Cluster)SecretStore: nothing secret in Git. Every SecretValue must be `fromRemote`.
   */
  public static externalSecret(props: ExternalSecretOutputProps): SecretOutput {
    return new SecretOutput(new ExternalSecretWriter(props));
  }

  /**
   * A `bitnami.com/v1alpha1` SealedSecret sealed at synth with the controller's public
   * certificate, kept stable across synths by a committed seal cache.
   */
  public static sealedSecret(props: SealedSecretOutputProps): SecretOutput {
    return new SecretOutput(new SealedSecretWriter(props));
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

  /**
   * The output of content nobody chose an output for: a plain Secret, valid only while the
   * content holds no SecretValue (the owner's validation refuses it otherwise). @internal
   */
  public static _unchosen(): SecretOutput {
    return new SecretOutput(new PlainTextWriter(false));
  }

  /**
   * For constructs whose output was not chosen: a message naming the construct and the sources
   * (never the values) of every SecretValue that would land in plain text. @internal
   */
  public static _guardPlainText(owner: IConstruct, data: { [key: string]: string }): string[] {
    return guardPlainText(owner, data);
  }

  private constructor(private readonly writer: SecretWriter) {}

  /** A name for messages, e.g. `plain Secret (unsafe)`. */
  public get description(): string {
    return this.writer.description;
  }

  /** Writes the Secret (or the object that produces it in the cluster) under `scope`. @internal */
  public _emit(scope: Construct, id: string, spec: SecretSpec): ApiObject {
    return this.writer.emit(scope, id, spec);
  }
}

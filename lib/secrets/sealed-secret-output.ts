import { readFileSync } from 'node:fs';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { SealCache } from './seal-cache';
import { EmittedSecret, SecretOutput, SecretSpec, revealSecrets, secretsIn } from './secret-output';
import { SealingScope, certificateFingerprint, sealValue, sealingLabel } from './sealing';
import { GitVopsError, describeConstruct } from '../core/errors';
import { SecretSourceKind } from '../core/secret-value';

/** Props of `SecretOutput.sealedSecret`. */
export interface SealedSecretOutputProps {
  /** The controller's public certificate (PEM, as `kubeseal --fetch-cert` prints it). @default - read from certificateFile */
  readonly certificate?: string;
  /** A file holding that certificate. @default - none; certificate is required then */
  readonly certificateFile?: string;
  /** Who may decrypt. @default SealingScope.STRICT */
  readonly scope?: SealingScope;
  /** The seal cache (committed) that keeps unchanged values byte-identical. @default '.gitvops-seal-cache.json' */
  readonly cacheFile?: string;
}

/**
 * Writes a `bitnami.com/v1alpha1` SealedSecret, sealed at synth with the controller's public
 * certificate: only the controller's private key can open it.
 */
export class SealedSecretOutput extends SecretOutput {
  public readonly description = 'SealedSecret';
  private readonly scope: SealingScope;
  private pem?: string;

  constructor(private readonly props: SealedSecretOutputProps) {
    super();
    if (!props.certificate && !props.certificateFile) throw new Error('SecretOutput.sealedSecret: certificate or certificateFile is required');
    this.scope = props.scope ?? SealingScope.STRICT;
  }

  public emit(scope: Construct, id: string, spec: SecretSpec): EmittedSecret {
    const annotations: { [key: string]: string } = {};
    if (this.scope === SealingScope.NAMESPACE_WIDE) annotations['sealedsecrets.bitnami.com/namespace-wide'] = 'true';
    if (this.scope === SealingScope.CLUSTER_WIDE) annotations['sealedsecrets.bitnami.com/cluster-wide'] = 'true';
    const metadata = { name: spec.name, namespace: spec.namespace, labels: spec.labels, ...(Object.keys(annotations).length ? { annotations } : {}) };
    const apiObject = new ApiObject(scope, id, {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata,
      spec: Lazy.any({
        produce: () => ({
          encryptedData: this.seal(scope, spec),
          template: { metadata, type: 'Opaque' },
        }),
      }),
    });
    return { apiObject };
  }

  private certificate(): string {
    if (!this.pem) this.pem = this.props.certificate ?? readFileSync(this.props.certificateFile!, 'utf8');
    return this.pem;
  }

  private seal(scope: Construct, spec: SecretSpec): { [key: string]: string } {
    const data = spec.stringData();
    for (const secret of secretsIn(data)) {
      if (secret.sourceKind === SecretSourceKind.REMOTE) {
        throw new GitVopsError(scope.node.path, 'secretOutput', `${describeConstruct(scope)}: secretOutput: a SealedSecret is sealed at synth, but the SecretValue from ${secret.source} is only in an external store; use an ExternalSecret output`);
      }
    }
    const pem = this.certificate();
    const label = sealingLabel(this.scope, spec.namespace, spec.name);
    const cache = SealCache.of(this.props.cacheFile ?? '.gitvops-seal-cache.json');
    const fingerprint = certificateFingerprint(pem);
    const out: { [key: string]: string } = {};
    for (const key of Object.keys(data).sort()) {
      const plaintext = revealSecrets(scope, data[key]);
      const id = `${spec.namespace}/${spec.name}/${key}/${this.scope}/${fingerprint.slice(0, 16)}`;
      out[key] = cache.sealed(id, plaintext, () => sealValue(pem, label, plaintext));
    }
    return out;
  }
}

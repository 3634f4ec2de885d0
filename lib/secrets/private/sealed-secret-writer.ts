import { readFileSync } from 'node:fs';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { SealCache } from './seal-cache';
import { certificateFingerprint, sealValue, sealingLabel } from './sealing';
import { SecretSpec, SecretWriter, revealSecrets, secretsIn } from './writer';
import { failure } from '../../core/private/errors';
import { SecretSourceKind } from '../../core/secret-value';
import { SealedSecretOutputProps, SealingScope } from '../sealed-secret-options';

/**
 * Writes a `bitnami.com/v1alpha1` SealedSecret, sealed at synth with the controller's public
 * certificate: only the controller's private key can open it.
 */
export class SealedSecretWriter implements SecretWriter {
  public readonly description = 'SealedSecret';
  private readonly scope: SealingScope;
  private pem?: string;

  constructor(private readonly props: SealedSecretOutputProps) {
    if (!props.certificate && !props.certificateFile) throw failure(undefined, 'SecretOutput.sealedSecret', 'certificate or certificateFile is required');
    this.scope = props.scope ?? SealingScope.STRICT;
  }

  public emit(scope: Construct, id: string, spec: SecretSpec): ApiObject {
    const annotations: { [key: string]: string } = {};
    if (this.scope === SealingScope.NAMESPACE_WIDE) annotations['sealedsecrets.bitnami.com/namespace-wide'] = 'true';
    if (this.scope === SealingScope.CLUSTER_WIDE) annotations['sealedsecrets.bitnami.com/cluster-wide'] = 'true';
    const metadata = { name: spec.name, namespace: spec.namespace, labels: spec.labels, ...(Object.keys(annotations).length ? { annotations } : {}) };
    return new ApiObject(scope, id, {
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
  }

  private certificate(): string {
    if (!this.pem) this.pem = this.props.certificate ?? readFileSync(this.props.certificateFile!, 'utf8');
    return this.pem;
  }

  private seal(scope: Construct, spec: SecretSpec): { [key: string]: string } {
    const data = spec.stringData();
    for (const secret of secretsIn(data)) {
      if (secret.sourceKind === SecretSourceKind.REMOTE) {
        throw failure(scope, 'secretOutput', `a SealedSecret is sealed at synth, but the SecretValue from ${secret.source} is only in an external store; use an ExternalSecret output`);
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

import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { SealCache } from './seal-cache';
import { certificateFingerprint, sealValue, sealingLabel } from './sealing';
import { SecretSpec, SecretWriter, dataKey, goTemplate, readSecret, revealSecrets, secretsIn } from './writer';
import { failure } from '../../core/private/errors';
import { SecretSourceKind, SecretValue } from '../../core/secret-value';
import { SealedSecretOutputProps, SealingScope } from '../sealed-secret-options';

const EXPECTED = 'the PEM certificate of the sealed-secrets controller\'s RSA key, as `kubeseal --fetch-cert` prints it';

/**
 * Reads and checks the controller's certificate: an X.509 certificate (not a key) with an RSA
 * public key, which is what the controller seals with. The error names the prop and the file.
 */
function loadCertificate(props: SealedSecretOutputProps): string {
  const field = props.certificate !== undefined ? 'SecretOutput.sealedSecret.certificate' : 'SecretOutput.sealedSecret.certificateFile';
  const where = props.certificate !== undefined ? 'the certificate' : `file ${props.certificateFile}`;
  let pem: string;
  try {
    pem = props.certificate ?? readFileSync(props.certificateFile!, 'utf8');
  } catch (e) {
    throw failure(undefined, field, `${where} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); expected ${EXPECTED}`);
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw failure(undefined, field, `${where} holds a private key; expected ${EXPECTED} (never the private key)`);
  }
  let type: string | undefined;
  try {
    type = new X509Certificate(pem).publicKey.asymmetricKeyType;
  } catch {
    throw failure(undefined, field, `${where} is not a PEM X.509 certificate; expected ${EXPECTED}`);
  }
  if (type !== 'rsa') throw failure(undefined, field, `${where} holds a key of type ${type?.toUpperCase() ?? 'unknown'}, not RSA; expected ${EXPECTED}`);
  return pem;
}

/**
 * The data key a sealed value gets: from its source (`env.RKE2_TOKEN`, `file.run-secrets-token`),
 * `value-<n>` for literals (their text must not name the key); unique within the Secret.
 */
function sealedKeyOf(secrets: SecretValue[]): Map<SecretValue, string> {
  const keys = new Map<SecretValue, string>();
  const bySource = new Map<string, string>();
  const taken = new Set<string>();
  let literals = 0;
  for (const secret of secrets) {
    let key: string | undefined = secret.sourceKind === SecretSourceKind.PLAIN_TEXT ? undefined : bySource.get(secret.source);
    if (key === undefined) {
      const base = secret.sourceKind === SecretSourceKind.ENV ? dataKey(`env.${secret.source.replace(/^environment variable /, '')}`)
        : secret.sourceKind === SecretSourceKind.FILE ? dataKey(`file.${secret.source.replace(/^file \/?/, '')}`)
          : `value-${++literals}`;
      key = base;
      for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
      taken.add(key);
      if (secret.sourceKind !== SecretSourceKind.PLAIN_TEXT) bySource.set(secret.source, key);
    }
    keys.set(secret, key);
  }
  return keys;
}

/**
 * Writes a `bitnami.com/v1alpha1` SealedSecret that a reviewer can read: only the secret values
 * are sealed (each one its own entry of `encryptedData`, so a changed secret changes only its own
 * ciphertext); the user data and network data stay readable in `spec.template.data` as Go
 * templates that the controller executes over the decrypted values (sealed-secrets `Unseal`:
 * text/template with sprig), each value escaped for where it lands. The Secret the controller
 * makes holds the same `userdata` / `networkdata` as a plain Secret would, plus the sealed keys.
 */
export class SealedSecretWriter implements SecretWriter {
  public readonly description = 'SealedSecret';
  private readonly scope: SealingScope;
  private readonly pem: string;

  constructor(private readonly props: SealedSecretOutputProps) {
    if (!props.certificate && !props.certificateFile) throw failure(undefined, 'SecretOutput.sealedSecret', 'certificate or certificateFile is required');
    this.scope = props.scope ?? SealingScope.STRICT;
    this.pem = loadCertificate(props);
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
      spec: Lazy.any({ produce: () => this.render(scope, spec, metadata) }),
    });
  }

  private render(scope: Construct, spec: SecretSpec, metadata: object): { [key: string]: any } {
    const data = spec.stringData();
    const secrets = secretsIn(data);
    for (const secret of secrets) {
      if (secret.sourceKind === SecretSourceKind.REMOTE) {
        throw failure(scope, 'secretOutput', `a SealedSecret is sealed at synth, but the SecretValue from ${secret.source} is only in an external store; use an ExternalSecret output`);
      }
    }
    const keyOf = sealedKeyOf(secrets);
    const label = sealingLabel(this.scope, spec.namespace, spec.name);
    const cache = SealCache.of(this.props.cacheFile ?? '.gitvops-seal-cache.json');
    const fingerprint = certificateFingerprint(this.pem).slice(0, 16);
    const plaintexts = new Map(secrets.map((s) => [s, readSecret(scope, s)]));
    // the controller's template engine cannot refuse a value: what no escaping carries is refused here
    for (const key of Object.keys(data)) revealSecrets(scope, data[key], (s) => plaintexts.get(s)!);
    const encryptedData: { [key: string]: string } = {};
    for (const secret of secrets) {
      const key = keyOf.get(secret)!;
      if (key in encryptedData) continue;
      const plaintext = plaintexts.get(secret)!;
      const id = `${spec.namespace}/${spec.name}/${key}/${this.scope}/${fingerprint}`;
      encryptedData[key] = cache.sealed(id, plaintext, () => sealValue(this.pem, label, plaintext));
    }
    const template: { [key: string]: string } = {};
    for (const key of Object.keys(data)) template[key] = goTemplate(data[key], (s) => keyOf.get(s)!);
    return {
      encryptedData: Object.fromEntries(Object.entries(encryptedData).sort(([a], [b]) => (a < b ? -1 : 1))),
      template: { metadata, type: 'Opaque', data: template },
    };
  }
}

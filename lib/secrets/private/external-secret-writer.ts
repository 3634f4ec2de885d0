import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretSpec, SecretWriter, dataKey, goTemplate, secretsIn } from './writer';
import { failure } from '../../core/private/errors';
import { SecretSourceKind, SecretValue } from '../../core/secret-value';
import { ExternalSecretOutputProps, SecretStoreKind } from '../external-secret-options';

/** A Go duration (`1h`, `15m`, `1h30m`) as External Secrets reads `refreshInterval`. */
export function goDuration(duration: Duration): string {
  let s = duration.toSeconds();
  if (s === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  return parts.join('');
}

/** The data key a remote value gets in the ExternalSecret: `<key>[-<property>]`, made a valid Secret key. */
export function remoteSecretKey(secret: SecretValue): string {
  return dataKey(secret.remoteProperty ? `${secret.remoteKey}-${secret.remoteProperty}` : `${secret.remoteKey}`);
}

/**
 * Writes an `external-secrets.io/v1` ExternalSecret whose `target.template` renders the very
 * Secret consumers expect (same name and keys) from remote keys: no secret material in Git.
 */
export class ExternalSecretWriter implements SecretWriter {
  public readonly description = 'ExternalSecret';

  constructor(private readonly props: ExternalSecretOutputProps) {}

  public emit(scope: Construct, id: string, spec: SecretSpec): ApiObject {
    return new ApiObject(scope, id, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
      spec: Lazy.any({ produce: () => this.render(scope, spec) }),
    });
  }

  private render(scope: Construct, spec: SecretSpec): { [key: string]: any } {
    const data = spec.stringData();
    const remote = new Map<string, SecretValue>();
    for (const secret of secretsIn(data)) {
      if (secret.sourceKind !== SecretSourceKind.REMOTE) {
        throw failure(scope, 'secretOutput', `an ExternalSecret reads only remote values, but the SecretValue from ${secret.source} is not one; use SecretValue.fromRemote(key)`);
      }
      const key = remoteSecretKey(secret);
      const other = remote.get(key);
      if (other && (other.remoteKey !== secret.remoteKey || other.remoteProperty !== secret.remoteProperty)) {
        throw failure(scope, 'secretOutput', `${secret.source} and ${other.source} map to one data key "${key}"`);
      }
      remote.set(key, secret);
    }
    const template: { [key: string]: string } = {};
    for (const key of Object.keys(data)) {
      template[key] = goTemplate(data[key], remoteSecretKey);
    }
    return {
      refreshInterval: goDuration(this.props.refreshInterval ?? Duration.hours(1)),
      secretStoreRef: { name: this.props.storeName, kind: this.props.storeKind ?? SecretStoreKind.CLUSTER_SECRET_STORE },
      target: {
        name: spec.name,
        creationPolicy: 'Owner',
        template: { engineVersion: 'v2', type: 'Opaque', metadata: { labels: spec.labels }, data: template },
      },
      data: [...remote.keys()].sort().map((key) => {
        const s = remote.get(key)!;
        return { secretKey: key, remoteRef: { key: s.remoteKey, ...(s.remoteProperty ? { property: s.remoteProperty } : {}) } };
      }),
    };
  }
}

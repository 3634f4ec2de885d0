import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretSpec, SecretWriter, revealSecrets, secretsIn } from './writer';
import { describeConstruct } from '../../core/private/errors';
import { warnOnce } from '../../core/private/warnings';

/**
 * A plain `v1/Secret` with every SecretValue in clear text. `chosen`: the user asked for it
 * (a warning per object holding secret material); otherwise it is the fallback for content
 * without SecretValues, and the owner's validation refuses any (see `guardPlainText`).
 */
export class PlainTextWriter implements SecretWriter {
  public readonly description = 'plain Secret (unsafe)';

  constructor(private readonly chosen: boolean) {}

  public emit(scope: Construct, id: string, spec: SecretSpec): ApiObject {
    return new ApiObject(scope, id, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
      type: 'Opaque',
      stringData: Lazy.any({ produce: () => this.reveal(scope, spec) }),
    });
  }

  private reveal(scope: Construct, spec: SecretSpec): { [key: string]: string } {
    const data = spec.stringData();
    const sources = secretsIn(data);
    if (sources.length && this.chosen) {
      warnOnce(`${describeConstruct(scope)}: Secret ${spec.namespace}/${spec.name} holds secret material in plain text (${sources.map((s) => s.source).join(', ')}) because SecretOutput.unsafePlainText() was chosen`);
    }
    const out: { [key: string]: string } = {};
    for (const key of Object.keys(data)) out[key] = revealSecrets(scope, data[key]);
    return out;
  }
}

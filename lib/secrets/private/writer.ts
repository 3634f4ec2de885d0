import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { describeConstruct, failure, isGitVopsError } from '../../core/private/errors';
import { replaceSecrets, secretsInText } from '../../core/private/secret-markers';
import { SecretValue } from '../../core/secret-value';

/** What a construct asks a secret writer to write: one `v1/Secret`, by name. */
export interface SecretSpec {
  /** Name of the Secret that consumers (e.g. KubeVirt) read. */
  readonly name: string;
  /** Namespace of the Secret. */
  readonly namespace: string;
  /** Labels for the Secret. */
  readonly labels: { [key: string]: string };
  /** Produces the keys and their text at synth (after every `addXxx` call); values may embed SecretValue markers. */
  readonly stringData: () => { [key: string]: string };
}

/** How one kind of output writes a Secret (or what produces it in the cluster). */
export interface SecretWriter {
  /** A name for messages, e.g. `plain Secret`. */
  readonly description: string;
  /** Writes the object under `scope` and returns it. */
  emit(scope: Construct, id: string, spec: SecretSpec): ApiObject;
}

/** Every SecretValue embedded in the values of `data`, in first-seen order. */
export function secretsIn(data: { [key: string]: string }): SecretValue[] {
  const seen = new Set<SecretValue>();
  for (const key of Object.keys(data)) for (const s of secretsInText<SecretValue>(data[key])) seen.add(s);
  return [...seen];
}

/** Replaces every SecretValue marker in `text` with what `render` gives. */
export function replaceSecretValues(text: string, render: (secret: SecretValue) => string): string {
  return replaceSecrets<SecretValue>(text, render);
}

/**
 * Replaces the markers in `text` with the values read at synth. The value must not change the
 * YAML structure around it (a newline or quote inside a quoted scalar would): control characters,
 * quotes and backslashes are refused outright.
 */
export function revealSecrets(owner: IConstruct, text: string): string {
  return replaceSecretValues(text, (secret) => {
    let value: string;
    try {
      value = secret.unsafeUnwrap();
    } catch (e) {
      throw isGitVopsError(e) ? failure(owner, 'secret', e.message) : e;
    }
    if (/[\u0000-\u001f\u007f"\\]/.test(value)) {
      throw failure(owner, 'secret', `the SecretValue from ${secret.source} contains a control character, quote or backslash and cannot be embedded in configuration text`);
    }
    return value;
  });
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

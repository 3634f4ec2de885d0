import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { describeConstruct, failure, isGitVopsError } from '../../core/private/errors';
import { escapeForContexts, goTemplateExpression, replaceSecrets, secretsInText } from '../../core/private/secret-markers';
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

/** The value of a SecretValue read at synth; a failure names the owner. */
export function readSecret(owner: IConstruct, secret: SecretValue): string {
  try {
    return secret.unsafeUnwrap();
  } catch (e) {
    throw isGitVopsError(e) ? failure(owner, 'secret', e.message) : e;
  }
}

/**
 * Replaces the markers in `text` with the values (read at synth unless `read` gives them), each
 * escaped for every context its marker was embedded in (a double-quoted YAML scalar, a literal
 * block, nested): quotes, backslashes, newlines and any other character read back unchanged; a
 * value no escaping carries there is refused.
 */
export function revealSecrets(owner: IConstruct, text: string, read: (secret: SecretValue) => string = (s) => readSecret(owner, s)): string {
  return replaceSecrets<SecretValue>(text, (secret, contexts) => {
    const value = read(secret);
    const escaped = escapeForContexts(value, contexts);
    if (escaped.error !== undefined) throw failure(owner, 'secret', `the SecretValue from ${secret.source} ${escaped.error}`);
    return escaped.text!;
  });
}

/**
 * `text` as a Go text/template (External Secrets v2 and sealed-secrets both execute one with
 * sprig over the secret's data): literal `{{` / `}}` written so they render verbatim, every
 * marker an expression that reads data key `keyOf(secret)` and escapes it for its contexts.
 */
export function goTemplate(text: string, keyOf: (secret: SecretValue) => string): string {
  return replaceSecrets<SecretValue>(escapeGoTemplate(text), (secret, contexts) => goTemplateExpression(keyOf(secret), contexts));
}

/**
 * Makes every literal `{{` and `}}` of user text render verbatim in a Go template; done in one
 * pass so the escapes themselves are not escaped again.
 */
export function escapeGoTemplate(text: string): string {
  return text.replace(/\{\{|\}\}/g, (m) => (m === '{{' ? '{{ "{{" }}' : '{{ "}}" }}'));
}

/** A valid Secret data key from any text: characters outside `[-._a-zA-Z0-9]` become `-`. */
export function dataKey(raw: string): string {
  return raw.replace(/[^-._a-zA-Z0-9]/g, '-');
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

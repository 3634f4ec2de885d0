import { IConstruct } from 'constructs';

/**
 * A mistake in construct input, found at synth time.
 *
 * The message names the construct (type and path), the field (the user's prop path), the
 * rejected value and what is allowed, e.g.
 * `HarvesterVm 'lab/vm': disks[1].bootOrder: 0 is invalid; allowed: an integer ≥ 1`.
 * Secret values are never put into it. Internal (jsii exports no Error subclasses): users see the
 * message; tests and the CLI may test `isGitVopsError`.
 */
export class GitVopsError extends Error {
  /** Construct path, e.g. `lab/web`; empty when no construct is involved. */
  public readonly constructPath: string;
  /** Field path inside the construct's props, e.g. `disks[1].bootOrder`. */
  public readonly field: string;

  constructor(constructPath: string, field: string, message: string) {
    super(message);
    this.name = 'GitVopsError';
    this.constructPath = constructPath;
    this.field = field;
  }
}

/** True for an error raised through this module's helpers. */
export function isGitVopsError(error: unknown): error is GitVopsError {
  return error instanceof GitVopsError;
}

/** `HarvesterVm 'lab/vm'`: the construct type and its path, as errors name it. */
export function describeConstruct(scope: IConstruct): string {
  return `${scope.constructor.name} '${scope.node.path}'`;
}

/** Renders a rejected value for an error message. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

/**
 * The one helper every GitVops error goes through: construct (when there is one), the user's
 * field path, and the message.
 */
export function failure(scope: IConstruct | undefined, field: string, message: string): GitVopsError {
  if (!scope) return new GitVopsError('', field, field ? `${field}: ${message}` : message);
  return new GitVopsError(scope.node.path, field, `${describeConstruct(scope)}: ${field}: ${message}`);
}

/** An error for a field whose value breaks a rule: names construct, field, value and rule. */
export function invalid(scope: IConstruct | undefined, field: string, value: unknown, allowed: string): GitVopsError {
  return failure(scope, field, `${formatValue(value)} is invalid; allowed: ${allowed}`);
}

/** An error that does not fit the value/rule shape (conflicts, missing references). */
export function problem(scope: IConstruct, field: string, message: string): GitVopsError {
  return failure(scope, field, message);
}

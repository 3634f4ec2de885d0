/**
 * The markers that stand for SecretValues in rendered content, and the registry that maps them
 * back. Internal: constructs and secret outputs use these; users see only `SecretValue`.
 */

/** What the registry needs of a SecretValue. */
export interface MarkedSecret {
  readonly source: string;
}

const MARKER_PREFIX = '__GITVOPS_SECRET_';
const MARKER_PATTERN = /__GITVOPS_SECRET_(\d+)__/g;
const registry: MarkedSecret[] = [];

/** Registers a secret and returns its marker. */
export function registerSecret(secret: MarkedSecret): string {
  registry.push(secret);
  return `${MARKER_PREFIX}${registry.length - 1}__`;
}

/** Every secret whose marker occurs in `text`, in order of first occurrence. */
export function secretsInText<T extends MarkedSecret>(text: string): T[] {
  const found = new Map<number, MarkedSecret>();
  for (const match of text.matchAll(MARKER_PATTERN)) {
    const id = Number(match[1]);
    if (!found.has(id) && registry[id]) found.set(id, registry[id]);
  }
  return [...found.values()] as T[];
}

/** Replaces every marker in `text` with what `render` gives for its secret. */
export function replaceSecrets<T extends MarkedSecret>(text: string, render: (secret: T) => string): string {
  return text.replace(MARKER_PATTERN, (whole, id) => (registry[Number(id)] ? render(registry[Number(id)] as T) : whole));
}

/** True when `text` holds at least one marker. */
export function holdsSecret(text: string): boolean {
  return text.includes(MARKER_PREFIX);
}

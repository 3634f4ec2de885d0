/** Where warnings go when a command collects them (`gitvops synth` summarises them). */
const COLLECTOR = Symbol.for('gitvops.warnings');

const warned = new Set<string>();

/**
 * A warning, once per process (synth may resolve an object more than once): to the collector a
 * command installed (`collectWarnings`), else to stderr.
 */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  const collector = (globalThis as any)[COLLECTOR] as string[] | undefined;
  if (collector) collector.push(message);
  else process.stderr.write(`[gitvops] WARNING: ${message}\n`);
}

/** Collects every warning from now on (in every copy of this module the process loaded). */
export function collectWarnings(): string[] {
  const collector: string[] = [];
  (globalThis as any)[COLLECTOR] = collector;
  return collector;
}

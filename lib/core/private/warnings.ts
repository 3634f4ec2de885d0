const warned = new Set<string>();

/** Prints a warning to stderr once per process (synth may resolve an object more than once). */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`[gitvops] WARNING: ${message}\n`);
}

import { isAscii } from 'node:buffer';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The YAML files a path names: the file itself, or every `.yaml` / `.yml` below a directory, in sorted order per folder. */
export function yamlFiles(path: string): string[] {
  const stat = statSync(path);
  if (!stat.isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((entry) => {
    const full = join(path, entry);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry) ? [full] : [];
  });
}

/**
 * A file's text. Manifests are nearly always ASCII, and Latin-1 decoding of ASCII bytes gives the
 * same string as UTF-8 decoding at a fraction of the cost (it matters for the megabytes a diff reads).
 */
export function textOf(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** A file's text (see textOf). */
export function readText(path: string): string {
  return textOf(readFileSync(path));
}

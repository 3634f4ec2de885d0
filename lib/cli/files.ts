import { readdirSync, statSync } from 'node:fs';
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

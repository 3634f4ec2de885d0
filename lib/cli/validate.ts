import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { HarvesterVersion } from '../platform/harvester';
import { ManifestValidator } from '../validation/manifest-validator';

/** Exit codes of `gitvops validate`. */
export enum ExitCode {
  CLEAN = 0,
  PROBLEMS = 1,
  UNREADABLE = 2,
}

interface Located {
  readonly file: string;
  readonly doc: number;
  readonly obj: any;
}

const USAGE = `usage: gitvops validate <file or directory>... [--harvester-version 1.6|1.8] [--no-references]
Checks Kubernetes manifests (YAML, multi-document) against the Harvester CRD and core schemas
(strict), the KubeVirt/Harvester admission rules and cloud-init data. Prints one line per
problem as file:doc#:kind/name:field: message. Exit 0 clean, 1 problems, 2 unreadable input.`;

function yamlFiles(path: string): string[] {
  const stat = statSync(path);
  if (!stat.isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((entry) => {
    const full = join(path, entry);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry) ? [full] : [];
  });
}

/** Runs `gitvops validate`; returns the exit code and writes to the given streams. */
export function runValidate(args: string[], out: (line: string) => void, err: (line: string) => void): ExitCode {
  let version = HarvesterVersion.V1_6;
  let checkReferences = true;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--harvester-version') {
      const v = args[++i];
      const known = Object.values(HarvesterVersion) as string[];
      if (!known.includes(v)) {
        err(`gitvops validate: --harvester-version must be one of ${known.join(', ')}, got ${JSON.stringify(v)}`);
        return ExitCode.UNREADABLE;
      }
      version = v as HarvesterVersion;
    } else if (a === '--no-references') {
      checkReferences = false;
    } else if (a === '-h' || a === '--help') {
      out(USAGE);
      return ExitCode.CLEAN;
    } else {
      paths.push(a);
    }
  }
  if (paths.length === 0) {
    err(USAGE);
    return ExitCode.UNREADABLE;
  }
  const located: Located[] = [];
  for (const path of paths) {
    let files: string[];
    try {
      files = yamlFiles(path);
    } catch (e) {
      err(`${path}: cannot read: ${(e as Error).message}`);
      return ExitCode.UNREADABLE;
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        err(`${file}: cannot read: ${(e as Error).message}`);
        return ExitCode.UNREADABLE;
      }
      const docs = parseAllDocuments(text);
      for (const [i, doc] of docs.entries()) {
        if (doc.errors.length) {
          err(`${file}:${i + 1}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
          return ExitCode.UNREADABLE;
        }
        const obj = doc.toJS();
        if (obj !== null && obj !== undefined) located.push({ file, doc: i + 1, obj });
      }
    }
  }
  const lines: string[] = [];
  const where = (l: Located) => `${l.file}:${l.doc}:${l.obj?.kind}/${l.obj?.metadata?.name}`;
  const objects = located.filter((l) => typeof l.obj === 'object' && !Array.isArray(l.obj));
  for (const l of located) {
    if (!objects.includes(l)) lines.push(`${l.file}:${l.doc}:?/?:: not a Kubernetes object`);
  }
  const objectNames = objects.map((l) => `${l.file}:${l.doc}`);
  for (const p of ManifestValidator.check(objects.map((l) => l.obj), { harvesterVersion: version, checkReferences, objectNames })) {
    lines.push(`${p.index >= 0 ? where(objects[p.index]) : `?:?:${p.kind}/${p.name}`}:${p.field}: ${p.message}`);
  }
  if (located.length === 0) {
    err(`gitvops validate: no Kubernetes objects found in ${paths.join(', ')}`);
    return ExitCode.UNREADABLE;
  }
  lines.forEach((line) => out(line));
  if (lines.length) {
    err(`${lines.length} problem${lines.length === 1 ? '' : 's'} in ${located.length} objects`);
    return ExitCode.PROBLEMS;
  }
  err(`${located.length} objects valid for Harvester ${version}`);
  return ExitCode.CLEAN;
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { yamlFiles } from './files';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Delivery as DeliveryType } from '../delivery/delivery';
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
  /** The cluster the file is for: the first folder below a directory argument (a target's folder), else the argument. */
  readonly group: string;
}

const FLEET_YAML = /^fleet\.ya?ml$/;

const USAGE = `usage: gitvops validate <file or directory>... [--harvester-version 1.6|1.8] [--no-references] [--clusters-by-folder]
Checks Kubernetes manifests (YAML, multi-document) against the Harvester CRD and core schemas
(strict), the KubeVirt/Harvester admission rules and cloud-init data; fleet.yaml files against
Fleet's field list. With --clusters-by-folder (automatic for GitVops output with a _delivery/
folder) each folder below a directory argument is its own cluster, as a HarvesterTarget's. Prints one line per
problem as file:doc#:kind/name:field: message. Exit 0 clean, 1 problems, 2 unreadable input.`;


/**
 * The group of `file` found under argument `path`: with `perFolder`, its first folder below a
 * directory argument (a target's folder); else the whole run is one cluster.
 */
function groupOf(path: string, file: string, perFolder: boolean): string {
  if (!perFolder || file === path) return '';
  const rest = file.slice(path.length).replace(/^[\\/]+/, '').split(/[\\/]/);
  return rest.length > 1 ? join(path, rest[0]) : path;
}

/** Runs `gitvops validate`; returns the exit code and writes to the given streams. */
export function runValidate(args: string[], out: (line: string) => void, err: (line: string) => void): ExitCode {
  let version = HarvesterVersion.V1_6;
  let checkReferences = true;
  let byFolder = false;
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
    } else if (a === '--clusters-by-folder') {
      byFolder = true;
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
    // GitVops output with targets (a `_delivery/` folder beside them), or --clusters-by-folder
    const perFolder = byFolder || (statSync(path).isDirectory() && existsSync(join(path, '_delivery')));
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
        if (obj !== null && obj !== undefined) located.push({ file, doc: i + 1, obj, group: groupOf(path, file, perFolder) });
      }
    }
  }
  const lines: string[] = [];
  const where = (l: Located) => `${l.file}:${l.doc}:${l.obj?.kind}/${l.obj?.metadata?.name}`;
  // a fleet.yaml is Fleet's bundle file: checked against Fleet's field list, not as an object
  const fleetFiles = located.filter((l) => FLEET_YAML.test(basename(l.file)));
  if (fleetFiles.length) {
    // loaded only for fleet.yaml files: the delivery module brings cdk8s, which a validate of manifests never needs
    const { Delivery } = require('../delivery/delivery') as { Delivery: typeof DeliveryType };
    for (const l of fleetFiles) for (const problem of Delivery.checkFleetYaml(l.obj)) lines.push(`${l.file}:${l.doc}:fleet.yaml:${problem}`);
  }
  const objects = located.filter((l) => !fleetFiles.includes(l) && typeof l.obj === 'object' && !Array.isArray(l.obj));
  for (const l of located) {
    if (!objects.includes(l) && !fleetFiles.includes(l)) lines.push(`${l.file}:${l.doc}:?/?:: not a Kubernetes object`);
  }
  // each target folder is its own cluster: names clash and references resolve within it only
  const warnings: string[] = [];
  for (const group of [...new Set(objects.map((l) => l.group))]) {
    const members = objects.filter((l) => l.group === group);
    const objectNames = members.map((l) => `${l.file}:${l.doc}`);
    for (const p of ManifestValidator.check(members.map((l) => l.obj), { harvesterVersion: version, checkReferences, objectNames })) {
      const line = `${p.index >= 0 ? where(members[p.index]) : `?:?:${p.kind}/${p.name}`}:${p.field}: ${p.message}`;
      (p.warning ? warnings : lines).push(line);
    }
  }
  // drift warnings: the cluster accepts the object but stores something else (exit code unchanged)
  for (const w of warnings) err(`warning (drift): ${w}`);
  if (located.length === 0) {
    err(`gitvops validate: no Kubernetes objects found in ${paths.join(', ')}`);
    return ExitCode.UNREADABLE;
  }
  lines.forEach((line) => out(line));
  if (lines.length) {
    err(`${lines.length} problem${lines.length === 1 ? '' : 's'} in ${located.length} objects`);
    return ExitCode.PROBLEMS;
  }
  err(`${located.length} objects valid for Harvester ${version}${warnings.length ? `, ${warnings.length} drift warning${warnings.length === 1 ? '' : 's'}` : ''}`);
  return ExitCode.CLEAN;
}

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { ChangeClass, ObjectChange } from '../diff/change';
import { ManifestDiff } from '../diff/manifest-diff';
import { flattenStrings, readText, textOf, yamlFiles } from './files';
import { unchangedVmStub } from './vm-stub';

const CHANGE_CLASS_ORDER = ManifestDiff.CLASS_ORDER;

const USAGE = `usage: gitvops diff OLD NEW            (each a manifest file or directory)
       gitvops diff --base REV [--synth]  (the output committed at REV against the working tree's, or with
                                           --synth against what the app synthesizes now)
       gitvops diff --live FILE NEW       (state from kubectl get … -o yaml; server fields ignored)
  [--format text|markdown|json] [--fail-on data-loss,rejected] [--output DIR]
What a change does to running VMs and disks: each changed object classed as data-loss, rejected,
recreate, restart, live, deferred, power or safe, with the fields and a reason. Secret values are
never printed. Exit 0 when nothing is in a --fail-on class, 1 when something is, 2 on bad input.`;

/** One YAML document of a side of the diff, with where it came from (for messages). */
interface Doc {
  readonly text: string;
  readonly where: string;
  /** The file (relative to its side) and the document's index in it: where the other side's version usually is. */
  readonly position: string;
}

function docsOfText(text: string, where: string, file: string): Doc[] {
  // documents start at a `---` line (never inside a block scalar, whose lines are indented)
  return text.split(/^---[ \t]*(?:\r?\n|$)/m).filter((doc) => doc.trim()).map((doc, i) => ({ text: doc, where, position: `${file}#${i}` }));
}

function docsOfPath(path: string): Doc[] {
  if (!existsSync(path)) throw new Error(`${path}: no such file or directory`);
  if (!statSync(path).isDirectory()) return docsOfText(readText(path), path, '');
  // the manifests only: not Fleet's fleet.yaml, not the management cluster's _delivery/
  return yamlFiles(path).filter((f) => !/^fleet\.ya?ml$/.test(basename(f)) && !relative(path, f).startsWith('_delivery'))
    .flatMap((f) => docsOfText(readText(f), f, relative(path, f)));
}

/** The manifests committed under `dir` at Git revision `rev`. */
function docsAtRevision(rev: string, dir: string): Doc[] {
  const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const prefix = relative(top, resolve(dir)).split('\\').join('/');
  const files = execFileSync('git', ['ls-tree', '-r', '--name-only', rev, '--', prefix], { cwd: top, encoding: 'utf8', maxBuffer: 1 << 28 })
    .split('\n').filter((f) => /\.ya?ml$/.test(f) && !/(^|\/)fleet\.ya?ml$/.test(f) && !f.slice(prefix.length + 1).startsWith('_delivery'));
  return files.sort().flatMap((f) => docsOfText(textOf(execFileSync('git', ['show', `${rev}:${f}`], { cwd: top, maxBuffer: 1 << 28 })), `${rev}:${f}`, f.slice(prefix.length + 1)));
}

/**
 * Kinds whose unchanged objects the classification still reads: a VM's volumes name the claims and
 * Secrets it needs, and a Secret (or the sealed / external Secret that makes one) can stand in for
 * one removed.
 */
const READ_WHEN_UNCHANGED = new Set(['VirtualMachine', 'Secret', 'SealedSecret', 'ExternalSecret']);
/** The kind of a block-style document: its root mapping's `kind:` line (column 0, a plain scalar). */
const PLAIN_KIND = /^kind:[ \t]+([A-Za-z][A-Za-z0-9]*)[ \t]*\r?$/m;

/**
 * For each document of the new side, the old side's document with the same bytes (found at the
 * same position first, which is where it is when both sides come from the same app: a string
 * comparison instead of hashing megabytes of text).
 */
function twins(before: readonly Doc[], after: readonly Doc[]): Map<Doc, Doc> {
  const atPosition = new Map(before.map((d) => [d.position, d]));
  const found = new Map<Doc, Doc>();
  const rest: Doc[] = [];
  for (const d of after) {
    const o = atPosition.get(d.position);
    if (o !== undefined && o.text === d.text) found.set(d, o);
    else rest.push(d);
  }
  if (rest.length) {
    const paired = new Set(found.values());
    const byText = new Map(before.filter((d) => !paired.has(d)).map((d) => [d.text, d]));
    for (const d of rest) {
      const o = byText.get(d.text);
      if (o !== undefined) found.set(d, o);
    }
  }
  return found;
}

/**
 * The objects of both sides. A document with the same bytes on both sides is unchanged: parsed
 * once, the same object on both sides (its comparison is free), and when its kind is one nothing
 * else refers to (a PVC, a Service, a load balancer, …) not parsed at all. Most of a reviewed change
 * is unchanged, so this is where a diff of two large outputs saves most of its parsing; a document
 * whose kind is not plainly written is parsed; of an unchanged VM only its identity, metadata and
 * volumes are parsed (`unchangedVmStub`). js-yaml (YAML 1.2 core schema, as cdk8s writes)
 * rather than the `yaml` library used elsewhere: a diff reads two whole outputs, and js-yaml parses
 * them ~6× faster (8.7 MB: 0.6 s against 3.4 s).
 */
function objectsOfSides(before: readonly Doc[], after: readonly Doc[], live: boolean): [any[], any[]] {
  const twin = live ? new Map<Doc, Doc>() : twins(before, after);
  const unchanged = new Set(twin.values());
  const parsed = new Map<Doc, unknown>();
  const objectOf = (d: Doc): unknown => {
    let obj = parsed.get(d);
    if (obj === undefined) {
      try {
        obj = flattenStrings(loadAll(d.text, undefined, { schema: CORE_SCHEMA }).find((x) => x !== null && x !== undefined) ?? null);
      } catch (e) {
        throw new Error(`${d.where}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      }
      parsed.set(d, obj);
    }
    return obj;
  };
  const collect = (docs: readonly Doc[], isUnchanged: (d: Doc) => boolean, source: (d: Doc) => Doc): any[] => {
    const out: any[] = [];
    for (const d of docs) {
      let o: any;
      if (isUnchanged(d)) {
        const kind = PLAIN_KIND.exec(d.text)?.[1];
        if (kind !== undefined && !READ_WHEN_UNCHANGED.has(kind)) continue;
        const from = source(d);
        // an unchanged VM: only what the classification reads of it (identity, metadata, volumes)
        if (kind === 'VirtualMachine' && !parsed.has(from)) {
          const stub = unchangedVmStub(from.text);
          if (stub !== undefined) parsed.set(from, stub);
        }
        o = objectOf(from);
      } else {
        o = objectOf(source(d));
      }
      if (o?.kind === 'List' && Array.isArray(o.items)) out.push(...o.items);
      else if (o && typeof o === 'object' && o.kind) out.push(o);
    }
    return out;
  };
  const old = collect(before, (d) => unchanged.has(d), (d) => d);
  return [old, collect(after, (d) => twin.has(d), (d) => twin.get(d) ?? d)];
}

const where = (c: ObjectChange) => `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;

function text(changes: ObjectChange[]): string[] {
  const lines: string[] = [];
  for (const cls of CHANGE_CLASS_ORDER) {
    const of = changes.filter((c) => c.changeClass === cls);
    if (!of.length) continue;
    lines.push(`${cls}: ${of.length}`);
    for (const c of of) lines.push(`  ${where(c)}${c.fields.length ? ` [${c.fields.join(', ')}]` : ''}: ${c.reason}`);
  }
  return lines.length ? lines : ['no changes'];
}

function markdown(changes: ObjectChange[]): string[] {
  const counts = CHANGE_CLASS_ORDER.map((cls) => [cls, changes.filter((c) => c.changeClass === cls).length] as const).filter(([, n]) => n > 0);
  const lines = ['### gitvops diff', '', '| class | objects |', '|---|---|', ...counts.map(([cls, n]) => `| ${cls === ChangeClass.DATA_LOSS || cls === ChangeClass.REJECTED ? `**${cls}**` : cls} | ${n} |`)];
  if (!changes.length) lines.push('| – | no changes |');
  for (const [cls] of counts) {
    lines.push('', `<details${cls === ChangeClass.DATA_LOSS || cls === ChangeClass.REJECTED ? ' open' : ''}><summary>${cls}</summary>`, '', '| object | fields | why |', '|---|---|---|');
    for (const c of changes.filter((x) => x.changeClass === cls)) lines.push(`| ${where(c)} | ${c.fields.map((f) => `\`${f}\``).join(', ')} | ${c.reason.replace(/\|/g, '\\|')} |`);
    lines.push('', '</details>');
  }
  return lines;
}

/** The app's output directory (cdk8s.yaml's `output`, else dist); the `yaml` library only loaded for it. */
function outputDir(): string {
  if (!existsSync('cdk8s.yaml')) return 'dist';
  const { parse } = require('yaml') as typeof import('yaml');
  return parse(readFileSync('cdk8s.yaml', 'utf8'))?.output ?? 'dist';
}

/** Runs `gitvops diff`; returns the exit code. */
export function runDiff(args: string[], out: (line: string) => void, err: (line: string) => void): number {
  let format = 'text';
  let failOn: string[] = [ChangeClass.DATA_LOSS, ChangeClass.REJECTED];
  let base: string | undefined;
  let live: string | undefined;
  let synth = false;
  let output: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format') format = args[++i];
    else if (a === '--fail-on') failOn = String(args[++i]).split(',').filter(Boolean);
    else if (a === '--base') base = args[++i];
    else if (a === '--live') live = args[++i];
    else if (a === '--synth') synth = true;
    else if (a === '--output') output = args[++i];
    else if (a === '-h' || a === '--help') {
      out(USAGE);
      return 0;
    } else paths.push(a);
  }
  const known = Object.values(ChangeClass) as string[];
  if (!['text', 'markdown', 'json'].includes(format) || failOn.some((c) => !known.includes(c))) {
    err(`gitvops diff: --format is text, markdown or json; --fail-on takes classes of ${known.join(', ')}`);
    return 2;
  }
  let before: any[];
  let after: any[];
  let oldDocs: Doc[];
  let newDocs: Doc[];
  let scratch: string | undefined;
  try {
    if (base !== undefined) {
      const dir = output ?? outputDir();
      if (paths.length) throw new Error('--base compares the output directory: give no paths');
      oldDocs = docsAtRevision(base, dir);
      if (synth) {
        scratch = mkdtempSync(join(tmpdir(), 'gitvops-diff-'));
        // bin/ beside lib/ in the repository, beside dist-lib/ in the package
        const bin = [join(__dirname, '..', '..', 'bin', 'gitvops.js'), join(__dirname, '..', '..', '..', 'bin', 'gitvops.js')].find((f) => existsSync(f))!;
        const run = spawnSync(process.execPath, [bin, 'synth', '--output', join(scratch, 'out')], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`synth failed:\n${run.stderr}`);
        newDocs = docsOfPath(join(scratch, 'out'));
      } else {
        newDocs = docsOfPath(dir);
      }
    } else if (live !== undefined) {
      if (paths.length !== 1) throw new Error('--live FILE takes the new side as one path');
      oldDocs = docsOfPath(live);
      newDocs = docsOfPath(paths[0]);
    } else {
      if (paths.length !== 2) throw new Error('give OLD and NEW, or --base REV');
      oldDocs = docsOfPath(paths[0]);
      newDocs = docsOfPath(paths[1]);
    }
    [before, after] = objectsOfSides(oldDocs, newDocs, live !== undefined);
  } catch (e) {
    err(`gitvops diff: ${(e as Error).message.split('\n')[0]}`);
    err(USAGE);
    return 2;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  const changes = ManifestDiff.compare(before, after, { live: live !== undefined });
  if (format === 'json') {
    out(JSON.stringify({ changes: changes.map((c) => ({ group: c.group, kind: c.kind, namespace: c.namespace, name: c.name, class: c.changeClass, fields: c.fields, reason: c.reason })) }, null, 2));
  } else {
    (format === 'markdown' ? markdown(changes) : text(changes)).forEach((l) => out(l));
  }
  const failing = changes.filter((c) => failOn.includes(c.changeClass));
  if (failing.length) {
    err(`gitvops diff: ${failing.length} change${failing.length === 1 ? '' : 's'} in ${[...new Set(failing.map((c) => c.changeClass))].join(', ')}`);
    return 1;
  }
  return 0;
}

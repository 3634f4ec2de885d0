import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ChangeClass, ObjectChange } from '../diff/change';
import { ManifestImport, ManifestImportResult } from '../import/manifest-import';

const USAGE = `usage: gitvops import FILE… [--out lib/imported.ts] [--chart-name NAME] [--import-from MODULE]
Writes a GitVops Chart (TypeScript) for the VMs, volumes and cloud-init Secrets in FILE (YAML from
kubectl get vm,pvc,secret -o yaml, a List or a multi-document stream, or helm template output; - reads
standard input). Server state is removed (each field listed); secret material in user data becomes
SecretValue.fromEnv placeholders (listed, never printed). The generated code is synthesized and
compared with the input: exit 1 when the round trip would lose data, be rejected or recreate an
object, 2 on unreadable input.`;

const where = (c: ObjectChange) => `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;
/** Paths the mutators write on create: a difference there is expected against pre-mutation input (helm template). */
const MUTATOR_FIELD = /^spec\.template\.spec\.(architecture|domain\.cpu\.maxSockets|domain\.machine|domain\.resources\.requests|domain\.memory\.guest|terminationGracePeriodSeconds|affinity)/;

function className(chartName: string): string {
  const words = chartName.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const base = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'Imported';
  return `${/^[0-9]/.test(base) ? `C${base}` : base}Chart`;
}

/** The import report: removals, placeholders, notes, and the round trip's residual changes. */
export function report(result: ManifestImportResult, out: (line: string) => void): void {
  out(`removed before import: ${result.removals.length} field${result.removals.length === 1 ? '' : 's'}`);
  for (const r of result.removals) out(`  ${r.object}: ${r.field} (${r.reason})`);
  if (result.placeholders.length) {
    out('secret material replaced by placeholders; set these environment variables (values are not shown):');
    for (const p of result.placeholders) out(`  ${p.envName}  (${p.usedIn.join(', ')})`);
  }
  if (result.notes.length) {
    out('notes:');
    for (const n of result.notes) out(`  ${n}`);
  }
  out('round trip (imported objects → what the generated code synthesizes):');
  if (!result.changes.length) out('  no differences');
  for (const cls of Object.values(ChangeClass)) {
    const of = result.changes.filter((c) => c.changeClass === cls);
    if (!of.length) continue;
    out(`  ${cls}: ${of.length}`);
    for (const c of of) {
      const mutator = c.fields.length > 0 && c.fields.every((f) => MUTATOR_FIELD.test(f));
      out(`    ${where(c)}${c.fields.length ? ` [${c.fields.join(', ')}]` : ''}: ${c.reason}${mutator ? ' — fields Harvester\'s and KubeVirt\'s mutators write on create anyway' : ''}`);
    }
  }
}

/** Runs `gitvops import`; returns the exit code. */
export function runImport(args: string[], out: (line: string) => void, err: (line: string) => void): number {
  let outFile = 'lib/imported.ts';
  let chartName = 'imported';
  let importFrom = 'gitvops';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out') outFile = args[++i];
    else if (a === '--chart-name') chartName = args[++i];
    else if (a === '--import-from') importFrom = args[++i];
    else if (a === '-h' || a === '--help') {
      out(USAGE);
      return 0;
    } else files.push(a);
  }
  if (!files.length || !outFile || !chartName || !importFrom) {
    err(USAGE);
    return 2;
  }
  let objects: any[];
  try {
    objects = files.flatMap((f) => {
      if (f !== '-' && !existsSync(f)) throw new Error(`${f}: no such file`);
      return ManifestImport.parseYaml(readFileSync(f === '-' ? 0 : f, 'utf8'), f);
    });
    if (!objects.some((o) => o?.kind === 'VirtualMachine')) throw new Error(`no VirtualMachine in ${files.join(', ')}`);
  } catch (e) {
    err(`gitvops import: ${(e as Error).message.split('\n')[0]}`);
    return 2;
  }
  let result: ManifestImportResult;
  try {
    result = ManifestImport.fromObjects(objects, { className: className(chartName), chartId: chartName, importFrom, sources: files });
  } catch (e) {
    err(`gitvops import: the generated code does not synthesize: ${(e as Error).message.split('\n')[0]}`);
    return 1;
  }
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, result.code);
  out(`wrote ${outFile} (class ${className(chartName)})`);
  report(result, out);
  if (result.damaging.length) {
    err(`gitvops import: the round trip would damage ${result.damaging.length} object${result.damaging.length === 1 ? '' : 's'} (${[...new Set(result.damaging.map((c) => c.changeClass))].join(', ')}): review ${outFile} before applying it`);
    return 1;
  }
  return 0;
}

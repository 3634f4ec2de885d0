import { Buffer } from 'node:buffer';
import { parse, parseAllDocuments } from 'yaml';
import { Removal, MUTATOR_PATHS, cleanServerState, describe } from './private/clean';
import { GenerateOptions, generate, keyOf } from './private/codegen';
import { PatchOp, patchesTo } from './private/patches';
import { Placeholders } from './private/placeholders';
import { rke2Candidates } from './private/rke2';
import { synthesize } from './private/synth-code';
import { ChangeClass, ObjectChange } from '../diff/change';
import { ManifestDiff } from '../diff/manifest-diff';

/** Options of `ManifestImport.fromObjects`. */
export interface ManifestImportOptions {
  /** Name of the generated Chart class. @default 'ImportedChart' */
  readonly className?: string;
  /** Construct id of the chart in the generated `main` (also its output file name). @default 'imported' */
  readonly chartId?: string;
  /** Module the generated code imports GitVops from. @default 'gitvops' */
  readonly importFrom?: string;
  /** Where the objects came from, for the generated header. @default - none named */
  readonly sources?: string[];
}

/** One field taken out of an imported object, and why. */
export interface ImportRemoval {
  /** The object, as `Kind namespace/name`. */
  readonly object: string;
  /** The field path. */
  readonly field: string;
  /** Why it is not in the code. */
  readonly reason: string;
}

/** An environment variable the generated code reads secret material from. */
export interface ImportPlaceholder {
  /** Name of the variable (`SecretValue.fromEnv(envName)`). */
  readonly envName: string;
  /** The objects whose content uses it. */
  readonly usedIn: string[];
}

/** What `ManifestImport.fromObjects` produced. */
export interface ManifestImportResult {
  /** The TypeScript source of the generated Chart. */
  readonly code: string;
  /** Every field taken out before writing code. */
  readonly removals: ImportRemoval[];
  /** The environment variables that stand for secret material (values never included). */
  readonly placeholders: ImportPlaceholder[];
  /** The round trip: every change from the imported objects to what the generated code synthesizes. */
  readonly changes: ObjectChange[];
  /** The changes that would damage the running platform (data-loss, rejected, recreate). */
  readonly damaging: ObjectChange[];
  /** What could not be expressed or was left in the cluster as it is. */
  readonly notes: string[];
}

/** The classes an import may not produce. */
const FORBIDDEN = [ChangeClass.DATA_LOSS, ChangeClass.REJECTED, ChangeClass.RECREATE];

/**
 * `gitvops import`: objects exported from a cluster (`kubectl get vm,pvc,secret -o yaml`) or
 * rendered by a chart (`helm template`) turned into a GitVops Chart in TypeScript, with a proof of
 * the round trip: the generated code is synthesized and compared with the imported objects by the
 * diff engine (`ManifestDiff`), and no change may lose data, be rejected or recreate an object.
 */
export class ManifestImport {
  /** Objects of one or more YAML streams (`List`s are unpacked). Throws on YAML that does not parse. */
  public static parseYaml(text: string, where: string): any[] {
    const out: any[] = [];
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) throw new Error(`${where}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
      const o = doc.toJS();
      if (o?.kind === 'List' && Array.isArray(o.items)) out.push(...o.items);
      else if (o && typeof o === 'object' && o.kind) out.push(o);
    }
    return out;
  }

  /** Generates the Chart for `objects` and checks its round trip. */
  public static fromObjects(objects: any[], options: ManifestImportOptions = {}): ManifestImportResult {
    const opts = {
      className: options.className ?? 'ImportedChart',
      chartId: options.chartId ?? 'imported',
      importFrom: options.importFrom ?? 'gitvops',
      sources: options.sources ?? [],
    };
    const removals: Removal[] = [];
    const live = objects.filter((o) => o && typeof o === 'object' && o.kind && o.metadata?.name).map((o) => cleanServerState(o, removals));
    for (const o of live.filter((x) => x.kind === 'VirtualMachine')) {
      for (const [path, reason] of MUTATOR_PATHS) {
        if (valueAt(o, path) !== undefined) removals.push({ object: describe(o), field: path, reason: `not copied: GitVops writes it — ${reason}` });
      }
    }
    const withRke2 = rke2Candidates(live, new Placeholders()).map((c) => c.name);
    if (withRke2.length) {
      try {
        const attempt = run(live, { ...opts, rke2: true }, removals);
        if (!attempt.damaging.length) return attempt;
        const why = attempt.damaging.map((c) => `${c.kind} ${c.name}: ${c.changeClass}`).join(', ');
        return withNote(run(live, opts, removals), `RKE2 cluster ${withRke2.join(', ')}: as an Rke2Cluster the round trip would damage objects (${why}); imported as plain VMs`);
      } catch (e) {
        return withNote(run(live, opts, removals), `RKE2 cluster ${withRke2.join(', ')}: as an Rke2Cluster the code does not synthesize (${(e as Error).message.split('\n')[0]}); imported as plain VMs`);
      }
    }
    return run(live, opts, removals);
  }
}

const withNote = (r: ManifestImportResult, note: string): ManifestImportResult => ({ ...r, notes: [note, ...r.notes] });

/** Two passes: typed props only, then the spec differences left as JSON patches; the round trip of the second. */
function run(live: any[], opts: GenerateOptions, removals: Removal[]): ManifestImportResult {
  const placeholders1 = new Placeholders();
  const first = generate(live, placeholders1, opts);
  const synthesized = synthesize(first.code, opts.importFrom, opts.className, placeholders1.environment()).objects;
  const patches = new Map<string, PatchOp[]>();
  for (const want of first.expected) {
    if (want.kind !== 'VirtualMachine' && want.kind !== 'PersistentVolumeClaim') continue;
    const got = synthesized.find((o) => keyOf(o) === keyOf(want));
    if (got) patches.set(keyOf(want), patchesTo(got, want));
  }
  const placeholders = new Placeholders();
  const final = generate(live, placeholders, { ...opts, patches });
  const result = synthesize(final.code, opts.importFrom, opts.className, placeholders.environment());
  const changes = roundTrip(final.expected, result.objects);
  const explained = changes.filter((c) => c.kind === 'Secret' && c.changeClass === ChangeClass.DEFERRED)
    .map((c) => explainSecret(final.expected, result.objects, c)).filter((n): n is string => n !== undefined);
  return {
    code: final.code,
    removals,
    placeholders: placeholders.list,
    changes,
    damaging: changes.filter((c) => FORBIDDEN.includes(c.changeClass)),
    notes: [...final.notes, ...(opts.rke2 ? [] : rke2Pattern(live)), ...explained, ...result.warnings],
  };
}

/** The cloud-config / network-config keys whose content differs after re-rendering. */
function explainSecret(expected: any[], synthesized: any[], change: ObjectChange): string | undefined {
  const find = (xs: any[]) => normalizeSecret(xs.find((o) => o.kind === 'Secret' && o.metadata?.name === change.name && (o.metadata?.namespace ?? '') === (change.namespace ?? '')) ?? {});
  const [a, b] = [find(expected), find(synthesized)];
  const parts: string[] = [];
  for (const key of new Set([...Object.keys(a.stringData ?? {}), ...Object.keys(b.stringData ?? {})])) {
    const [x, y] = [a.stringData?.[key], b.stringData?.[key]];
    if (x === y) continue;
    let keys: string[] = [];
    try {
      const [px, py] = [parse(x ?? '', { version: '1.1' }) ?? {}, parse(y ?? '', { version: '1.1' }) ?? {}];
      keys = [...new Set([...Object.keys(px), ...Object.keys(py)])].filter((k) => canonical(px[k]) !== canonical(py[k]));
    } catch {
      // not YAML
    }
    parts.push(x === undefined ? `${key} not written` : y === undefined ? `${key} dropped` : `${key} differs${keys.length ? ` in ${keys.join(', ')}` : ''}`);
  }
  return parts.length ? `Secret ${change.namespace}/${change.name}: re-rendered cloud-init: ${parts.join('; ')} (reaches only a VM created again)` : undefined;
}

/**
 * RKE2 nodes (cloud-init writing /etc/rancher/rke2/config.yaml, the pattern of PLATFORM.md §1's
 * chart), named with what keeps them from an Rke2Cluster: they are imported as plain VMs, and the
 * note says what adopting them into one would replace. Rke2NodePool names a node's objects
 * `<cluster>-<pool>-<i>`, `<cluster>-<pool>-<i>-cloudinit` and `<cluster>-<pool>-disk-<i>`
 * (lib/rke2/node-pool.ts).
 */
function rke2Pattern(objects: any[]): string[] {
  const secrets = objects.filter((o) => o.kind === 'Secret' && /\/etc\/rancher\/rke2\/config\.yaml/.test(secretText(o)));
  if (!secrets.length) return [];
  const servers = secrets.filter((o) => /INSTALL_RKE2_TYPE=server|rke2-server/.test(secretText(o))).length;
  const vms = objects.filter((o) => o.kind === 'VirtualMachine' && (o.spec?.template?.spec?.volumes ?? []).some((v: any) => secrets.some((s) => s.metadata.name === v.cloudInitNoCloud?.secretRef?.name)));
  const reasons: string[] = [];
  const badNames = vms.filter((vm) => !/^(.+)-([a-z0-9]+)-(\d+)$/.test(vm.metadata.name));
  if (badNames.length) reasons.push(`VM names such as ${badNames[0].metadata.name} are not <cluster>-<pool>-<index>`);
  const badDisks = vms.flatMap((vm) => {
    const m = /^(.+)-([a-z0-9]+)-(\d+)$/.exec(vm.metadata.name);
    const claims = (vm.spec.template.spec.volumes ?? []).map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean);
    const want = m ? `${m[1]}-${m[2]}-disk-${m[3]}` : undefined;
    return want && (claims.length !== 1 || claims[0] !== want) ? [`${claims.join(', ') || '(none)'}, not ${want}`] : [];
  });
  if (badDisks.length) reasons.push(`the disks are not named as Rke2NodePool names them (${badDisks[0]}; ${badDisks.length} of ${vms.length} nodes): an Rke2Cluster would make new, empty disks`);
  if (!objects.some((o) => o.kind === 'LoadBalancer')) reasons.push('no control-plane LoadBalancer in the input');
  const names = vms.map((v) => v.metadata.name).join(', ');
  return [`RKE2 nodes recognised (${names}; ${servers} server${servers === 1 ? '' : 's'}), imported as plain HarvesterVms: ${reasons.join('; ') || 'an Rke2Cluster writes its own cloud-config, which a running node would not take'}`];
}

function secretText(o: any): string {
  return [...Object.values(o.stringData ?? {}), ...Object.values(o.data ?? {}).map((v) => Buffer.from(String(v), 'base64').toString('utf8'))].join('\n');
}

function valueAt(o: any, dotted: string): unknown {
  return dotted.split('.').reduce((x: any, k) => (x === undefined || x === null ? undefined : x[k]), o);
}

/** Canonical JSON (sorted keys) of a value. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/**
 * A Secret's data as plain strings under `stringData`, with YAML-valued keys (user data, network
 * data) in a canonical form: the same cloud-config written differently is the same content.
 */
function normalizeSecret(o: any): any {
  if (o.kind !== 'Secret') return o;
  const s = JSON.parse(JSON.stringify(o));
  const data: { [k: string]: string } = {};
  for (const [k, v] of Object.entries(s.data ?? {})) data[k] = Buffer.from(String(v), 'base64').toString('utf8');
  Object.assign(data, s.stringData ?? {});
  for (const [k, v] of Object.entries(data)) {
    if (!/^(userdata|userData|networkdata|networkData)$/.test(k) || !v.trim()) continue;
    try {
      data[k] = `${v.startsWith('#cloud-config') ? '#cloud-config ' : ''}${canonical(parse(v, { version: '1.1' }))}`;
    } catch {
      // not YAML: compared as text
    }
  }
  delete s.data;
  s.stringData = data;
  if (s.type === undefined) s.type = 'Opaque';
  return s;
}

/** The diff engine's classes from the imported objects to the synthesized ones (a Secret type change is refused there). */
function roundTrip(expected: any[], synthesized: any[]): ObjectChange[] {
  return ManifestDiff.compare(expected.map(normalizeSecret), synthesized.map(normalizeSecret));
}

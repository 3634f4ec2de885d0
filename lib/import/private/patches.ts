/**
 * The JSON patches that turn what the generated constructs synthesize into what the cluster has,
 * for the fields typed props cannot express: the documented escape hatch
 * (`apiObject.addJsonPatch(JsonPatch.…)`), so nothing of the imported spec is dropped.
 */
import { isMutatorPath } from './clean';

export interface PatchOp {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: string;
  readonly value?: unknown;
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const named = (xs: unknown[]) => xs.every((x) => isObj(x) && typeof x.name === 'string');
const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The operations, applied in order to `actual`, that make its `spec` (and the subtrees named in
 * `roots`) equal `wanted`'s, leaving out the paths the mutators write (GitVops computes those).
 */
export function patchesTo(actual: any, wanted: any, roots: string[] = ['spec']): PatchOp[] {
  const ops: PatchOp[] = [];
  for (const root of roots) diff(actual?.[root], wanted?.[root], `/${root}`, root, ops, root in (actual ?? {}), root in (wanted ?? {}));
  return ops;
}

/** Inline cloud-init data (`cloudInitNoCloud.userData` …) may hold secret material: never copied into a patch. */
const INLINE = ['userData', 'userDataBase64', 'networkData', 'networkDataBase64'];
const inline = (v: unknown): boolean => isObj(v) && Object.entries(v).some(([k, x]) => INLINE.includes(k) || inline(x));

function diff(a: unknown, b: unknown, pointer: string, dotted: string, ops: PatchOp[], hasA: boolean, hasB: boolean): void {
  if (isMutatorPath(dotted)) return;
  // the generated VM mounts that data from a Secret of its own (HarvesterVm userData)
  if (/\.cloudInit(NoCloud|ConfigDrive)$/.test(dotted) && inline(b)) return;
  if (hasB && !hasA && inline(b)) return;
  if (!hasA && !hasB) return;
  if (!hasB) {
    ops.push({ op: 'remove', path: pointer });
    return;
  }
  if (!hasA) {
    ops.push({ op: 'add', path: pointer, value: b });
    return;
  }
  if (same(a, b)) return;
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) diff(a[k], b[k], `${pointer}/${esc(k)}`, `${dotted}.${k}`, ops, k in a, k in b);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length && b.length && named(a) && named(b)) {
    const removed: number[] = [];
    a.forEach((x: any, i) => {
      const y = b.find((e: any) => e.name === x.name);
      if (y === undefined) removed.push(i);
      else diff(x, y, `${pointer}/${i}`, `${dotted}[${x.name}]`, ops, true, true);
    });
    for (const i of removed.reverse()) ops.push({ op: 'remove', path: `${pointer}/${i}` });
    for (const y of b.filter((e: any) => !a.some((x: any) => x.name === e.name))) ops.push({ op: 'add', path: `${pointer}/-`, value: y });
    return;
  }
  if (!inline(b)) ops.push({ op: 'replace', path: pointer, value: b });
}

import { ChangeClass, ObjectChange } from './change';
import { CHANGE_CLASS_ORDER } from './private/order';
import { classifyChanges, cleanServerFields } from './private/classify';

/** Options of `ManifestDiff.compare`. */
export interface ManifestDiffOptions {
  /**
   * The old side is live state (`kubectl get … -o yaml`): what the server and controllers wrote
   * (status, uid, managedFields, binding and controller annotations) is ignored on both sides.
   * @default false
   */
  readonly live?: boolean;
}

/**
 * What a change to the manifests does to running VMs and disks: each changed object with its
 * class (data-loss, rejected, recreate, restart, live, deferred, power, safe), the fields that
 * caused it and why. `gitvops diff` is this over files or Git revisions.
 */
export class ManifestDiff {
  /** The classes, worst first (the order of reports). */
  public static readonly CLASS_ORDER: ChangeClass[] = [...CHANGE_CLASS_ORDER];

  /** Every change from `oldObjects` to `newObjects`, worst class first. */
  public static compare(oldObjects: any[], newObjects: any[], options: ManifestDiffOptions = {}): ObjectChange[] {
    const clean = (xs: any[]) => xs.filter((o) => o && typeof o === 'object' && o.kind && o.metadata?.name).map((o) => cleanServerFields(o));
    const [a, b] = options.live ? [clean(oldObjects), clean(newObjects)] : [oldObjects, newObjects].map((xs) => xs.filter((o) => o && typeof o === 'object' && o.kind && o.metadata?.name));
    // worst class first, then by kind, namespace and name in code-unit order (not localeCompare:
    // the same bytes on every machine, whatever its locale, and no ICU call per comparison)
    const keyed = classifyChanges(a, b).map((c) => ({ c, rank: CHANGE_CLASS_ORDER.indexOf(c.changeClass), key: `${c.kind}/${c.namespace ?? ''}/${c.name}` }));
    keyed.sort((x, y) => x.rank - y.rank || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    return keyed.map((k) => k.c);
  }
}

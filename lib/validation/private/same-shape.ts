import type { RuleReport } from './problems';

/** Leaf paths are property keys joined by NUL (no JSON key path needs it otherwise). */
export const SEP = '\0';
/** At most this many differing leaves: more, and the object is checked in full. */
const MAX_DIFFERENCES = 24;
/** Representatives recorded per kind before the memo gives up on it (objects that share no shape). */
const MAX_ROUNDS = 6;

/** Thrown by a tracked run whose check writes to the object: its checks are then never skipped. */
const WRITES = Symbol('writes');

/** The leaf paths a check read of an object (through a proxy): the values it could depend on. */
function trackedView(target: object, path: string, reads: Set<string>, proxies: Map<string, object>, targets: WeakMap<object, object>): object {
  const known = proxies.get(path);
  if (known) return known;
  const proxy = new Proxy(target, {
    get(t, key) {
      const value = (t as any)[key];
      if (typeof key === 'symbol') return value;
      const at = path === '' ? key : `${path}${SEP}${key}`;
      if (value !== null && typeof value === 'object') return trackedView(value, at, reads, proxies, targets);
      reads.add(at);
      return value;
    },
    set() {
      throw WRITES;
    },
    defineProperty() {
      throw WRITES;
    },
    deleteProperty() {
      throw WRITES;
    },
    setPrototypeOf() {
      throw WRITES;
    },
    preventExtensions() {
      throw WRITES;
    },
  });
  proxies.set(path, proxy);
  targets.set(proxy, target);
  return proxy;
}

/** A value reported from a tracked run, with the proxies replaced by the objects they stand for. */
function untracked(value: unknown, targets: WeakMap<object, object>, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  const target = targets.get(value);
  if (target !== undefined) return target;
  if (depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => untracked(v, targets, depth + 1));
  if (Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untracked(v, targets, depth + 1)]));
  }
  return value;
}

/**
 * Whether `v` is plain data: an object whose prototype is a realm's `Object.prototype` (or null), an
 * array whose prototype is a realm's `Array.prototype` (objects made by `structuredClone`, or in
 * another context such as a test sandbox, have another realm's prototypes).
 */
function plainProto(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  if (p === null) return true;
  const pp = Object.getPrototypeOf(p);
  return Array.isArray(v) ? pp !== null && Object.getPrototypeOf(pp) === null : pp === null;
}

/** What a node of a shape is: a leaf, an object, an array. */
const LEAF = 0;
const OBJECT = 1;
const ARRAY = 2;
type NodeKind = typeof LEAF | typeof OBJECT | typeof ARRAY;

/**
 * The representative's shape, built once: per object its prototype, keys and children, per leaf
 * its value and its path (keys joined by `SEP`), so the walk of each later object reads no
 * representative's keys, prototypes or paths again, and the paths it reports are one string each
 * (looked up again and again by the checks' memo and the schema's places). One class for every
 * node, so the walk reads the same fields of the same kind of object everywhere.
 */
class Shape {
  public constructor(
    public readonly kind: NodeKind,
    /** A leaf's value. */
    public readonly value: unknown,
    /** A leaf's path. */
    public readonly path: string,
    /** Whether a key on a leaf's path has a NUL (its path would be ambiguous). */
    public readonly nul: boolean,
    /** An object's or array's own object (an object compared with itself is alike). */
    public readonly ref: object | null,
    public readonly proto: object | null,
    public readonly keys: readonly string[],
    public readonly children: readonly Shape[],
  ) {}
}

const NO_KEYS: readonly string[] = [];
const NO_CHILDREN: readonly Shape[] = [];

/** The shape of `a`, a plain object or array; undefined when some object below it is not plain data. */
function shapeOf(a: any, path: string, nul: boolean): Shape | undefined {
  if (a === null || typeof a !== 'object') return new Shape(LEAF, a, path, nul, null, null, NO_KEYS, NO_CHILDREN);
  if (!plainProto(a)) return undefined;
  const keys = Array.isArray(a) ? a.map((_, i) => String(i)) : Object.keys(a);
  const children: Shape[] = [];
  for (const k of keys) {
    const child = shapeOf(a[k as any], path === '' ? k : `${path}${SEP}${k}`, nul || k.includes(SEP));
    if (child === undefined) return undefined;
    children.push(child);
  }
  return new Shape(Array.isArray(a) ? ARRAY : OBJECT, undefined, '', false, a, Object.getPrototypeOf(a), keys, children);
}

/**
 * Where the walk writes the differences it finds: in place, from position 0 for each object (no
 * array grows per object), copied once at the end of an object's walk (`visit` is never re-entered).
 * It holds at most `MAX_DIFFERENCES` + 1 leaf values (primitives) of the last object walked.
 */
const scratchPaths: string[] = [];
const scratchValues: unknown[] = [];
let found = 0;
const NO_DIFFERENCES: readonly string[] = Object.freeze([]);
const NO_VALUES: readonly unknown[] = Object.freeze([]);

/** Whether `list` holds the walk's differing paths (the shape's strings, compared by identity). */
function sameScratch(list: readonly string[] | undefined): boolean {
  if (list === undefined || list.length !== found) return false;
  for (let i = 0; i < found; i++) if (list[i] !== scratchPaths[i]) return false;
  return true;
}

/**
 * Whether `b` has shape `a` — the same keys in the same order at every level, arrays of the
 * same lengths, objects where `a` has objects, plain prototypes, leaves of the same JSON types
 * — writing from position `found` on the paths of the leaves (primitives) that differ into
 * `scratchPaths` and `b`'s values there into `scratchValues`. False when the shapes differ or more
 * than `MAX_DIFFERENCES` leaves do.
 */
function sameShape(a: Shape, b: any): boolean {
  if (a.kind === LEAF) {
    const v = a.value;
    // the same value (Object.is: NaN is NaN, 0 is not -0)
    if (b === v ? b !== 0 || 1 / b === 1 / (v as number) : b !== b && v !== v) return true;
    // an object where a leaf was, a leaf of another JSON type (or a number that is integral, or
    // finite, where the other is not): another shape
    if (b === null || v === null || typeof b !== typeof v || typeof b === 'object') return false;
    if (typeof b === 'number' && (Number.isInteger(b) !== Number.isInteger(v) || Number.isFinite(b) !== Number.isFinite(v))) return false;
    // a key with a NUL would make two paths one: such objects are never taken for alike
    if (a.nul) return false;
    scratchPaths[found] = a.path;
    scratchValues[found] = b;
    return ++found <= MAX_DIFFERENCES;
  }
  if (b === a.ref) return true;
  if (b === null || typeof b !== 'object') return false;
  const children = a.children;
  if (a.kind === ARRAY) {
    if (!Array.isArray(b) || b.length !== children.length || (Object.getPrototypeOf(b) !== a.proto && !plainProto(b))) return false;
    for (let i = 0; i < children.length; i++) if (!sameShape(children[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(b) !== a.proto) return false;
  const keys = a.keys;
  // b's own enumerable keys in order, without a key array: for-in over a plain object lists them
  let i = 0;
  for (const k in b) {
    if (k !== keys[i]) return false;
    if (!sameShape(children[i++], b[k])) return false;
  }
  return i === keys.length;
}

/** One representative of a kind and what its checks found. */
interface Representative {
  /** The shape of the object the checks were recorded on (undefined: not plain data below, never compared). */
  readonly shape: Shape | undefined;
  /** The checks recorded on the representative: true when it found nothing wrong there. */
  readonly clean: Map<string, boolean>;
  /** Per leaf path of the representative: the clean checks that read it. */
  readonly readers: Map<string, string[]>;
  /**
   * The differences of the last object compared and the checks they affect (a pool's nodes differ
   * in the same leaves), with the checks of each list `runEach` was given that must run for them
   * (positions). Dropped whenever the representative records a check.
   */
  last?: { readonly differences: readonly string[]; readonly affected: ReadonlySet<string>; readonly plans: Map<readonly NamedCheck[], readonly number[]> };
}

/** A check of one object and its name in the memo (see `ObjectVisit.runEach`). */
export interface NamedCheck {
  readonly name: string;
  readonly fn: (obj: any, report: RuleReport) => void;
}

interface KindState {
  /** The current representative (a visit keeps the one it was compared with). */
  current?: Representative;
  /** The last object compared with the current representative: where it differed, and its values there. */
  previous?: { readonly differences: readonly string[]; readonly values: readonly unknown[] };
  /** Objects in a row that did not have the representative's shape. */
  misses: number;
  /** Representatives recorded so far. */
  rounds: number;
}

/** How one object's checks run: `run` each check in order. */
export interface ObjectVisit {
  /** Runs `fn`, a check of the object through its `obj` argument (recorded on a representative: the leaves it reads), unless the memo may skip it. */
  run(check: string, fn: (obj: any, report: RuleReport) => void, report: RuleReport): void;
  /**
   * `run` for each check of `checks`, in order. For the objects of a pool the checks that must run
   * are found once per list (the same differences, the same answer): no lookup per check and object.
   */
  runEach(checks: readonly NamedCheck[], report: RuleReport): void;
  /**
   * Whether the answer of `check`, a check of the whole object that says whether it found nothing
   * wrong, is known without running it: the representative's run found nothing and `alike` says the
   * leaves this object has its own values in (paths of keys joined by `SEP`, values of the
   * representative's JSON types) cannot change that answer (`alike` gets the check's name too, so
   * one function serves many checks). When false, the caller runs the check and `record`s its
   * answer. How the structure check and the cloud-config keys use the memo (see `schemaPlaces`).
   */
  keeps(check: string, alike: (differences: readonly string[], check: string) => boolean): boolean;
  /** The answer of a whole-object check that ran (kept for the objects compared with a representative; otherwise ignored). */
  record(check: string, clean: boolean): void;
}

/**
 * Skips the checks of an object that a check cannot tell from one it found nothing wrong with.
 *
 * The checks it is used for are functions of one object (and of facts that stay the same for one
 * validation: the release, the settings, the other objects) that write nothing. For the first
 * object of a kind (the representative) each check runs through a proxy that records the leaf
 * values it reads. A later object of that kind is compared with the representative in one walk:
 * when it has the same shape (the same keys in the same order everywhere, arrays of the same
 * lengths) and differs only in a few leaf values, a check that read none of those leaves and found
 * nothing wrong gets the same answer from every read it makes — it takes the same path and reports
 * the same nothing — so it is skipped. A check that read a differing leaf (a name, a host name, a
 * MAC) runs as usual, and so does every check of an object of another shape; after two of those in
 * a row the next object becomes the representative. A leaf of another JSON type is another shape.
 * An object that has, where it differs from the representative, a value the last object of its
 * kind had there too (a leaf the next pool's nodes share: their sizes, their pool's label) becomes
 * the representative as well, so the nodes of that pool skip what they share.
 *
 * Each visit keeps the representative it was compared with, so one visit per object can serve
 * several passes over the objects (the engine's structure pass, then the platform rules), each
 * pass in the objects' order: a representative always comes before the objects compared with it.
 *
 * Why: the nodes of a pool are one template with a few fields of their own, and at
 * N = 1,000 + 1,000 the platform rules spent most of their time reading the same values 2,000 times.
 */
export class SameShapeMemo {
  private readonly kinds = new Map<string, KindState>();

  /** Starts the checks of `obj`, an object of group `group` (its apiVersion and kind). */
  public visit(group: string, obj: any): ObjectVisit {
    if (obj === null || typeof obj !== 'object' || !plainProto(obj)) return plain(obj);
    let state = this.kinds.get(group);
    if (!state) this.kinds.set(group, (state = { misses: 0, rounds: 0 }));
    if (state.current !== undefined) {
      found = 0;
      if (state.current.shape !== undefined && sameShape(state.current.shape, obj)) {
        // the nodes of a pool differ in the same leaves: the last object's list when it is the same
        const differences = found === 0 ? NO_DIFFERENCES : sameScratch(state.previous?.differences) ? state.previous!.differences : scratchPaths.slice(0, found);
        const values = found === 0 ? NO_VALUES : scratchValues.slice(0, found);
        state.misses = 0;
        // a value this object shares with the last one where both differ from the representative
        // (the nodes of the next pool: their sizes, their pool label): it becomes the representative
        if (state.rounds >= MAX_ROUNDS || !sharesDifference(state.previous, differences, values)) {
          state.previous = { differences, values };
          return new SkippingVisit(state.current, obj, differences);
        }
      } else if (++state.misses < 2) {
        return plain(obj);
      }
    }
    if (state.rounds >= MAX_ROUNDS) return plain(obj);
    state.rounds++;
    state.misses = 0;
    state.previous = undefined;
    // a new record: the visits handed out for the last representative keep theirs
    state.current = { shape: shapeOf(obj, '', false), clean: new Map(), readers: new Map() };
    return new RecordingVisit(state.current, obj);
  }
}

/** Whether some leaf where `differences` are has the same value in the previous object's `differences` (paths: the shape's strings). */
function sharesDifference(previous: KindState['previous'], differences: readonly string[], values: readonly unknown[]): boolean {
  if (previous === undefined) return false;
  for (let i = 0; i < differences.length; i++) {
    const j = previous.differences.indexOf(differences[i]);
    if (j >= 0 && Object.is(previous.values[j], values[i])) return true;
  }
  return false;
}

/** The visit that runs every check of `obj` (no memo, or an object the memo does not take). */
export const plain = (obj: any): ObjectVisit => new PlainVisit(obj);

class PlainVisit implements ObjectVisit {
  public constructor(private readonly obj: any) {}

  public run(_check: string, fn: (obj: any, report: RuleReport) => void, report: RuleReport): void {
    fn(this.obj, report);
  }

  public runEach(checks: readonly NamedCheck[], report: RuleReport): void {
    for (let i = 0; i < checks.length; i++) checks[i].fn(this.obj, report);
  }

  public keeps(): boolean {
    return false;
  }

  public record(): void {}
}

/**
 * The visit of an object compared with a representative: one object per visit (no closures), the
 * checks it must run found at the first check: the representative's checks may run after this
 * visit is handed out (the engine's structure pass hands out every visit before the platform
 * rules run), never after this object's checks.
 */
class SkippingVisit implements ObjectVisit {
  public constructor(private readonly state: Representative, private readonly obj: any, private readonly differences: readonly string[]) {}

  public run(check: string, fn: (obj: any, report: RuleReport) => void, report: RuleReport): void {
    if (this.mustRun(check)) fn(this.obj, report);
  }

  public runEach(checks: readonly NamedCheck[], report: RuleReport): void {
    const last = this.lastFor();
    let plan = last.plans.get(checks);
    if (plan === undefined) {
      const positions: number[] = [];
      for (let i = 0; i < checks.length; i++) if (this.mustRun(checks[i].name)) positions.push(i);
      last.plans.set(checks, (plan = positions));
    }
    for (let i = 0; i < plan.length; i++) checks[plan[i]].fn(this.obj, report);
  }

  public keeps(check: string, alike: (differences: readonly string[], check: string) => boolean): boolean {
    return this.state.clean.get(check) === true && alike(this.differences, check);
  }

  public record(): void {}

  private mustRun(check: string): boolean {
    return this.state.clean.get(check) !== true || this.lastFor().affected.has(check);
  }

  /** The checks this object's differences affect: the last object's when it differed in the same leaves (kept while the representative records nothing more). */
  private lastFor(): NonNullable<Representative['last']> {
    const state = this.state;
    const differences = this.differences;
    // the paths are the shape's strings: the last object's list is compared by identity
    const last = state.last;
    if (last !== undefined && sameList(last.differences, differences)) return last;
    const found = new Set<string>();
    for (let i = 0; i < differences.length; i++) {
      const readers = state.readers.get(differences[i]);
      if (readers) for (let j = 0; j < readers.length; j++) found.add(readers[j]);
    }
    state.last = { differences, affected: found, plans: new Map() };
    return state.last;
  }
}

/** Whether two lists of paths are the same strings in the same order (the shape's strings: compared by identity). */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The visit of a representative: each check runs through a proxy that records what it reads. */
class RecordingVisit implements ObjectVisit {
  public constructor(private readonly state: Representative, private readonly obj: any) {}

  public keeps(): boolean {
    return false;
  }

  public record(check: string, clean: boolean): void {
    this.state.clean.set(check, clean);
    this.state.last = undefined;
  }

  public runEach(checks: readonly NamedCheck[], report: RuleReport): void {
    for (let i = 0; i < checks.length; i++) this.run(checks[i].name, checks[i].fn, report);
  }

  public run(check: string, fn: (obj: any, report: RuleReport) => void, report: RuleReport): void {
    const state = this.state;
    // what the pool's visits found so far is computed again from the answers recorded now
    state.last = undefined;
    const reads = new Set<string>();
    const targets = new WeakMap<object, object>();
    const found: Array<Parameters<RuleReport>> = [];
    try {
      fn(trackedView(this.obj, '', reads, new Map(), targets), (rule, field, value, message) => found.push([rule, field, untracked(value, targets), message]));
    } catch (e) {
      if (e !== WRITES) throw e;
      state.clean.set(check, false);
      fn(this.obj, report);
      return;
    }
    for (const args of found) report(...args);
    state.clean.set(check, found.length === 0);
    if (found.length === 0) {
      for (const path of reads) {
        const readers = state.readers.get(path);
        if (readers) readers.push(check);
        else state.readers.set(path, [check]);
      }
    }
  }
}

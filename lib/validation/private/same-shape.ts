import type { RuleReport } from './problems';

/** Leaf paths are property keys joined by NUL (no JSON key path needs it otherwise). */
const SEP = '\0';
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

/** The own keys of the representative's objects, read once (the representative is walked for every object of its kind). */
const keysOf = new WeakMap<object, string[]>();

function keys(a: object): string[] {
  let found = keysOf.get(a);
  if (found === undefined) keysOf.set(a, (found = Object.keys(a)));
  return found;
}

/**
 * Whether `b` has the shape of `a` — the same keys in the same order at every level, arrays of
 * the same lengths, objects where `a` has objects, plain prototypes — collecting into `out` the
 * paths of the leaves (primitives) that differ. False when the shapes differ or more than
 * `MAX_DIFFERENCES` leaves do. `at` is the path so far, as keys (joined only for a difference).
 */
function sameShape(a: any, b: any, at: string[], out: string[]): boolean {
  if (a === b) return true;
  const aObject = a !== null && typeof a === 'object';
  const bObject = b !== null && typeof b === 'object';
  if (!aObject || !bObject) {
    if (aObject || bObject) return false;
    if (Object.is(a, b)) return true;
    // a key with a NUL would make two paths one: such objects are never taken for alike
    if (at.some((k) => k.includes(SEP))) return false;
    out.push(at.join(SEP));
    return out.length <= MAX_DIFFERENCES;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length || !plainProto(a) || !plainProto(b)) return false;
    for (let i = 0; i < a.length; i++) {
      at.push(String(i));
      const same = sameShape(a[i], b[i], at, out);
      at.pop();
      if (!same) return false;
    }
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || !plainProto(a)) return false;
  const ka = keys(a);
  // b's own enumerable keys in order, without a key array: for-in over a plain object lists them
  let i = 0;
  for (const k in b) {
    if (k !== ka[i++]) return false;
    at.push(k);
    const same = sameShape(a[k], b[k], at, out);
    at.pop();
    if (!same) return false;
  }
  return i === ka.length;
}

interface KindState {
  /** The object the checks were recorded on. */
  representative?: any;
  /** The checks recorded on the representative: true when it found nothing wrong there. */
  readonly clean: Map<string, boolean>;
  /** Per leaf path of the representative: the clean checks that read it. */
  readonly readers: Map<string, string[]>;
  /** Objects in a row that did not have the representative's shape. */
  misses: number;
  /** Representatives recorded so far. */
  rounds: number;
}

/** How one object's checks run: `run` each check in order. */
export interface ObjectVisit {
  run(check: string, fn: (obj: any, report: RuleReport) => void, report: RuleReport): void;
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
 * a row the next object becomes the representative.
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
    if (!state) this.kinds.set(group, (state = { clean: new Map(), readers: new Map(), misses: 0, rounds: 0 }));
    if (state.representative !== undefined) {
      const differences: string[] = [];
      if (sameShape(state.representative, obj, [], differences)) {
        state.misses = 0;
        return skipping(state, obj, differences);
      }
      if (++state.misses < 2) return plain(obj);
    }
    if (state.rounds >= MAX_ROUNDS) return plain(obj);
    state.rounds++;
    state.misses = 0;
    state.representative = obj;
    state.clean.clear();
    state.readers.clear();
    return recording(state, obj);
  }
}

/** The visit that runs every check of `obj` (no memo, or an object the memo does not take). */
export const plain = (obj: any): ObjectVisit => ({ run: (_check, fn, report) => fn(obj, report) });

function skipping(state: KindState, obj: any, differences: readonly string[]): ObjectVisit {
  // the checks that read a leaf this object has its own value in
  const affected = new Set<string>();
  for (const d of differences) for (const check of state.readers.get(d) ?? []) affected.add(check);
  return {
    run(check, fn, report) {
      if (state.clean.get(check) === true && !affected.has(check)) return;
      fn(obj, report);
    },
  };
}

function recording(state: KindState, obj: any): ObjectVisit {
  return {
    run(check, fn, report) {
      const reads = new Set<string>();
      const targets = new WeakMap<object, object>();
      const found: Array<Parameters<RuleReport>> = [];
      try {
        fn(trackedView(obj, '', reads, new Map(), targets), (rule, field, value, message) => found.push([rule, field, untracked(value, targets), message]));
      } catch (e) {
        if (e !== WRITES) throw e;
        state.clean.set(check, false);
        fn(obj, report);
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
    },
  };
}

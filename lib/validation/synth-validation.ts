import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkCloudInitData } from './cloud-init-data';
import { checkPlatformRules, RuleProblem } from './platform-rules';
import { HarvesterVersion, validateStructure } from './index';

/** Options of synth-time validation, set once per app with `SynthValidation.configure`. */
export interface SynthValidationOptions {
  /** The Harvester release the output is for. @default HarvesterVersion.V1_6 */
  readonly harvesterVersion?: HarvesterVersion;
  /** `namespace/name` of Secrets that exist in the cluster but not in this app. @default - none */
  readonly externalSecrets?: string[];
  /** `namespace/name` of PVCs that exist in the cluster but not in this app. @default - none (existing claims from `HarvesterVolume.fromExistingClaim` are added automatically) */
  readonly externalClaims?: string[];
  /** Switch validation off (not recommended). @default true */
  readonly enabled?: boolean;
}

/** One problem in the synthesized output, located in the construct tree. */
export interface SynthProblem extends RuleProblem {
  /** Path of the construct that owns the object. */
  readonly constructPath: string;
}

interface AppState {
  options: SynthValidationOptions;
  externalClaims: Set<string>;
}

const states = new WeakMap<IConstruct, AppState>();
/** Objects whose cloud-init data their construct checks from its model (no YAML re-parse). */
const dataCheckers = new WeakMap<ApiObject, () => RuleProblem[]>();

function stateOf(scope: IConstruct): AppState {
  const root = scope.node.root;
  let state = states.get(root);
  if (!state) {
    state = { options: {}, externalClaims: new Set() };
    states.set(root, state);
    const owner = state;
    root.node.addValidation({ validate: () => validateApp(root, owner) });
  }
  return state;
}

/**
 * Validation of everything an app emits, run by `app.synth()` before any file is written:
 * structure (the real CRD and core schemas, strict), platform rules (KubeVirt/Harvester admission,
 * within and across objects) and cloud-init data. Every GitVops construct switches it on for its
 * app; plain ApiObjects added by hand are checked too when their kind is known.
 */
export class SynthValidation {
  /** Sets the options for the app `scope` belongs to. */
  public static configure(scope: IConstruct, options: SynthValidationOptions): void {
    stateOf(scope).options = { ...options };
  }

  /** Switches validation on for the app of `scope` (idempotent; constructs call it). */
  public static enable(scope: IConstruct): void {
    stateOf(scope);
  }

  /**
   * Lets a construct check the cloud-init data of the object it renders from its own model
   * instead of re-parsing the rendered YAML (the layer-3 check, without the parsing cost).
   */
  public static checkDataWith(apiObject: ApiObject, check: () => RuleProblem[]): void {
    dataCheckers.set(apiObject, check);
  }

  /** Declares a PVC that exists outside the app (`namespace/name`). */
  public static addExternalClaim(scope: IConstruct, claim: string): void {
    stateOf(scope).externalClaims.add(claim);
  }

  /** Every problem in the objects of `scope`'s app, without throwing. */
  public static check(scope: IConstruct): SynthProblem[] {
    return problemsOf(scope.node.root, stateOf(scope));
  }
}

function apiObjectsOf(root: IConstruct): ApiObject[] {
  if (synthContext?.root === root) return synthContext.apiObjects;
  return root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

function problemsOf(root: IConstruct, state: AppState): SynthProblem[] {
  const options = state.options;
  if (options.enabled === false) return [];
  const version = options.harvesterVersion ?? HarvesterVersion.V1_6;
  const apiObjects = apiObjectsOf(root);
  const manifests = apiObjects.map((o) => memoizedJson(o));
  const problems: SynthProblem[] = [];
  manifests.forEach((manifest, i) => {
    const constructPath = apiObjects[i].node.path;
    for (const p of validateStructure(manifest, { harvesterVersion: version })) problems.push({ ...p, constructPath });
    const modelCheck = dataCheckers.get(apiObjects[i]);
    for (const p of modelCheck ? modelCheck() : checkCloudInitData(manifest)) problems.push({ ...p, constructPath });
  });
  const byName = new Map(manifests.map((m, i) => [`${m.kind}/${m.metadata?.namespace ?? ''}/${m.metadata?.name}`, apiObjects[i].node.path]));
  for (const p of checkPlatformRules(manifests, {
    externalSecrets: options.externalSecrets,
    externalClaims: [...(options.externalClaims ?? []), ...state.externalClaims],
  })) {
    problems.push({ ...p, constructPath: byName.get(`${p.kind}/${p.namespace ?? ''}/${p.name}`) ?? '' });
  }
  return problems;
}

/** What `GitVopsApp` hands validation for one synth (see `withSynthContext`). @internal */
export interface SynthContext {
  /** The app. */
  readonly root: IConstruct;
  /** Its ApiObjects, in tree order. */
  readonly apiObjects: ApiObject[];
  /** The JSON of each object, filled as validation resolves them; the writer takes it from here. */
  readonly resolved: Map<ApiObject, any>;
  /** How an object is resolved. */
  readonly resolve: (obj: ApiObject) => any;
}

let synthContext: SynthContext | undefined;

/**
 * Runs `fn` (the app's validations) with `context`: validation takes the app's ApiObjects from
 * it and stores the JSON it resolves in `context.resolved`, so that the writer that runs next
 * writes the same JSON (and can drop each entry once written). Used by `GitVopsApp`.
 * @internal
 */
export function withSynthContext<T>(context: SynthContext, fn: () => T): T {
  const previous = synthContext;
  synthContext = context;
  try {
    return fn();
  } finally {
    synthContext = previous;
  }
}

/**
 * Resolves an object once: validation runs right before cdk8s writes the files, so the JSON it
 * checked is the JSON written, and resolving it twice would only cost time.
 */
function memoizedJson(obj: ApiObject): any {
  if (synthContext) {
    let cached = synthContext.resolved.get(obj);
    if (cached === undefined) {
      cached = synthContext.resolve(obj);
      synthContext.resolved.set(obj, cached);
    }
    return cached;
  }
  const json = obj.toJson();
  Object.defineProperty(obj, 'toJson', { value: () => json, configurable: true });
  return json;
}

/** The report line of one problem: construct path, kind/name, field, value, reason. */
export function formatProblem(p: SynthProblem): string {
  const value = p.value === undefined ? '' : ` (value: ${JSON.stringify(p.value)})`;
  const where = p.namespace ? `${p.namespace}/${p.name}` : p.name;
  return `${p.kind} ${where}: ${p.field}: ${p.message}${value}`;
}

function validateApp(root: IConstruct, state: AppState): string[] {
  const problems = problemsOf(root, state);
  return problems.map((p) => `${p.constructPath ? `{${p.constructPath}} ` : ''}${formatProblem(p)}`);
}

import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkManifests } from './private/engine';
import { formatProblem } from './private/problems';
import { SynthContext } from './private/synth-context';
import { ValidationProblem } from './validation-problem';
import { HarvesterVersion } from '../platform/harvester';
import { setAppVersion, targetOf, targetScopeOf } from '../platform/private/target-scope';
import { warnOnce } from '../core/private/warnings';

/** Options of synth-time validation, set once per app with `SynthValidation.configure`. */
export interface SynthValidationOptions {
  /** The Harvester release the output is for. @default HarvesterVersion.V1_6 */
  readonly harvesterVersion?: HarvesterVersion;
  /** `namespace/name` of Secrets that exist in the cluster but not in this app. @default - none */
  readonly externalSecrets?: string[];
  /**
   * `namespace/name` of PVCs that exist in the cluster but not in this app.
   * @default - none (claims referenced with `HarvesterVolume.fromClaimName` are added automatically)
   */
  readonly externalClaims?: string[];
  /**
   * `<Kind> <namespace>/<name>` of other objects (VMs, VM backups) that exist in the cluster but
   * not in this app, e.g. `VirtualMachineBackup default/web-1`.
   * @default - none (objects referenced with `fromName` are added automatically)
   */
  readonly externalObjects?: string[];
  /**
   * `namespace/name` of VirtualMachineImages that exist in the cluster but not in this app.
   * @default - none (images referenced with `HarvesterImage.fromName` or by name in `HarvesterVolume.fromImage` are added automatically)
   */
  readonly externalImages?: string[];
  /**
   * `namespace/name` of VM networks (NetworkAttachmentDefinitions) that exist in the cluster but
   * not in this app.
   * @default - none (networks referenced with `VmNetwork.fromName` or by name with `NetworkSource.vmNetwork` are added automatically)
   */
  readonly externalNetworks?: string[];
  /** Switch validation off (not recommended). @default true */
  readonly enabled?: boolean;
}

/** One problem in the synthesized output, located in the construct tree. */
export interface SynthProblem extends ValidationProblem {
  /** Path of the construct that owns the object; empty when no construct does. */
  readonly constructPath: string;
}

/** What one app's validation knows; kept per app root, never in a module variable. */
interface AppState {
  options: SynthValidationOptions;
  readonly externalClaims: Set<string>;
  readonly externalSecrets: Set<string>;
  readonly externalObjects: Set<string>;
  readonly externalImages: Set<string>;
  readonly externalNetworks: Set<string>;
  /** Set by `GitVopsApp` for the duration of one synth. */
  context?: SynthContext;
}

const states = new WeakMap<IConstruct, AppState>();
/** Objects whose cloud-init data their construct checks from its own model (no YAML re-parse). */
const models = new WeakMap<ApiObject, () => CloudInitModel>();

/** What a construct hands validation instead of its rendered user data. */
interface CloudInitModel {
  /** The cloud-config document, as rendered (SecretValues as markers). */
  readonly userdata: any;
}

function stateOf(scope: IConstruct): AppState {
  const root = scope.node.root;
  let state = states.get(root);
  if (!state) {
    const created: AppState = { options: {}, externalClaims: new Set(), externalSecrets: new Set(), externalObjects: new Set(), externalImages: new Set(), externalNetworks: new Set() };
    states.set(root, created);
    root.node.addValidation({
      validate: () => {
        const found = problemsOf(root, created, true);
        // drift warnings never fail synth
        for (const p of found) if (p.warning) warnOnce(`drift: ${formatLocated(p)}`);
        return found.filter((p) => !p.warning).map(formatLocated);
      },
    });
    state = created;
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
    if (options.harvesterVersion) setAppVersion(scope, options.harvesterVersion);
  }

  /** Switches validation on for the app of `scope` (idempotent; GitVops constructs call it). */
  public static enable(scope: IConstruct): void {
    stateOf(scope);
  }

  /** Declares a PVC that exists outside the app (`namespace/name`). */
  public static addExternalClaim(scope: IConstruct, claim: string): void {
    stateOf(scope).externalClaims.add(claim);
  }

  /** Declares a VirtualMachineImage that exists outside the app (`namespace/name`). */
  public static addExternalImage(scope: IConstruct, image: string): void {
    stateOf(scope).externalImages.add(image);
  }

  /** Declares a VM network (NetworkAttachmentDefinition) that exists outside the app (`namespace/name`). */
  public static addExternalNetwork(scope: IConstruct, network: string): void {
    stateOf(scope).externalNetworks.add(network);
  }

  /** Declares a Secret that exists outside the app (`namespace/name`). */
  public static addExternalSecret(scope: IConstruct, secret: string): void {
    stateOf(scope).externalSecrets.add(secret);
  }

  /** Declares an object of `kind` that exists outside the app (`namespace/name`), e.g. `('VirtualMachine', 'default/web')`. */
  public static addExternalObject(scope: IConstruct, kind: string, namespacedName: string): void {
    stateOf(scope).externalObjects.add(`${kind} ${namespacedName}`);
  }

  /** Every problem in the objects of `scope`'s app, without throwing. */
  public static check(scope: IConstruct): SynthProblem[] {
    return problemsOf(scope.node.root, stateOf(scope), false);
  }

  /**
   * Lets validation check the cloud-init data of an object from the model its construct renders
   * (the cloud-config document) instead of re-parsing the rendered YAML. @internal
   */
  public static _checkDataWith(apiObject: ApiObject, model: () => { userdata: any }): void {
    models.set(apiObject, model);
  }

  /**
   * Runs `fn` (the app's validations) with `context` attached to the app of `root`: validation
   * takes the app's ApiObjects from it and stores the JSON it resolves there for the writer.
   * @internal
   */
  public static _withContext<T>(root: IConstruct, context: SynthContext, fn: () => T): T {
    const state = states.get(root);
    if (!state) return fn();
    state.context = context;
    try {
      return fn();
    } finally {
      state.context = undefined;
    }
  }
}

/**
 * The JSON of an object, resolved once per synth (the JSON validation checked is the JSON
 * written): from the context `GitVopsApp` hands over; under cdk8s' own `App`, when validation
 * runs as part of its synth (`memoize`), the object keeps the JSON for the write that follows.
 */
function jsonOf(obj: ApiObject, context: SynthContext | undefined, memoize: boolean): any {
  if (context) {
    let cached = context.resolved.get(obj);
    if (cached === undefined) {
      cached = context.resolve(obj);
      context.resolved.set(obj, cached);
    }
    return cached;
  }
  const json = obj.toJson();
  if (memoize) Object.defineProperty(obj, 'toJson', { value: () => json, configurable: true });
  return json;
}

function problemsOf(root: IConstruct, state: AppState, duringSynth: boolean): SynthProblem[] {
  const options = state.options;
  if (options.enabled === false) return [];
  const context = state.context;
  const apiObjects = context?.apiObjects ?? root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  // each target is its own cluster: its release, and names only clash within it
  const groups = new Map<IConstruct | undefined, ApiObject[]>();
  for (const o of apiObjects) {
    const t = targetScopeOf(o);
    const group = groups.get(t);
    if (group) group.push(o);
    else groups.set(t, [o]);
  }
  const problems: SynthProblem[] = [];
  for (const [target, objects] of groups) {
    const manifests = objects.map((o) => jsonOf(o, context, duringSynth));
    const path = (i: number) => (i >= 0 ? objects[i].node.path : '');
    const found = checkManifests(manifests, {
      harvesterVersion: target ? targetOf(target).settings.version : options.harvesterVersion,
      settings: target ? targetOf(target).settings : undefined,
      externalSecrets: [...(options.externalSecrets ?? []), ...state.externalSecrets],
      externalClaims: [...(options.externalClaims ?? []), ...state.externalClaims],
      externalObjects: [...(options.externalObjects ?? []), ...state.externalObjects],
      externalImages: [...(options.externalImages ?? []), ...state.externalImages],
      // synth knows every VM network the app declares, so network references are always checked
      externalNetworks: [...(options.externalNetworks ?? []), ...state.externalNetworks],
      describe: (i) => `{${path(i)}}`,
      modelOf: (i) => models.get(objects[i])?.(),
    });
    for (const { index, relatedIndex, ...p } of found) problems.push({ ...p, constructPath: path(index) });
  }
  return problems;
}

function formatLocated(p: SynthProblem): string {
  return `${p.constructPath ? `{${p.constructPath}} ` : ''}${formatProblem(p)}`;
}

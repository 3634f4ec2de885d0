import { IConstruct } from 'constructs';
import { HarvesterVersion } from '../harvester';
import { HarvesterSettings } from '../harvester-settings';

/** The cluster a construct's objects are for: its Harvester release and settings. */
export interface TargetInfo {
  /** The target's name (its output folder); undefined for the app itself. */
  readonly name?: string;
  readonly settings: HarvesterSettings;
}

const TARGETS = new WeakMap<IConstruct, TargetInfo>();
const APP_VERSIONS = new WeakMap<IConstruct, HarvesterVersion>();

/** Marks `scope` as a target: everything under it is for that cluster (HarvesterTarget calls it). */
export function registerTarget(scope: IConstruct, info: TargetInfo): void {
  TARGETS.set(scope, info);
}

/** Sets the Harvester release of an app without targets (SynthValidation.configure calls it). */
export function setAppVersion(scope: IConstruct, version: HarvesterVersion): void {
  APP_VERSIONS.set(scope.node.root, version);
}

/** The nearest target construct above (or at) `scope`, if any. */
export function targetScopeOf(scope: IConstruct): IConstruct | undefined {
  for (const s of [...scope.node.scopes].reverse()) if (TARGETS.has(s)) return s;
  return undefined;
}

/** The target of `scope`: its nearest HarvesterTarget, else the app's release with that release's default settings. */
export function targetOf(scope: IConstruct): TargetInfo {
  const t = targetScopeOf(scope);
  if (t) return TARGETS.get(t)!;
  return { settings: HarvesterSettings.defaults(APP_VERSIONS.get(scope.node.root) ?? HarvesterVersion.V1_6) };
}

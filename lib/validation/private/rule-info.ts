import { HarvesterVersion } from '../../platform/harvester';
import { HarvesterSettings } from '../../platform/harvester-settings';
import type { RuleReport } from './problems';

/** Where a rule comes from: the upstream check it mirrors, or GitVops' own (why, in `meaning`). */
export interface RuleInfo {
  readonly id: string;
  /** The project whose check this mirrors. */
  readonly source: 'KubeVirt' | 'Harvester' | 'load-balancer-harvester' | 'Kubernetes' | 'cloud-init' | 'netplan' | 'GitVops';
  /** Upstream file (and function) read to write the rule, at the versions Harvester ships. */
  readonly upstream: string;
  /** The Harvester releases the rule applies to. */
  readonly versions: readonly HarvesterVersion[];
  /** One line: what the rule refuses. */
  readonly meaning: string;
  /** A drift warning: the cluster accepts the object but stores something else (never fails synth). */
  readonly warning?: boolean;
}

/** Upstream files the rules cite (at the versions Harvester ships: KubeVirt v1.5 for Harvester 1.6). */
export const VMI = 'kubevirt/kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go';
export const VMS = 'kubevirt/kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go';
export const NET = 'kubevirt/kubevirt pkg/network/admitter/';
export const HVM = 'harvester/harvester pkg/webhook/resources/virtualmachine/validator.go';
export const LB = 'harvester/load-balancer-harvester pkg/webhook/loadbalancer/';
export const POOL = 'harvester/load-balancer-harvester pkg/webhook/ippool/';

export const ALL_VERSIONS = [HarvesterVersion.V1_6, HarvesterVersion.V1_8] as const;

/** A rule of the table. */
export const rule = (id: string, source: RuleInfo['source'], upstream: string, meaning: string, versions: readonly HarvesterVersion[] = ALL_VERSIONS, warning = false): RuleInfo =>
  ({ id, source, upstream, versions, meaning, ...(warning ? { warning } : {}) });

/** What a family's checks may read besides the object. */
export interface FamilyContext {
  /** The Harvester release checked for (problems of rules that do not apply to it are dropped). */
  readonly harvesterVersion: HarvesterVersion;
  /** The cluster's settings (a target's, else the release's defaults): what the drift rules compute webhook values from. */
  readonly settings: HarvesterSettings;
  /** Every checked object, for rules across objects. */
  readonly objects: readonly any[];
  /** The checked objects that are `kind`s of API group `group` ('' for the core group), in order (see `isKind`; indexed once per validation). */
  ofKind(group: string, kind: string): readonly any[];
  /** Objects that exist outside the checked ones, as `<Kind> <namespace>/<name>` (e.g. `VirtualMachine default/web`). */
  readonly externalObjects: ReadonlySet<string>;
  /** Whether references to objects missing from the output are reported (off for partial manifests). */
  readonly checkReferences: boolean;
  /** `namespace/name` of images declared external; undefined when the caller does not know them (image references unchecked). */
  readonly externalImages?: ReadonlySet<string>;
  /** `namespace/name` of VM networks that exist outside the objects; undefined when VM network references are not checked. */
  readonly externalNetworks?: readonly string[];
}

/**
 * A family of platform rules ported from one upstream area: its rows of the rules table and the
 * check that reports them for one object (called for every object; it picks its kinds).
 */
export interface RuleFamily {
  readonly rules: readonly RuleInfo[];
  check(obj: any, report: RuleReport, context: FamilyContext): void;
  /**
   * Rules of one object's fields that may differ from node to node of a pool (its names, labels):
   * run before `check`, as a check of its own in the memo (`SameShapeMemo`). A node whose own
   * values differ runs these only, `check` stays skippable; a node that has the representative's
   * labels (the Secrets and disks of a pool) skips both.
   */
  checkOwnFields?(obj: any, report: RuleReport, context: FamilyContext): void;
  /** Rules across objects: called once after every object was checked. */
  checkAll?(objects: readonly any[], reportFor: (obj: any) => RuleReport, context: FamilyContext): void;
}

/**
 * `ofKind` of a `FamilyContext` for `objects`: the objects grouped by `kind` in one pass on the first
 * call, each group and kind filtered once (rules across objects ask for a few kinds each, and a
 * pass over every object per question cost ~1 ms per 6,000 objects).
 */
export function kindIndex(objects: readonly any[]): (group: string, kind: string) => readonly any[] {
  let byKind: Map<string, any[]> | undefined;
  const answers = new Map<string, readonly any[]>();
  return (group, kind) => {
    const key = `${group}/${kind}`;
    let answer = answers.get(key);
    if (answer !== undefined) return answer;
    if (byKind === undefined) {
      byKind = new Map();
      for (let i = 0; i < objects.length; i++) {
        const k = objects[i]?.kind;
        if (typeof k !== 'string') continue;
        const list = byKind.get(k);
        if (list) list.push(objects[i]);
        else byKind.set(k, [objects[i]]);
      }
    }
    answer = (byKind.get(kind) ?? []).filter((o) => isKind(o, group, kind));
    answers.set(key, answer);
    return answer;
  };
}

/** `apiVersion/kind` of an object, one string per pair for the whole process (no string built and hashed per object). */
const apiKinds = new Map<string, Map<string, string>>();

export function apiKindOf(obj: any): string {
  const apiVersion = obj?.apiVersion;
  const kind = obj?.kind;
  // strings only, and a bounded number of them (anything else is named by its text, never kept)
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return `${apiVersion}/${kind}`;
  let byKind = apiKinds.get(apiVersion);
  if (!byKind) {
    if (apiKinds.size >= 1000) return `${apiVersion}/${kind}`;
    apiKinds.set(apiVersion, (byKind = new Map()));
  }
  let group = byKind.get(kind);
  if (group === undefined) {
    group = `${apiVersion}/${kind}`;
    if (byKind.size < 1000) byKind.set(kind, group);
  }
  return group;
}

/** Whether `obj` is a `kind` of an API group (`apiVersion` `group/...`; '' for the core group). */
export function isKind(obj: any, group: string, kind: string): boolean {
  if (obj?.kind !== kind || typeof obj.apiVersion !== 'string') return false;
  // `<group>/` without building that string (called for every object by every family)
  const v: string = obj.apiVersion;
  return group === '' ? v === 'v1' : v.length > group.length && v.charCodeAt(group.length) === 47 && v.startsWith(group);
}

/** A list field as an array (anything else as empty). */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

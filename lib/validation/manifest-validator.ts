import { checkManifests } from './private/engine';
import { RULES, rulesTable } from './private/rules';
import { ValidationProblem } from './validation-problem';
import { HarvesterVersion } from '../platform/harvester';

/** Options of `ManifestValidator.check`. */
export interface ManifestCheckOptions {
  /** The Harvester release the manifests are for. @default HarvesterVersion.V1_6 */
  readonly harvesterVersion?: HarvesterVersion;
  /**
   * Check that the Secrets and PVCs a VM references are among the objects (or listed as
   * external). Off for partial manifests.
   * @default true
   */
  readonly checkReferences?: boolean;
  /** `namespace/name` of Secrets that exist outside the checked objects. @default - none */
  readonly externalSecrets?: string[];
  /** `namespace/name` of PVCs that exist outside the checked objects. @default - none */
  readonly externalClaims?: string[];
  /** `<Kind> <namespace>/<name>` of other objects (VMs, VM backups) that exist outside the checked objects, e.g. `VirtualMachine default/web`. @default - none */
  readonly externalObjects?: string[];
  /**
   * `namespace/name` of VirtualMachineImages that exist outside the checked objects. Given (even
   * empty), a PVC whose `harvesterhci.io/imageId` names an image neither among the objects nor
   * listed is a problem (rule references.image); left out, that is not checked.
   * @default - image references are not checked
   */
  readonly externalImages?: string[];
  /**
   * `namespace/name` of VM networks (NetworkAttachmentDefinitions) that exist outside the checked
   * objects. Given, a VM's multus networks must be among the objects or in this list
   * (`references.network`); plain manifests do not say which networks the cluster has, so
   * without it they are not checked.
   * @default - VM network references not checked
   */
  readonly externalNetworks?: string[];
  /**
   * How messages name each object when they point at another one (a duplicate names the first),
   * one entry per object, e.g. `file.yaml:2`.
   * @default - `object <index>`
   */
  readonly objectNames?: string[];
}

/** One platform rule the validator applies. */
export interface PlatformRule {
  /** Rule id, named by the problems that break it, e.g. `kubevirt.vmi.disk-bus`. */
  readonly id: string;
  /** The project whose check it mirrors: KubeVirt, Harvester, load-balancer-harvester, Kubernetes, cloud-init or GitVops. */
  readonly source: string;
  /** The upstream file (and function) it was written from. */
  readonly upstream: string;
  /** The Harvester releases it applies to, e.g. `['1.6', '1.8']`. */
  readonly versions: string[];
  /** What it refuses, in one line. */
  readonly meaning: string;
  /** A drift warning (the cluster accepts the object, its webhooks store something else), not an error. @default false */
  readonly warning?: boolean;
}

/** One problem in a set of manifests. */
export interface ManifestProblem extends ValidationProblem {
  /** Position of the object in the checked list; -1 when no object of that kind and name is in it. */
  readonly index: number;
  /** For a duplicate object: the position of the first object of that name. @default - none */
  readonly relatedIndex?: number;
}

/**
 * Checks plain manifests (parsed YAML or JSON, from any tool) with the rules synth-time
 * validation applies: the strict CRD and core schemas of the Harvester release, the KubeVirt /
 * Harvester / load-balancer admission rules within and across objects, and cloud-init data.
 * `gitvops validate` is this over files.
 */
export class ManifestValidator {
  /** Every platform rule, in table order. */
  public static rules(): PlatformRule[] {
    return RULES.map((r) => ({ id: r.id, source: r.source, upstream: r.upstream, versions: [...r.versions], meaning: r.meaning, ...(r.warning ? { warning: true } : {}) }));
  }

  /** The rules as a Markdown table with counts per source (`gitvops rules`, the README's table). */
  public static rulesTable(): string {
    return rulesTable();
  }

  /** Every problem of `objects`: per object structure and cloud-init data, then duplicates, then cross-object rules. */
  public static check(objects: any[], options: ManifestCheckOptions = {}): ManifestProblem[] {
    return checkManifests(objects, { ...options, describe: (i) => options.objectNames?.[i] ?? `object ${i}` });
  }
}

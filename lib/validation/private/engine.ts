import { checkCloudConfigDocument, checkCloudInitData } from './cloud-init-data';
import { duplicateMessage, duplicateObjects } from './duplicates';
import { checkPlatformRules } from './platform-rules';
import { ObjectVisit, SameShapeMemo, plain } from './same-shape';
import { RuleProblem, objectMeta, reporterFor, ruleReporterFor } from './problems';
import { validateStructure } from './structure';
import { apiKindOf } from './rule-info';
import { HarvesterVersion } from '../../platform/harvester';
import { HarvesterSettings } from '../../platform/harvester-settings';

/** A problem located by the position of its object in the checked list. */
export interface IndexedProblem extends RuleProblem {
  /** Position of the object; -1 when no object of that kind, namespace and name is in the list. */
  readonly index: number;
  /** For a duplicate object: the position of the first object of that name. */
  readonly relatedIndex?: number;
}

/** What the engine needs besides the objects. */
export interface EngineOptions {
  readonly harvesterVersion?: HarvesterVersion;
  /** The cluster's settings (a HarvesterTarget's). @default - the release's defaults */
  readonly settings?: HarvesterSettings;
  readonly checkReferences?: boolean;
  readonly externalSecrets?: string[];
  readonly externalClaims?: string[];
  readonly externalObjects?: string[];
  /** Images that exist outside the objects; given, image references are checked. */
  readonly externalImages?: string[];
  /** VM networks that exist outside the objects; undefined: VM network references are not checked. */
  readonly externalNetworks?: string[];
  /** How a duplicate names where the first object is (a construct path, a file position). */
  readonly describe: (index: number) => string;
  /** The cloud-config model a construct renders for object `index`, checked instead of re-parsing its user data. */
  readonly modelOf?: (index: number) => { userdata: any } | undefined;
  /** Skip the checks of an object that cannot tell it from an earlier clean one of the same shape (`SameShapeMemo`). Off only to compare (tests). @default true */
  readonly skipSameShape?: boolean;
}

/**
 * Every check of a list of manifests, in one order for synth-time validation and `gitvops validate`
 * alike: per object the strict structure and the cloud-init data, then duplicates, then the
 * platform rules within and across objects.
 */
export function checkManifests(objects: any[], options: EngineOptions): IndexedProblem[] {
  const version = options.harvesterVersion ?? HarvesterVersion.V1_6;
  const problems: IndexedProblem[] = [];
  // one visit per object serves the structure pass and the platform rules (see SameShapeMemo)
  const memo = options.skipSameShape === false ? undefined : new SameShapeMemo();
  // and one for the cloud-config models the constructs render (validated key by key)
  const models = options.skipSameShape === false ? undefined : new SameShapeMemo();
  const visits: ObjectVisit[] = [];
  objects.forEach((obj, index) => {
    const visit = memo?.visit(apiKindOf(obj), obj) ?? plain(obj);
    visits.push(visit);
    // indexed loops in the per-object path: cold code allocates an iterator result per for-of step
    const structure = validateStructure(obj, { harvesterVersion: version, visit });
    for (let i = 0; i < structure.length; i++) problems.push({ ...structure[i], index });
    const model = options.modelOf?.(index);
    let data: RuleProblem[];
    if (model) {
      data = [];
      checkCloudConfigDocument(model.userdata, 'userdata', reporterFor(obj, data), ruleReporterFor(obj, data), models?.visit('cloud-config', model.userdata));
    } else {
      data = checkCloudInitData(obj);
    }
    for (let i = 0; i < data.length; i++) problems.push({ ...data[i], index });
  });
  for (const { index, first } of duplicateObjects(objects)) {
    problems.push({
      ...objectMeta(objects[index]), index, relatedIndex: first,
      field: 'metadata.name', value: objects[index].metadata.name, message: duplicateMessage(options.describe(first)),
    });
  }
  const platform = checkPlatformRules(objects, { ...options, visits });
  // the position of each problem's object, by kind, namespace and name (found only when there are problems)
  if (platform.length) {
    const byName = new Map<string, number>();
    objects.forEach((o, i) => {
      const key = `${o?.kind}/${o?.metadata?.namespace ?? ''}/${o?.metadata?.name}`;
      if (!byName.has(key)) byName.set(key, i);
    });
    for (const p of platform) problems.push({ ...p, index: byName.get(`${p.kind}/${p.namespace ?? ''}/${p.name}`) ?? -1 });
  }
  return problems;
}

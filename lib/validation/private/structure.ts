import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWithCodeCache } from '../../core/private/code-cache';
import type { ErrorObject } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { QUANTITY_PATTERN, coreKindSchema, objectMetaSchema } from './openapi-schemas';
import { RuleProblem, addProblem, fieldPath, reporterFor, valueAtPointer } from './problems';
import { ObjectVisit, SEP } from './same-shape';
import { apiKindOf } from './rule-info';
import { SchemaPlace, isPlainPlace } from './schema-places';
import { isDnsLabel, isDnsSubdomain } from '../../core/private/names';
import { HarvesterVersion } from '../../platform/harvester';

/** A problem found by validation (structure, platform rules or cloud-init data). */
export type ValidationProblem = RuleProblem;

/** Options of `validateStructure`. */
export interface StructureOptions {
  /** Target release. @default HarvesterVersion.V1_6 */
  readonly harvesterVersion?: HarvesterVersion;
  /**
   * The object's visit of a `SameShapeMemo`: the schema check is skipped when the object differs
   * from a valid one of the same shape only at plain places of the schema (`schemaPlaces`).
   * @default - the schema check always runs
   */
  readonly visit?: ObjectVisit;
}

const CRD_FILES: { [v in HarvesterVersion]: string } = {
  [HarvesterVersion.V1_6]: 'harvester-v1.6.1/all-crds.yaml',
  [HarvesterVersion.V1_8]: 'harvester-v1.8.2/all-crds.yaml',
};
// The same relative path from lib/validation (sources) and dist-lib/lib/validation (package).
const CRD_DIR = join(__dirname, '..', '..', '..', 'imports', 'crds');

/** VirtualMachine and Service names become host names: DNS labels. */
const LABEL_NAMED = new Set(['VirtualMachine', 'Service', 'Namespace']);

/** A kind's strict schema and the facts its metadata is checked by. */
export interface KindInfo {
  readonly schema: object;
  readonly namespaced: boolean;
  readonly nameRule: 'label' | 'subdomain';
}

/**
 * Turns a CRD's structural schema into a strict JSON schema, as `kubeconform -strict` reads it:
 * objects with properties are closed unless they preserve unknown fields, int-or-string means
 * integer or string, and Kubernetes extensions are dropped.
 */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-') || key === 'description' && typeof value === 'string') continue;
    out[key] = key === 'properties' || key === 'patternProperties'
      ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)]))
      : strict(value);
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema['x-kubernetes-embedded-resource']) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  }
  if (out.properties && out.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  if (schema.nullable && out.type) {
    out.type = [out.type, 'null'].flat();
    delete out.nullable;
  }
  return out;
}

/** The core kinds checked, from the Kubernetes OpenAPI document: component, scope, name rule. */
const CORE_KINDS: Array<[string, string, string, boolean, 'label' | 'subdomain']> = [
  ['v1', 'Secret', 'io.k8s.api.core.v1.Secret', true, 'subdomain'],
  ['v1', 'ConfigMap', 'io.k8s.api.core.v1.ConfigMap', true, 'subdomain'],
  ['v1', 'PersistentVolumeClaim', 'io.k8s.api.core.v1.PersistentVolumeClaim', true, 'subdomain'],
  ['v1', 'Namespace', 'io.k8s.api.core.v1.Namespace', false, 'label'],
  ['v1', 'Service', 'io.k8s.api.core.v1.Service', true, 'label'],
  ['v1', 'ServiceAccount', 'io.k8s.api.core.v1.ServiceAccount', true, 'subdomain'],
  ['storage.k8s.io/v1', 'StorageClass', 'io.k8s.api.storage.v1.StorageClass', false, 'subdomain'],
];
/** The OpenAPI document of each core kind's API group (core: api/v1; storage.k8s.io: apis/storage.k8s.io/v1). */
const OPENAPI_FILES: { [apiVersion: string]: string } = { 'v1': 'api__v1_openapi.json', 'storage.k8s.io/v1': 'apis__storage.k8s.io__v1_openapi.json' };
/** Add-on CRDs of the kinds GitVops writes besides Harvester's (their upstream CRD files). */
const ADDON_CRDS = [
  'addons/external-secrets.io_externalsecrets.yaml', 'addons/bitnami.com_sealedsecrets.yaml',
  // the delivery config GitVops writes for the management cluster (Fleet, Argo CD, Flux)
  'addons/fleet.cattle.io_gitrepos.yaml', 'addons/argoproj.io_applications.yaml', 'addons/argoproj.io_applicationsets.yaml',
  'addons/kustomize.toolkit.fluxcd.io_kustomizations.yaml', 'addons/source.toolkit.fluxcd.io_gitrepositories.yaml',
  // system-upgrade-controller's Plan, for the RKE2 upgrade plans
  'addons/upgrade.cattle.io_plans.yaml',
];

function addCrds(found: Map<string, KindInfo>, text: string, meta: any): void {
  const { definitions, ...metaBody } = meta;
  for (const doc of parseAllDocuments(text)) {
    const crd: any = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const namespaced = crd.spec.scope === 'Namespaced';
    for (const v of crd.spec.versions ?? []) {
      const body = strict(v.schema?.openAPIV3Schema ?? { type: 'object' });
      const apiVersion = `${crd.spec.group}/${v.name}`;
      const kind = crd.spec.names.kind;
      body.properties = { ...body.properties, apiVersion: { enum: [apiVersion] }, kind: { enum: [kind] }, metadata: metaBody };
      body.required = [...new Set([...(body.required ?? []), 'apiVersion', 'kind', 'metadata'])];
      body.additionalProperties = false;
      body.definitions = definitions;
      found.set(`${apiVersion}/${kind}`, { schema: body, namespaced, nameRule: LABEL_NAMED.has(kind) ? 'label' : 'subdomain' });
    }
  }
}

/**
 * The kinds of a release and their strict schemas: core kinds from the Kubernetes OpenAPI
 * document, Harvester's CRDs of the release, and the add-on CRDs (External Secrets, sealed-secrets);
 * object metadata everywhere from the OpenAPI's ObjectMeta. What `npm run import` compiles into
 * `imports/validators/` (the run time never parses YAML or compiles schemas).
 */
export function crdKinds(version: HarvesterVersion, crdDir: string = CRD_DIR): Map<string, KindInfo> {
  const found = new Map<string, KindInfo>();
  const openapi = join(crdDir, '..', 'kubernetes', 'api__v1_openapi.json');
  for (const [apiVersion, kind, component, namespaced, nameRule] of CORE_KINDS) {
    const file = join(crdDir, '..', 'kubernetes', OPENAPI_FILES[apiVersion]);
    found.set(`${apiVersion}/${kind}`, { schema: coreKindSchema(file, component, apiVersion, kind), namespaced, nameRule });
  }
  const meta = objectMetaSchema(openapi);
  for (const file of ADDON_CRDS) addCrds(found, readFileSync(join(crdDir, file), 'utf8'), meta);
  addCrds(found, readFileSync(join(crdDir, CRD_FILES[version]), 'utf8'), meta);
  return found;
}

/** What `imports/validators/<release>/index.js` exports: the kinds' facts and validator modules. */
interface GeneratedIndex {
  readonly kinds: { [gvk: string]: { id: string; namespaced: boolean; nameRule: 'label' | 'subdomain' } };
}

type CompiledValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The generated directory of a release (`npm run import` writes it; one module per kind). */
export const VALIDATOR_DIRS: { [v in HarvesterVersion]: string } = {
  [HarvesterVersion.V1_6]: 'harvester-v1.6.1',
  [HarvesterVersion.V1_8]: 'harvester-v1.8.2',
};
const VALIDATOR_DIR = join(__dirname, '..', '..', '..', 'imports', 'validators');
const indexes = new Map<HarvesterVersion, GeneratedIndex>();
const validators = new Map<string, { validate: CompiledValidator; persist: () => void }>();

function indexOf(version: HarvesterVersion): GeneratedIndex {
  let index = indexes.get(version);
  if (!index) {
    index = require(join(VALIDATOR_DIR, VALIDATOR_DIRS[version], 'index.js')) as GeneratedIndex;
    indexes.set(version, index);
  }
  return index;
}

/** The compiled validator of one kind, loaded on first use (with V8's code cache: see `loadWithCodeCache`). */
function validatorFor(version: HarvesterVersion, id: string): { validate: CompiledValidator; persist: () => void } {
  const key = `${version}/${id}`;
  let entry = validators.get(key);
  if (!entry) {
    const mod = loadWithCodeCache(join(VALIDATOR_DIR, VALIDATOR_DIRS[version], `${id}.js`));
    entry = { validate: (mod.exports.default ?? mod.exports) as CompiledValidator, persist: mod.persist };
    validators.set(key, entry);
  }
  return entry;
}

/** The plain places of a kind's schema (`<id>.places.json`, written by `npm run import` beside the validator), read on first use. */
const placeFiles = new Map<string, { places: SchemaPlace; paths: Map<string, boolean> }>();

function placesFor(version: HarvesterVersion, id: string): { places: SchemaPlace; paths: Map<string, boolean> } {
  const key = `${version}/${id}`;
  let entry = placeFiles.get(key);
  if (!entry) {
    const file = join(VALIDATOR_DIR, VALIDATOR_DIRS[version], `${id}.places.json`);
    entry = { places: JSON.parse(readFileSync(file, 'utf8')).places, paths: new Map() };
    placeFiles.set(key, entry);
  }
  return entry;
}

/** The memo's `alike` of a kind's schema check (one function per kind: none made per object). */
const alikes = new Map<HarvesterVersion, Map<string, (differences: readonly string[]) => boolean>>();

function alikeFor(version: HarvesterVersion, id: string): (differences: readonly string[]) => boolean {
  let byId = alikes.get(version);
  if (!byId) alikes.set(version, (byId = new Map()));
  let alike = byId.get(id);
  if (!alike) byId.set(id, (alike = plainDifferencesOf(version, id)));
  return alike;
}

// apart from alikeFor: a function that makes a closure allocates its captured variables on every call
function plainDifferencesOf(version: HarvesterVersion, id: string): (differences: readonly string[]) => boolean {
  return (differences) => plainDifferences(version, id, differences);
}

/** Whether every differing leaf lies at a plain place of the kind's schema (answers cached per path: a pool's nodes differ at the same paths). */
function plainDifferences(version: HarvesterVersion, id: string, differences: readonly string[]): boolean {
  if (!differences.length) return true;
  const { places, paths } = placesFor(version, id);
  for (let i = 0; i < differences.length; i++) {
    const d = differences[i];
    let plain = paths.get(d);
    if (plain === undefined) paths.set(d, (plain = isPlainPlace(places, d, SEP)));
    if (!plain) return false;
  }
  return true;
}

/** True when GitVops knows the schema of `apiVersion`/`kind` for the release. */
export function isKnownKind(apiVersion: string, kind: string, version: HarvesterVersion = HarvesterVersion.V1_6): boolean {
  return `${apiVersion}/${kind}` in indexOf(version).kinds;
}

/**
 * Whether the `anyOf` error `e` is a quantity's: one of its alternatives failed on the quantity
 * grammar (the error's schema path names no definition: the validators are compiled with
 * `inlineRefs` off, see `hoistSubschemas`).
 */
function isQuantityError(e: ErrorObject, errors: readonly ErrorObject[]): boolean {
  return errors.some((o) => o.instancePath === e.instancePath && o.keyword === 'pattern' && o.params.pattern === QUANTITY_PATTERN);
}

function describe(e: ErrorObject, errors: readonly ErrorObject[]): { suffix?: string; message: string } {
  switch (e.keyword) {
    case 'additionalProperties':
      return { suffix: String(e.params.additionalProperty), message: `unknown field "${e.params.additionalProperty}"` };
    case 'required':
      return { suffix: String(e.params.missingProperty), message: `required field "${e.params.missingProperty}" is missing` };
    case 'enum':
      return { message: `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}` };
    case 'type':
      return { message: `must be ${[e.params.type].flat().join(' or ')}` };
    case 'anyOf':
      return {
        message: isQuantityError(e, errors)
          ? 'must be a Kubernetes quantity such as "4Gi", "500m" or "1e3" (k8s.io/apimachinery quantity grammar)'
          : 'must be integer or string (a quantity such as "4Gi"; no floats)',
      };
    case 'format':
      return { message: `must be in format "${e.params.format}"` };
    default:
      return { message: e.message ?? e.keyword };
  }
}

function checkMetadata(obj: any, info: Omit<KindInfo, 'schema'>, problems: ValidationProblem[]): void {
  const meta = obj.metadata;
  if (!meta || typeof meta !== 'object') return;
  if (typeof meta.name !== 'string' || meta.name === '') addProblem(problems, obj, 'metadata.name', meta.name, 'required field "name" is missing');
  else if (info.nameRule === 'label' && !isDnsLabel(meta.name)) addProblem(problems, obj, 'metadata.name', meta.name, 'must be a DNS-1123 label (at most 63 characters of a-z, 0-9, "-")');
  else if (info.nameRule === 'subdomain' && !isDnsSubdomain(meta.name)) addProblem(problems, obj, 'metadata.name', meta.name, 'must be a DNS-1123 subdomain');
  if (info.namespaced && meta.namespace === undefined) addProblem(problems, obj, 'metadata.namespace', undefined, `${obj.kind} is namespaced: metadata.namespace is required`);
  if (!info.namespaced && meta.namespace !== undefined) addProblem(problems, obj, 'metadata.namespace', meta.namespace, `${obj.kind} is cluster-scoped: metadata.namespace must not be set`);
  if (typeof meta.namespace === 'string' && !isDnsLabel(meta.namespace)) addProblem(problems, obj, 'metadata.namespace', meta.namespace, 'must be a DNS-1123 label');
  // label and annotation keys and label values: the kubernetes.object-meta rules (families/kubernetes-pod.ts),
  // as the API server words and decides them (annotation keys compared in lower case)
}

/**
 * Checks one object against the strict schema of its kind for the Harvester release: unknown
 * fields, types, int-or-string quantities, formats, enums, required fields, and metadata (name
 * rules per kind, namespace per scope; labels and annotations are the platform rules'). Objects of unknown kinds give
 * no problems (see `isKnownKind`). The validators are compiled ahead of time by `npm run import`.
 */
export function validateStructure(obj: any, options: StructureOptions = {}): ValidationProblem[] {
  const version = options.harvesterVersion ?? HarvesterVersion.V1_6;
  const problems: ValidationProblem[] = [];
  if (!obj || typeof obj !== 'object' || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    addProblem(problems, obj, '', undefined, 'not a Kubernetes object: apiVersion and kind are required');
    return problems;
  }
  const info = indexOf(version).kinds[apiKindOf(obj)];
  if (!info) return problems;
  // no function made per object: a representative's or an unlike object's schema check runs, the others keep its answer
  if (!options.visit?.keeps('structure', alikeFor(version, info.id))) {
    const valid = schemaCheck(obj, version, info.id, problems);
    options.visit?.record('structure', valid);
  }
  checkMetadata(obj, info, problems);
  return problems;
}

/** The kind's schema validator on `obj`, its errors as problems; whether it found none. */
function schemaCheck(obj: any, version: HarvesterVersion, id: string, problems: ValidationProblem[]): boolean {
  const { validate, persist } = validatorFor(version, id);
  const valid = validate(obj);
  // after the first call V8 has compiled the validator: keep that code for the next process
  persist();
  if (!valid) {
    const report = reporterFor(obj, problems);
    const errors = validate.errors ?? [];
    const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
    for (const e of errors) {
      if (e.keyword !== 'anyOf' && anyOfPaths.has(e.instancePath) && e.schemaPath.includes('/anyOf/')) continue;
      if (e.instancePath === '/metadata' && e.keyword === 'required') continue;
      const { suffix, message } = describe(e, errors);
      const path = fieldPath(e.instancePath);
      const field = suffix ? (path ? `${path}.${suffix}` : suffix) : path;
      report(field, suffix ? undefined : valueAtPointer(obj, e.instancePath), message);
    }
  }
  return valid;
}

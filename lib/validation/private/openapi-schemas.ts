import { readFileSync } from 'node:fs';

/**
 * Strict JSON schemas of Kubernetes core kinds from the Kubernetes OpenAPI v3 document
 * (`imports/kubernetes/api__v1_openapi.json`, Kubernetes 1.33, the version Harvester 1.6 runs):
 * what `npm run import` compiles into the generated validators. Strict as `kubeconform -strict`
 * reads a schema: every object with properties is closed, int-or-string is integer or string,
 * and quantities follow the Kubernetes quantity grammar (k8s.io/apimachinery
 * pkg/api/resource/quantity.go: sign, digits with an optional fraction, then a binary suffix
 * Ki…Ei, a decimal one n u m k M G T P E, or an exponent).
 */
export const QUANTITY_PATTERN = '^[+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const PREFIX = '#/components/schemas/';

/** A component schema, strict, with its references pointing into `definitions`. */
function strictComponent(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strictComponent);
  if (schema === null || typeof schema !== 'object') return schema;
  // `allOf: [{ $ref }]` with a default beside it is how v3 documents a reference
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && schema.allOf[0].$ref) return strictComponent(schema.allOf[0]);
  const out: any = {};
  for (const [key, value] of Object.entries<any>(schema)) {
    if (key.startsWith('x-kubernetes-') || key === 'default' || key === 'description') continue;
    if (key === '$ref') out.$ref = `#/definitions/${String(value).slice(PREFIX.length)}`;
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries<any>(value).map(([k, v]) => [k, strictComponent(v)]));
    else if (key === 'format' && value === 'int-or-string') continue;
    else out[key] = strictComponent(value);
  }
  if (out.properties && out.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/** The components `name` reaches through references, itself included. */
function reachable(components: { [name: string]: any }, name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  const walk = (v: any): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') reachable(components, x.slice(PREFIX.length), seen);
        else walk(x);
      }
    }
  };
  walk(components[name]);
  return seen;
}

const components = new Map<string, { [name: string]: any }>();

function load(file: string): { [name: string]: any } {
  let found = components.get(file);
  if (!found) components.set(file, (found = JSON.parse(readFileSync(file, 'utf8')).components.schemas));
  return found!;
}

/** The definitions a schema of `name` needs, strict, with Quantity and IntOrString made precise. */
function definitions(file: string, name: string): { [name: string]: any } {
  const all = load(file);
  const defs: { [name: string]: any } = {};
  for (const n of reachable(all, name)) defs[n] = strictComponent(all[n]);
  if (defs[QUANTITY]) defs[QUANTITY] = { anyOf: [{ type: 'string', pattern: QUANTITY_PATTERN }, { type: 'number' }] };
  if (defs[INT_OR_STRING]) defs[INT_OR_STRING] = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
  return defs;
}

/** The strict schema of a core kind (component `name`), with apiVersion and kind fixed and metadata required. */
export function coreKindSchema(file: string, name: string, apiVersion: string, kind: string): object {
  const defs = definitions(file, name);
  const body = { ...defs[name] };
  delete defs[name];
  body.properties = { ...body.properties, apiVersion: { enum: [apiVersion] }, kind: { enum: [kind] } };
  body.required = ['apiVersion', 'kind', 'metadata'];
  return { ...body, definitions: defs };
}

/** The strict ObjectMeta of the OpenAPI document (for CRD kinds, whose schemas leave metadata open). */
export function objectMetaSchema(file: string): object {
  const defs = definitions(file, OBJECT_META);
  const body = defs[OBJECT_META];
  delete defs[OBJECT_META];
  return { ...body, definitions: defs };
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { cacheDir, fileKey, loadWithCodeCache, writeCacheFile } from '../../core/private/code-cache';
import { fieldPath, valueAtPointer } from './problems';
import { ObjectVisit, plain } from './same-shape';
import { CLOUD_INIT_SCHEMA, cloudInitSchema, cloudInitSchemaFacts, moduleOf } from '../../platform/private/cloud-init-keys';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * How the installed schema is checked: `keys` — one validator per top-level key, compiled and
 * loaded only for the keys a document has (see `keysIndependent`); `whole` — one validator for
 * the whole document; `none` — cloud-init is not installed.
 */
type Mode = 'keys' | 'whole' | 'none';

/**
 * The schema of one top-level key, as a document schema: every module's schema of that key
 * (all of them must hold, as under the root's `allOf`), with the root's `$defs` for references.
 * Undefined when no module declares the key.
 */
export function keySchema(schema: any, key: string): object | undefined {
  const parts = (schema.allOf as any[]).map((entry) => moduleOf(schema, entry)?.properties?.[key]).filter((p) => p !== undefined);
  if (parts.length === 0) return undefined;
  const property = parts.length === 1 ? parts[0] : { allOf: parts };
  // only the definitions the key reaches (ajv's code embeds the schema it was compiled from)
  const defs: { [name: string]: unknown } = {};
  const walk = (v: any): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const name = k === '$ref' && typeof x === 'string' ? /^#\/\$defs\/([^/]+)/.exec(x)?.[1] : undefined;
        if (name !== undefined && !(name in defs) && schema.$defs?.[name] !== undefined) {
          defs[name] = schema.$defs[name];
          walk(schema.$defs[name]);
        } else {
          walk(x);
        }
      }
    }
  };
  walk(property);
  return { $schema: schema.$schema, $defs: defs, type: 'object', properties: { [key]: property } };
}

/** Where this schema file's compiled validators are kept (null: no cache, compiled in memory). */
let cacheRoot: string | undefined | null;
let mode: Mode | undefined;
let ajvInstance: any;
const validators = new Map<string, Validator | null>();

function root(): string | undefined {
  if (cacheRoot === undefined) {
    const dir = cacheDir('gitvops-cloud-init', { underJest: true });
    // a new cloud-init or ajv, a new directory
    cacheRoot = dir ? join(dir, `v3-${fileKey(CLOUD_INIT_SCHEMA, `ajv ${require('ajv/package.json').version}`)}`) : null;
  }
  return cacheRoot ?? undefined;
}

/** Whether to validate by key or whole, decided once from the schema's facts (see `cloudInitSchemaFacts`). */
function modeOf(): Mode {
  if (mode === undefined) {
    const facts = cloudInitSchemaFacts();
    mode = facts === undefined ? 'none' : facts.keysIndependent ? 'keys' : 'whole';
  }
  return mode;
}

/**
 * The compiled validator of `name` (a key, or `*` for the whole document), from the cache or
 * compiled now with ajv (draft 4, as the schema declares; ~10–40 ms a key, ~0.35 s whole) and
 * kept; null when no module declares the key. Cached code is loaded with V8's code cache.
 */
function validatorOf(name: string): Validator | null {
  const known = validators.get(name);
  if (known !== undefined) return known;
  const dir = root();
  const file = dir && join(dir, name === '*' ? 'document.js' : `key-${encodeURIComponent(name)}.js`);
  let code: string | null | undefined;
  if (file && existsSync(file)) code = readFileSync(file, 'utf8');
  if (code === undefined) {
    const schema = name === '*' ? cloudInitSchema() : keySchema(cloudInitSchema(), name);
    code = schema === undefined ? null : compile(schema);
    if (file) writeCacheFile(file, code ?? '');
  }
  let validator: Validator | null = null;
  if (code) {
    if (file && existsSync(file) && cacheDir() !== undefined) {
      const mod = loadWithCodeCache(file, require);
      const validate = (mod.exports.default ?? mod.exports) as Validator;
      const wrapped: Validator = Object.assign((data: unknown) => {
        const ok = validate(data);
        wrapped.errors = validate.errors;
        // after the first call V8 has compiled the validator: keep that code for the next process
        mod.persist();
        return ok;
      }, { errors: null });
      validator = wrapped;
    } else {
      const mod = { exports: {} as any };
      // the generated code requires ajv's runtime helpers: resolved from here, wherever the cache is
      new Function('module', 'exports', 'require', code)(mod, mod.exports, require);
      validator = (mod.exports.default ?? mod.exports) as Validator;
    }
  }
  validators.set(name, validator);
  return validator;
}

function compile(schema: object): string {
  if (!ajvInstance) {
    const Ajv = require('ajv-draft-04');
    const addFormats = require('ajv-formats');
    ajvInstance = new (Ajv.default ?? Ajv)({ allErrors: true, strict: false, code: { source: true } });
    (addFormats.default ?? addFormats)(ajvInstance);
  }
  const standalone = require('ajv/dist/standalone').default;
  return standalone(ajvInstance, ajvInstance.compile(schema)) as string;
}

/**
 * ajv's errors for a cloud-config document under cloud-init's own schema, none when it is valid
 * or cloud-init is not installed. By key (see `keysIndependent`), only the validators of the
 * document's keys are loaded: a GitVops cloud-config has 5–15 of cloud-init's ~150 keys, and the
 * whole schema's validator is ~0.5 MB of code to read and load in every process. With `visit`
 * (a `SameShapeMemo`'s, for the documents of one synth) a key whose value is the same as in an
 * earlier valid document of the same shape is not validated again: a pool's nodes differ in their
 * host names and the files that name them, not in their packages, commands and keys.
 */
export function cloudConfigRawErrors(doc: unknown, visit: ObjectVisit = plain(doc)): ErrorObject[] {
  const how = modeOf();
  if (how === 'none') return [];
  const errors: ErrorObject[] = [];
  if (how === 'whole' || doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    if (visit.keeps('*', noDifference)) return errors;
    const validate = validatorOf('*')!;
    const valid = validate(doc);
    if (!valid) errors.push(...(validate.errors ?? []));
    visit.record('*', valid);
    return errors;
  }
  const keys = Object.keys(doc);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = (doc as any)[key];
    // a key's value equal to the representative's (no difference below it) gets its answer
    if (value === undefined || visit.keeps(key, noDifferenceBelow)) continue;
    const validate = validatorOf(key);
    const valid = !validate || validate({ [key]: value });
    if (!valid) errors.push(...(validate!.errors ?? []));
    visit.record(key, valid);
  }
  return errors;
}

const noDifference = (differences: readonly string[]): boolean => differences.length === 0;

/** Whether no leaf path of `differences` is `key` or below it (the memo's `alike` of one key's check, named by the key). */
function noDifferenceBelow(differences: readonly string[], key: string): boolean {
  for (let i = 0; i < differences.length; i++) if (below(differences[i], key)) return false;
  return true;
}

/** Whether leaf path `path` (keys joined by `SEP`) is `key` or below it. */
function below(path: string, key: string): boolean {
  return path.length === key.length ? path === key : path.length > key.length && path.charCodeAt(key.length) === 0 && path.startsWith(key);
}

/**
 * The schema's errors for one cloud-config document, one per field: the deepest fields only (a
 * mistake inside a list item is reported there, not again for the item), the alternatives of one
 * field joined ("must be string or must be array"), in field order.
 */
export function cloudConfigSchemaErrors(doc: unknown, visit?: ObjectVisit): Array<{ field: string; value: unknown; message: string }> {
  const found = cloudConfigRawErrors(doc, visit);
  if (found.length === 0) return [];
  const byPath = new Map<string, Set<string>>();
  for (const e of found) {
    if (['anyOf', 'oneOf', 'allOf', 'if', 'not'].includes(e.keyword)) continue;
    const path = e.keyword === 'additionalProperties' ? `${e.instancePath}/${e.params.additionalProperty}` : e.instancePath;
    const message = e.keyword === 'additionalProperties' ? 'is not a key cloud-init knows here' : e.message ?? e.keyword;
    if (!byPath.has(path)) byPath.set(path, new Set());
    byPath.get(path)!.add(message);
  }
  const paths = [...byPath.keys()];
  return paths
    .filter((p) => p !== '' && !paths.some((other) => other !== p && other.startsWith(`${p}/`)))
    .map((p) => ({ field: fieldPath(p), value: valueAtPointer(doc, p), message: [...byPath.get(p)!].join(' or ') }))
    .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

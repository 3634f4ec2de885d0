import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { cacheDir, fileKey, loadWithCodeCache } from './code-cache';
import { fieldPath, valueAtPointer } from './problems';
import { CLOUD_INIT_SCHEMA } from '../../platform/private/cloud-init-keys';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let loaded: Validator | null | undefined;

/**
 * cloud-init's own JSON schema of cloud-config (Debian's `cloud-init` package), compiled with
 * ajv (draft 4, as the schema declares), or undefined when cloud-init is not installed. Compiling
 * takes ~0.35 s, so the compiled code is kept in a cache keyed by the schema file and ajv's version (a
 * new cloud-init, a new entry) and later runs load it in a few milliseconds.
 */
export function cloudConfigSchema(): Validator | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  if (!existsSync(CLOUD_INIT_SCHEMA)) {
    loaded = null;
    return undefined;
  }
  const dir = cacheDir('gitvops-cloud-init', { underJest: true });
  const file = dir && join(dir, `schema-${fileKey(CLOUD_INIT_SCHEMA, `ajv ${require('ajv/package.json').version}`)}.js`);
  let code: string | undefined;
  if (file && existsSync(file)) code = readFileSync(file, 'utf8');
  if (code === undefined) {
    const text = readFileSync(CLOUD_INIT_SCHEMA, 'utf8');
    const Ajv = require('ajv-draft-04');
    const addFormats = require('ajv-formats');
    const standalone = require('ajv/dist/standalone').default;
    const ajv = new (Ajv.default ?? Ajv)({ allErrors: true, strict: false, code: { source: true } });
    (addFormats.default ?? addFormats)(ajv);
    code = standalone(ajv, ajv.compile(JSON.parse(text))) as string;
    if (file) {
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(`${file}.${process.pid}.tmp`, code);
        renameSync(`${file}.${process.pid}.tmp`, file);
      } catch {
        // no cache: compiled again next time
      }
    }
  }
  if (file && existsSync(file) && cacheDir() !== undefined) {
    // the cached code as a module with V8's code cache: evaluating ~1 MB of generated code is
    // most of what a small `gitvops validate` costs; its requires resolve from here
    const mod = loadWithCodeCache(file, require);
    const validate = (mod.exports.default ?? mod.exports) as Validator;
    loaded = Object.assign((data: unknown) => {
      const ok = validate(data);
      (loaded as Validator).errors = validate.errors;
      mod.persist();
      return ok;
    }, { errors: null });
    return loaded;
  }
  const mod = { exports: {} as any };
  // the generated code requires ajv's runtime helpers: resolved from here, wherever the cache is
  new Function('module', 'exports', 'require', code)(mod, mod.exports, require);
  loaded = (mod.exports.default ?? mod.exports) as Validator;
  return loaded;
}

/**
 * The schema's errors for one cloud-config document, one per field: the deepest fields only (a
 * mistake inside a list item is reported there, not again for the item), the alternatives of one
 * field joined ("must be string or must be array"), in field order.
 */
export function cloudConfigSchemaErrors(doc: unknown): Array<{ field: string; value: unknown; message: string }> {
  const validate = cloudConfigSchema();
  if (!validate || validate(doc)) return [];
  const byPath = new Map<string, Set<string>>();
  for (const e of validate.errors ?? []) {
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

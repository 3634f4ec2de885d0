import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/** A value the one-pass resolver leaves to cdk8s (its error messages and edge cases are cdk8s'). */
class NotPlain extends Error {}

/** The app resolves with cdk8s' three built-in resolvers only (no custom `resolvers` prop). */
export function hasBuiltInResolvers(app: App): boolean {
  const r = app.resolvers;
  return r.length === 3
    && r[0].constructor === LazyResolver
    && r[1].constructor === ImplicitTokenResolver
    && r[2].constructor === NumberStringUnionResolver;
}

/**
 * `obj.toJson()` in one pass: cdk8s resolves every value through its resolver chain (a context
 * object, three resolver calls and a copied key path per value, and the app looked up from the
 * tree each time), then walks the result again to drop null values and sort keys. For an
 * ApiObject that does not override `toJson`, in an app with the built-in resolvers only, this
 * does both at once with the same rules, in the same order: Lazy → `produce()`, an object with
 * a `resolve()` method → its result, a non-plain object with a number or string `value` →
 * `{ value }`; arrays item by item; plain objects with sorted keys (unless
 * `CDK8S_DISABLE_SORT`), null and undefined values dropped (the metadata likewise, always
 * sorted, empty arrays and objects dropped); then JSON patches, then
 * `apiVersion`, `kind`, `metadata` first. Anything else (other objects, overrides, errors)
 * is handed to cdk8s' own `toJson()`. Tests compare both on every example and random values.
 */
export function resolveApiObject(obj: ApiObject): any {
  const internals = obj as unknown as { props?: object; patches?: JsonPatch[] };
  if (obj.toJson !== ApiObject.prototype.toJson || typeof internals.props !== 'object' || !Array.isArray(internals.patches)) {
    return obj.toJson();
  }
  try {
    const data = { ...internals.props, metadata: resolveMetadata(obj.metadata) };
    const json = resolveValue(data, !process.env.CDK8S_DISABLE_SORT, false);
    const patched = internals.patches.length > 0 ? JsonPatch.apply(json, ...internals.patches) : json;
    const result: any = {};
    for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
      if (k in patched) result[k] = patched[k];
    }
    return result;
  } catch {
    // cdk8s reports it, with its own message
    return obj.toJson();
  }
}

/**
 * `metadata.toJson()` in one pass: cdk8s resolves the metadata fields, then sanitizes them with
 * sorted keys, dropping empty arrays and objects.
 */
function resolveMetadata(metadata: ApiObjectMetadataDefinition): any {
  const m = metadata as any;
  if (m.toJson !== ApiObjectMetadataDefinition.prototype.toJson || typeof m._additionalAttributes !== 'object'
    || !Array.isArray(m.finalizers) || !Array.isArray(m.ownerReferences)) {
    return metadata.toJson();
  }
  return resolveValue({
    ...m._additionalAttributes,
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  }, true, true);
}

function resolveValue(value: any, sortKeys: boolean, filterEmpty: boolean): any {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new NotPlain();
    return value;
  }
  if (value instanceof Lazy) return resolveValue(value.produce(), sortKeys, filterEmpty);
  if (typeof value.resolve === 'function') return resolveValue(value.resolve(), sortKeys, filterEmpty);
  if (Array.isArray(value)) {
    if (filterEmpty && value.length === 0) return undefined;
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = resolveValue(value[i], sortKeys, filterEmpty);
    return out;
  }
  if (value.constructor !== Object) throw new NotPlain();
  const keys = Object.keys(value);
  if (sortKeys) keys.sort();
  const out: any = {};
  let empty = true;
  for (const k of keys) {
    if (k === '__proto__') throw new NotPlain();
    const v = resolveValue(value[k], sortKeys, filterEmpty);
    if (v !== undefined && v !== null) {
      out[k] = v;
      empty = false;
    }
  }
  return filterEmpty && empty ? undefined : out;
}

/**
 * The places of a JSON schema where a leaf value is checked for its type and nothing else: what
 * lets the structure check of an object be skipped when it differs from a valid object of the
 * same shape only in leaves at such places (see `SameShapeMemo` and `validateStructure`).
 *
 * A place is one of:
 * - `0`: the schema constrains the value there (a pattern, an enum, a format, a range, `anyOf` …):
 *   a difference there is validated;
 * - `1`: the value there, and everything below it, is checked at most for its JSON type (a
 *   schema of `type` and annotations only, or no schema at all);
 * - `{ p, x }`: an object or array whose keys lead on: `p` by property name, `x` for any other
 *   key (additional properties, array items); a key that leads nowhere is a place of type `0`.
 *
 * Two objects of the same shape (same keys in the same order, arrays of the same lengths) whose
 * differing leaves have the same JSON type and all lie at places of type `1` get the same answer
 * from the schema: every keyword on the way reads only keys, lengths and types (`type`,
 * `properties`, `additionalProperties`, `items`, `required`, min/max properties and items), and
 * the leaf's own schema only its type. Anything else on the way (combinators, `uniqueItems`,
 * `patternProperties`, `propertyNames`, `$ref` with siblings, an unknown keyword) ends the place.
 */
export type SchemaPlace = 0 | 1 | { readonly p?: { readonly [key: string]: SchemaPlace }; readonly x?: SchemaPlace };

/** Keywords that say nothing about a value. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'example', 'examples', '$comment']);
/** Keywords of an object or array that read only its keys, its length and its values' places. */
const CONTAINER = new Set(['type', 'properties', 'additionalProperties', 'items', 'required', 'minProperties', 'maxProperties', 'minItems', 'maxItems', 'definitions']);

/** The places of `schema` (draft 7, references into its own `definitions`). Used by `npm run import`. */
export function schemaPlaces(schema: any): SchemaPlace {
  const definitions: { [name: string]: any } = schema?.definitions ?? {};
  const build = (s: any, refs: readonly string[]): SchemaPlace => {
    if (s === true || (s !== null && typeof s === 'object' && !Array.isArray(s) && Object.keys(s).length === 0)) return 1;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return 0;
    if (s.$ref !== undefined) {
      const name = typeof s.$ref === 'string' && s.$ref.startsWith('#/definitions/') ? s.$ref.slice('#/definitions/'.length) : undefined;
      // a reference with siblings, outside the definitions, or on its own path (recursion): not followed
      if (name === undefined || Object.keys(s).some((k) => k !== '$ref' && !ANNOTATIONS.has(k)) || refs.includes(name) || !(name in definitions)) return 0;
      return build(definitions[name], [...refs, name]);
    }
    const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
    if (keys.every((k) => k === 'type')) return 1;
    if (!keys.every((k) => CONTAINER.has(k))) return 0;
    const p: { [key: string]: SchemaPlace } = {};
    // a constrained property keeps its 0: it must not fall through to the other keys' place
    for (const [k, v] of Object.entries<any>(s.properties ?? {})) p[k] = build(v, refs);
    let x: SchemaPlace = 0;
    if (s.items !== undefined) {
      if (Array.isArray(s.items) || s.additionalProperties !== undefined || s.properties !== undefined) return 0;
      x = build(s.items, refs);
    } else if (s.additionalProperties === undefined || s.additionalProperties === true) {
      x = 1;
    } else if (s.additionalProperties !== false) {
      x = build(s.additionalProperties, refs);
    }
    // nothing plain below: one 0
    if (x === 0 && Object.values(p).every((v) => v === 0)) return 0;
    return Object.keys(p).length ? (x === 0 ? { p } : { p, x }) : { x };
  };
  return build(schema, []);
}

/** Whether the leaf at `path` (keys joined by `separator`) lies at a place of type `1`. */
export function isPlainPlace(places: SchemaPlace | undefined, path: string, separator: string): boolean {
  let node = places;
  for (const key of path.split(separator)) {
    if (node === undefined || node === 0 || node === 1) break;
    node = node.p !== undefined && Object.prototype.hasOwnProperty.call(node.p, key) ? node.p[key] : node.x;
  }
  return node === 1;
}

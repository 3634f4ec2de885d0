/**
 * A JSON schema (draft 7) with its large subschemas moved into `definitions` and referenced by
 * `$ref`, each distinct subschema once: what `npm run import` compiles, with ajv's `inlineRefs`
 * off, into one small function per definition.
 *
 * Why: a CRD's schema is one inline tree (KubeVirt's VirtualMachine: ~3,000 subschemas, many of
 * them repeated — affinity, probes, volume sources, resource requirements), which ajv compiles
 * into one function of ~750 KB. V8 never optimizes a function that large, parses all of it on
 * the first call, and runs it in the interpreter for every object. Hoisted, the same checks are
 * ~75 functions of a few KB, shared where the subschemas are equal.
 *
 * The meaning is unchanged: a subschema replaced by `{ $ref }` to an equal copy validates the
 * same data the same way, and errors keep their `instancePath` (their `schemaPath` then names
 * the definition). Only subschema positions are walked (never `enum`, `const`, `default` or
 * `example` values), a subschema with a `$ref` of its own stays where it is, and so does any
 * subschema whose JSON is shorter than `minLength`.
 */
export function hoistSubschemas(schema: any, options: { minLength?: number; prefix?: string } = {}): any {
  const minLength = options.minLength ?? 200;
  const prefix = options.prefix ?? 'gitvops.hoisted.';
  const hoisted: { [name: string]: any } = {};
  const names = new Map<string, string>();

  const sub = (s: any): any => {
    const out = walk(s);
    if (out === null || typeof out !== 'object' || Array.isArray(out) || out.$ref !== undefined) return out;
    const text = JSON.stringify(out);
    if (text.length < minLength) return out;
    let name = names.get(text);
    if (name === undefined) {
      name = `${prefix}${names.size}`;
      names.set(text, name);
      hoisted[name] = out;
    }
    return { $ref: `#/definitions/${name}` };
  };
  const map = (m: any): any => (m && typeof m === 'object' && !Array.isArray(m)
    ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, sub(v)]))
    : m);

  // the keywords whose values are subschemas (draft 7), a map of them, or a list of them
  const walk = (s: any): any => {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return s;
    const out: any = {};
    for (const [key, value] of Object.entries<any>(s)) {
      switch (key) {
        case 'properties': case 'patternProperties': case 'definitions':
          out[key] = map(value);
          break;
        case 'dependencies':
          out[key] = value && typeof value === 'object'
            ? Object.fromEntries(Object.entries<any>(value).map(([k, v]) => [k, Array.isArray(v) ? v : sub(v)]))
            : value;
          break;
        case 'items':
          out[key] = Array.isArray(value) ? value.map(sub) : sub(value);
          break;
        case 'allOf': case 'anyOf': case 'oneOf':
          out[key] = Array.isArray(value) ? value.map(sub) : value;
          break;
        case 'additionalProperties': case 'additionalItems': case 'not': case 'contains':
        case 'propertyNames': case 'if': case 'then': case 'else':
          out[key] = sub(value);
          break;
        default:
          out[key] = value;
      }
    }
    return out;
  };

  const { definitions, ...body } = schema;
  const root = walk(body);
  // the root's own definitions keep their names (errors name them); their insides are hoisted too
  const ownDefinitions = definitions && Object.fromEntries(Object.entries<any>(definitions).map(([k, v]) => [k, walk(v)]));
  return { ...root, definitions: { ...(ownDefinitions ?? {}), ...hoisted } };
}

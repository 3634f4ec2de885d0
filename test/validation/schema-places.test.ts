import fc from 'fast-check';
import { validObjects } from './cases/fixture';
import { SEP } from '../../lib/validation/private/same-shape';
import { isPlainPlace, schemaPlaces } from '../../lib/validation/private/schema-places';
import { validateStructure } from '../../lib/validation/private/structure';
import { HarvesterVersion } from '../../lib/platform/harvester';

const plainAt = (schema: any, path: string) => isPlainPlace(schemaPlaces(schema), path.split('.').join(SEP), SEP);

describe('schemaPlaces', () => {
  const object = (properties: object, extra: object = {}) => ({ type: 'object', properties, ...extra });

  test('a leaf checked for its type only, with annotations, or not at all is plain', () => {
    const schema = object({ a: { type: 'string', description: 'd', default: 'x' }, b: {}, c: true, n: { type: 'integer' } }, { required: ['a'] });
    for (const path of ['a', 'b', 'c', 'n', 'b.below.anything', 'other']) expect([path, plainAt(schema, path)]).toEqual([path, true]);
  });

  test.each([
    ['pattern', { type: 'string', pattern: '^a$' }],
    ['enum', { type: 'string', enum: ['a'] }],
    ['format', { type: 'integer', format: 'int32' }],
    ['minimum', { type: 'integer', minimum: 1 }],
    ['maxLength', { type: 'string', maxLength: 3 }],
    ['anyOf', { anyOf: [{ type: 'integer' }, { type: 'string' }] }],
    ['const', { const: 'a' }],
    ['an unknown keyword', { type: 'string', 'x-kubernetes-int-or-string': true }],
  ])('a leaf constrained by %s is not plain', (_name, leaf) => {
    expect(plainAt(object({ a: leaf }), 'a')).toBe(false);
  });

  test('containers: additionalProperties and items lead on; what they constrain ends the place', () => {
    const schema = object({
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      closed: { type: 'object', properties: { k: { type: 'string' } }, additionalProperties: false },
      list: { type: 'array', items: object({ name: { type: 'string' }, port: { type: 'integer', maximum: 65535 } }) },
      unique: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      keys: { type: 'object', patternProperties: { '^a': { type: 'string' } } },
    });
    expect(plainAt(schema, 'labels.any-key')).toBe(true);
    expect(plainAt(schema, 'closed.k')).toBe(true);
    // a key additionalProperties: false forbids is another shape (keys), never a plain difference
    expect(plainAt(schema, 'closed.other')).toBe(false);
    expect(plainAt(schema, 'list.0.name')).toBe(true);
    expect(plainAt(schema, 'list.3.port')).toBe(false);
    expect(plainAt(schema, 'unique.0')).toBe(false);
    expect(plainAt(schema, 'keys.a')).toBe(false);
  });

  test('references into the definitions are followed, except with siblings or in a cycle', () => {
    const definitions = {
      name: { type: 'string' },
      tree: object({ label: { type: 'string' }, child: { $ref: '#/definitions/tree' } }),
    };
    const schema = { definitions, ...object({ a: { $ref: '#/definitions/name' }, b: { $ref: '#/definitions/name', maxLength: 2 }, t: { $ref: '#/definitions/tree' }, e: { $ref: 'http://x/y' } }) };
    expect(plainAt(schema, 'a')).toBe(true);
    expect(plainAt(schema, 'b')).toBe(false);
    expect(plainAt(schema, 't.label')).toBe(true);
    expect(plainAt(schema, 't.child.label')).toBe(false);
    expect(plainAt(schema, 'e')).toBe(false);
  });

  test('no places: nothing is plain', () => {
    expect(schemaPlaces({ anyOf: [{ type: 'object' }] })).toBe(0);
    expect(schemaPlaces({ type: 'object', properties: { a: { type: 'string', pattern: 'a' } }, additionalProperties: false })).toBe(0);
    expect(isPlainPlace(undefined, 'a', SEP)).toBe(false);
  });
});

describe('the places written beside the validators', () => {
  // every leaf of the valid objects, and whether the kind's schema takes it for plain
  const leavesOf = (version: HarvesterVersion) => {
    const kinds = require(`../../imports/validators/${version === HarvesterVersion.V1_6 ? 'harvester-v1.6.1' : 'harvester-v1.8.2'}/index.js`).kinds;
    const out: Array<{ object: number; path: string[]; plain: boolean }> = [];
    validObjects(version).forEach((o, object) => {
      const id = kinds[`${o.apiVersion}/${o.kind}`]?.id;
      if (!id) return;
      const places = require(`../../imports/validators/${version === HarvesterVersion.V1_6 ? 'harvester-v1.6.1' : 'harvester-v1.8.2'}/${id}.places.json`).places;
      const walk = (v: any, path: string[]) => {
        if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
        else out.push({ object, path, plain: isPlainPlace(places, path.join(SEP), SEP) });
      };
      walk(o, []);
    });
    return out;
  };
  const set = (o: any, path: string[], value: unknown) => { path.slice(0, -1).reduce((v, k) => v[k], o)[path[path.length - 1]] = value; };
  const sameType = (old: unknown) => (typeof old === 'string'
    ? fc.oneof(fc.string(), fc.constantFrom('', 'BAD_Name!', '4 Gi', 'not-a-quantity', 'a'.repeat(300), '-1'))
    : typeof old === 'boolean' ? fc.boolean()
      : Number.isInteger(old) ? fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 2 ** 40, -(2 ** 40))) : fc.double({ noNaN: true, noDefaultInfinity: true }));

  test.each([HarvesterVersion.V1_6, HarvesterVersion.V1_8])('%s: any value of the same JSON type at plain places leaves the schema\'s answer as it was', (version) => {
    const leaves = leavesOf(version);
    const plain = leaves.filter((l) => l.plain);
    // names, host names, MACs, claim names are plain: what makes the memo worth having
    expect(plain.map((l) => l.path.join('.'))).toEqual(expect.arrayContaining(['metadata.name', 'spec.template.spec.hostname', 'spec.template.spec.domain.devices.interfaces.1.macAddress']));
    const schemaOnly = (objects: any[]) => objects.flatMap((o) => validateStructure(o, { harvesterVersion: version })).filter((p) => !p.field.startsWith('metadata'));
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: plain.length - 1 }), { minLength: 1, maxLength: 8 }).chain((picks) => fc.tuple(fc.constant(picks), fc.tuple(...picks.map((i) => {
      const o = validObjects(version)[plain[i].object];
      return sameType(plain[i].path.reduce((v: any, k) => v[k], o));
    })))), ([picks, values]) => {
      const objects = validObjects(version);
      picks.forEach((i, n) => set(objects[plain[i].object], plain[i].path, values[n]));
      expect(schemaOnly(objects)).toEqual([]);
    }), { numRuns: 200 });
  });

  test('a constrained leaf is one whose value the schema can refuse (the places are not vacuous)', () => {
    const leaves = leavesOf(HarvesterVersion.V1_6);
    const objects = validObjects();
    const memory = leaves.find((l) => l.path.join('.') === 'spec.template.spec.domain.memory.guest')!;
    expect(memory.plain).toBe(false);
    set(objects[memory.object], memory.path, '4 Gi');
    expect(validateStructure(objects[memory.object]).map((p) => p.field)).toContain('spec.template.spec.domain.memory.guest');
  });
});

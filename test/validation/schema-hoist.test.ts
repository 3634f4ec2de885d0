import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { HarvesterVersion } from '../../lib/platform/harvester';
import { hoistSubschemas } from '../../lib/validation/private/schema-hoist';
import { crdKinds } from '../../lib/validation/private/structure';

const big = (extra: object = {}) => ({
  type: 'object',
  properties: { name: { type: 'string', maxLength: 63 }, size: { anyOf: [{ type: 'integer' }, { type: 'string' }] }, bus: { enum: ['virtio', 'sata', 'scsi'] } },
  required: ['name'],
  additionalProperties: false,
  ...extra,
});

describe('hoistSubschemas', () => {
  test('equal large subschemas become one definition, referenced from each place', () => {
    const schema = { type: 'object', properties: { a: big(), b: { type: 'array', items: big() }, c: { type: 'string' } } };
    const out = hoistSubschemas(schema, { minLength: 100 });
    expect(out.properties.a).toEqual({ $ref: '#/definitions/gitvops.hoisted.0' });
    expect(out.properties.b.items).toEqual({ $ref: '#/definitions/gitvops.hoisted.0' });
    // small subschemas stay inline
    expect(out.properties.c).toEqual({ type: 'string' });
    expect(out.definitions['gitvops.hoisted.0']).toEqual(big());
    expect(Object.keys(out.definitions)).toEqual(['gitvops.hoisted.0']);
  });

  test('values that are data, not schemas (enum, const, default), and subschemas with a $ref stay as they are', () => {
    const data = { type: 'object', properties: { x: big(), y: { type: 'string', description: 'x'.repeat(300) } } };
    const schema = {
      type: 'object',
      properties: {
        e: { enum: [data] }, k: { const: data }, d: { type: 'object', default: data },
        r: { $ref: '#/definitions/own', description: 'y'.repeat(300) },
      },
      definitions: { own: big() },
    };
    const out = hoistSubschemas(schema, { minLength: 100 });
    // those subschemas are large themselves: hoisted whole, their data untouched
    const deref = (s: any) => (s.$ref ? out.definitions[s.$ref.replace('#/definitions/', '')] : s);
    expect(deref(out.properties.e).enum[0]).toEqual(data);
    expect(deref(out.properties.k).const).toEqual(data);
    expect(deref(out.properties.d).default).toEqual(data);
    expect(out.properties.r).toEqual(schema.properties.r);
    // the root's own definitions keep their names
    expect(out.definitions.own).toEqual(big());
  });

  test('the hoisted VirtualMachine schema accepts and refuses exactly what the CRD schema does, at the same fields', () => {
    const schema = crdKinds(HarvesterVersion.V1_6).get('kubevirt.io/v1/VirtualMachine')!.schema;
    const compile = (s: object) => {
      const ajv = new Ajv({ allErrors: true, strict: false, inlineRefs: false });
      addFormats(ajv);
      return ajv.compile(s);
    };
    const original = compile(schema);
    const hoisted = compile(hoistSubschemas(schema));
    const vm = (spec: any) => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'a', namespace: 'default' }, spec });
    const template = (t: any) => vm({ runStrategy: 'Always', template: { spec: t } });
    const docs = [
      template({ domain: { devices: { disks: [{ name: 'd', disk: { bus: 'virtio' } }] } }, volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'c' } }] }),
      template({ domain: { devices: { disks: [{ name: 'd', disk: { bus: 5 }, bootOrder: 'x' }] }, cpu: { cores: '2' } } }),
      template({ domain: { devices: {}, resources: { requests: { memory: 1.5 } } }, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k' }] }] } } } }),
      template({ domain: { devices: { interfaces: [{ name: 'n', masquerade: {}, unknown: 1 }] } }, networks: [{ name: 'n', pod: {}, multus: 'x' }] }),
      vm({ runStrategy: 'Always', template: { spec: { domain: {} } }, dataVolumeTemplates: [{ metadata: { name: 'x' }, spec: { pvc: { accessModes: 'ReadWriteOnce' } } }] }),
      vm({ template: {}, running: 'yes' }),
    ];
    const errors = (v: any) => (v.errors ?? []).map((e: any) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();
    const outcomes = docs.map((doc) => {
      const a = original(doc);
      const b = hoisted(doc);
      expect(b).toBe(a);
      expect(errors(hoisted)).toEqual(errors(original));
      return a;
    });
    expect(outcomes).toEqual([true, false, false, false, false, false]);
  });
});

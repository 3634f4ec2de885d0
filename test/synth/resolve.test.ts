import { ApiObject, App, Chart, JsonPatch, Lazy, Size } from 'cdk8s';
import fc from 'fast-check';
import { Rke2ClusterChart } from '../../examples/rke2-cluster';
import { SingleVmChart } from '../../examples/single-vm';
import { hasBuiltInResolvers, resolveApiObject } from '../../lib/synth/private/resolve';

/** Same JSON, same key order at every level (or the same error). */
function expectSame(obj: ApiObject): void {
  const outcome = (f: () => unknown) => {
    try {
      return JSON.stringify(f());
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  expect(outcome(() => resolveApiObject(obj))).toBe(outcome(() => obj.toJson()));
}

const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.double({ noNaN: true }));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('10', '2', 'apiVersion', 'b', 'A', '_')), tie('node'), { maxKeys: 5 }),
    tie('node').map((v) => Lazy.any({ produce: () => v })),
    tie('node').map((v) => ({ resolve: () => v })),
  ),
})).node;

describe('resolveApiObject: cdk8s toJson in one pass', () => {
  test('every object of the examples', () => {
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const app = new App();
      new SingleVmChart(app, 'single-vm');
      new Rke2ClusterChart(app, 'rke2-cluster');
      const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
      expect(objects.length).toBeGreaterThan(10);
      objects.forEach(expectSame);
    } finally {
      spy.mockRestore();
    }
  });

  test('random values with lazies, tokens, nulls and numeric keys', () => {
    const strings = fc.dictionary(fc.string({ minLength: 1 }), fc.string(), { maxKeys: 3 });
    fc.assert(fc.property(fc.dictionary(fc.string(), value, { maxKeys: 5 }), strings, strings, fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), value, { maxKeys: 2 }),
      (spec, labels, annotations, finalizers, extra) => {
        const chart = new Chart(new App(), 'c', { namespace: 'ns' });
        const obj = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x', labels, annotations, finalizers }, spec, zeta: 1, alpha: [spec] } as any);
        for (const [k, v] of Object.entries(extra)) obj.metadata.add(k, v);
        expectSame(obj);
      }), { numRuns: 300 });
  });

  test('JSON patches, unsorted keys, and values cdk8s treats specially', () => {
    const chart = new Chart(new App(), 'c');
    const obj = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { b: 1, a: { size: Size.gibibytes(1).toGibibytes() } } } as any);
    obj.addJsonPatch(JsonPatch.add('/spec/c', 'patched'), JsonPatch.remove('/spec/b'));
    expectSame(obj);
    expect(resolveApiObject(obj).spec).toEqual({ a: { size: 1 }, c: 'patched' });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expectSame(obj);
      expect(Object.keys(resolveApiObject(obj).spec)).toEqual(['a', 'c']);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
    // a non-plain object with a value (cdk8s' number-or-string unions), and a class instance cdk8s refuses
    class Union { constructor(public readonly value: string | number) {} }
    const union = new ApiObject(chart, 'u', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'u' }, port: new Union(8080) } as any);
    expectSame(union);
    expect(resolveApiObject(union).port).toEqual({ value: 8080 });
    class Other { public readonly x = 1; }
    const bad = new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'b' }, other: new Other() } as any);
    expect(() => resolveApiObject(bad)).toThrow(/Failed serializing construct at path 'c\/b' with name 'b'.*non-simple object of type 'Other'/);
  });

  test('objects that override toJson, and apps with custom resolvers, are cdk8s\' own', () => {
    class Custom extends ApiObject {
      public toJson(): any { return { custom: true }; }
    }
    const chart = new Chart(new App(), 'c');
    expect(resolveApiObject(new Custom(chart, 'x', { apiVersion: 'v1', kind: 'Thing' }))).toEqual({ custom: true });
    expect(hasBuiltInResolvers(new App())).toBe(true);
    expect(hasBuiltInResolvers(new App({ resolvers: [{ resolve: () => undefined }] }))).toBe(false);
  });
});

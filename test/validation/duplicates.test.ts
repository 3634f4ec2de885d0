import { duplicateObjects } from '../../lib/validation/private/duplicates';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string) => ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } });

describe('duplicate objects: one API group, kind, namespace and name', () => {
  test('each later copy points at the first; group, kind or namespace apart are different objects', () => {
    const objects = [
      obj('v1', 'Secret', 'a', 'default'), // 0
      obj('v1', 'ConfigMap', 'a', 'default'), // 1: another kind
      obj('v1', 'Secret', 'a', 'other'), // 2: another namespace
      obj('harvesterhci.io/v1beta1', 'Secret', 'a', 'default'), // 3: another group
      obj('v1', 'Secret', 'a', 'default'), // 4: = 0
      obj('harvesterhci.io/v1beta2', 'Secret', 'a', 'default'), // 5: = 3 (the version is no part of it)
      obj('v1', 'Secret', 'a', 'default'), // 6: = 0 again
      obj('v1', 'Secret', 'a', 'other'), // 7: = 2
      obj('v1', 'Namespace', 'a'), // 8: no namespace
      obj('v1', 'Namespace', 'a', ''), // 9: an empty namespace is none: = 8
      { apiVersion: 'v1', kind: 'Secret', metadata: {} }, // no name: not compared
      { apiVersion: 'v1', kind: 'Secret', metadata: {} },
      null,
    ];
    expect(duplicateObjects(objects)).toEqual([
      { index: 4, first: 0 }, { index: 5, first: 3 }, { index: 6, first: 0 }, { index: 7, first: 2 }, { index: 9, first: 8 },
    ]);
  });

  test('many objects of distinct names: none', () => {
    const objects = Array.from({ length: 500 }, (_, i) => obj('v1', 'Secret', `s-${i}`, 'default'));
    expect(duplicateObjects(objects)).toEqual([]);
    expect(duplicateObjects([...objects, objects[250]])).toEqual([{ index: 500, first: 250 }]);
  });
});

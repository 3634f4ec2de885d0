import { Yaml } from 'cdk8s';
import { synthCluster } from './fixtures';
import { NodeAddresses } from '../../lib';

/** Each object as its own YAML text, keyed by kind/name. */
function byName(objects: any[]): Map<string, string> {
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, Yaml.stringify(o)]));
}

function cluster(servers: number, workers: number): Map<string, string> {
  return byName(synthCluster({
    controlPlane: { replicas: servers, addresses: NodeAddresses.countFrom('10.2.0.21') },
    workers: [{ replicas: workers }],
  }));
}

function diff(a: Map<string, string>, b: Map<string, string>) {
  const added = [...b.keys()].filter((k) => !a.has(k)).sort();
  const removed = [...a.keys()].filter((k) => !b.has(k)).sort();
  const changed = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k)).sort();
  return { added, removed, changed };
}

describe('scaling a pool touches only the nodes at its end', () => {
  test('workers 2 → 4: two nodes added, every other object byte-identical', () => {
    expect(diff(cluster(3, 2), cluster(3, 4))).toEqual({
      added: [
        'PersistentVolumeClaim/lab-worker-disk-2', 'PersistentVolumeClaim/lab-worker-disk-3',
        'Secret/lab-worker-2-cloudinit', 'Secret/lab-worker-3-cloudinit',
        'VirtualMachine/lab-worker-2', 'VirtualMachine/lab-worker-3',
      ],
      removed: [],
      changed: [],
    });
  });

  test('workers 4 → 1: the last three removed, nothing else changed', () => {
    const d = diff(cluster(3, 4), cluster(3, 1));
    expect(d.added).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.removed).toHaveLength(9);
    expect(d.removed.every((k) => /lab-worker-(disk-)?[123]\b/.test(k))).toBe(true);
  });

  test('servers 3 → 5: new servers added; only the LoadBalancer backend list changes', () => {
    const d = diff(cluster(3, 2), cluster(5, 2));
    expect(d.added).toHaveLength(6);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual(['LoadBalancer/lab-vip']);
  });

  test('two synths of the same input are byte-identical', () => {
    expect([...cluster(3, 2).values()].join('---\n')).toBe([...cluster(3, 2).values()].join('---\n'));
  });
});

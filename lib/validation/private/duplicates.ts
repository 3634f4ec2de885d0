/**
 * Objects that name the same object in the cluster: one API group, kind, namespace and name
 * (the API server stores one; the second apply overwrites the first, and a GitOps tool flips
 * between them). For each later occurrence: its index and the index of the first.
 */
export function duplicateObjects(objects: any[]): Array<{ index: number; first: number }> {
  // by name first, the rest compared only when two objects share a name (no key string built per object)
  const byName = new Map<string, number | number[]>();
  const out: Array<{ index: number; first: number }> = [];
  for (let index = 0; index < objects.length; index++) {
    const obj = objects[index];
    if (!obj || typeof obj !== 'object' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') continue;
    const name: string = obj.metadata.name;
    const seen = byName.get(name);
    if (seen === undefined) {
      byName.set(name, index);
      continue;
    }
    const earlier = typeof seen === 'number' ? [seen] : seen;
    const first = earlier.find((i) => sameObject(objects[i], obj));
    if (first !== undefined) out.push({ index, first });
    else {
      earlier.push(index);
      if (typeof seen === 'number') byName.set(name, earlier);
    }
  }
  return out;
}

/** Whether two objects of one name have the same API group, kind and namespace. */
function sameObject(a: any, b: any): boolean {
  return a.kind === b.kind && groupOf(a.apiVersion) === groupOf(b.apiVersion) && (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '');
}

function groupOf(apiVersion: unknown): string {
  const v = String(apiVersion ?? '');
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}

/** The message of a duplicate, naming where the first one is. */
export function duplicateMessage(firstAt: string): string {
  return `the same API group, kind, namespace and name as ${firstAt}: the cluster keeps one object, so one would silently replace the other`;
}

/**
 * Objects that name the same object in the cluster: one API group, kind, namespace and name
 * (the API server stores one; the second apply overwrites the first, and a GitOps tool flips
 * between them). For each later occurrence: its index and the index of the first.
 */
export function duplicateObjects(objects: any[]): Array<{ index: number; first: number }> {
  const seen = new Map<string, number>();
  const out: Array<{ index: number; first: number }> = [];
  objects.forEach((obj, index) => {
    if (!obj || typeof obj !== 'object' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') return;
    const apiVersion = String(obj.apiVersion ?? '');
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const key = `${group}|${obj.kind}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else out.push({ index, first });
  });
  return out;
}

/** The message of a duplicate, naming where the first one is. */
export function duplicateMessage(firstAt: string): string {
  return `the same API group, kind, namespace and name as ${firstAt}: the cluster keeps one object, so one would silently replace the other`;
}

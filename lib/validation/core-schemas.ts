/**
 * Strict JSON schemas of the core (v1) kinds GitVops writes or commonly meets: field names and
 * types of the Kubernetes API (facts of the API, written here because no maintained strict
 * schema package serves Node 20 / CommonJS). Every object is closed (unknown fields rejected).
 */
const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const strMap = { type: 'object', additionalProperties: str };
const strList = { type: 'array', items: str };
const intOrString = { anyOf: [int, str] };
const quantityMap = { type: 'object', additionalProperties: intOrString };
const closed = (properties: object, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required });

export const OBJECT_META = closed({
  name: str, generateName: str, namespace: str, labels: strMap, annotations: strMap,
  finalizers: strList, ownerReferences: { type: 'array', items: { type: 'object' } },
  uid: str, resourceVersion: str, generation: int, creationTimestamp: { type: ['string', 'null'] },
  deletionTimestamp: str, deletionGracePeriodSeconds: int, managedFields: { type: 'array' },
});

const labelSelector = closed({
  matchLabels: strMap,
  matchExpressions: { type: 'array', items: closed({ key: str, operator: str, values: strList }, ['key', 'operator']) },
});
const typedRef = closed({ apiGroup: str, kind: str, name: str, namespace: str }, ['kind', 'name']);

const root = (apiVersion: string, kind: string, properties: object) => closed({
  apiVersion: { enum: [apiVersion] }, kind: { enum: [kind] }, metadata: OBJECT_META, ...properties,
}, ['apiVersion', 'kind', 'metadata']);

/** `v1/<Kind>` → schema, and whether the kind is namespaced. */
export const CORE_SCHEMAS: { [gvk: string]: { schema: object; namespaced: boolean; nameRule: 'label' | 'subdomain' } } = {
  'v1/Secret': {
    namespaced: true,
    nameRule: 'subdomain',
    schema: root('v1', 'Secret', {
      type: str, immutable: bool, stringData: strMap,
      data: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
    }),
  },
  'v1/ConfigMap': {
    namespaced: true,
    nameRule: 'subdomain',
    schema: root('v1', 'ConfigMap', { immutable: bool, data: strMap, binaryData: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } } }),
  },
  'v1/Namespace': {
    namespaced: false,
    nameRule: 'label',
    schema: root('v1', 'Namespace', { spec: closed({ finalizers: strList }) }),
  },
  'v1/PersistentVolumeClaim': {
    namespaced: true,
    nameRule: 'subdomain',
    schema: root('v1', 'PersistentVolumeClaim', {
      spec: closed({
        accessModes: { type: 'array', items: { enum: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] } },
        dataSource: typedRef,
        dataSourceRef: typedRef,
        resources: closed({ limits: quantityMap, requests: quantityMap }),
        selector: labelSelector,
        storageClassName: str,
        volumeAttributesClassName: str,
        volumeMode: { enum: ['Block', 'Filesystem'] },
        volumeName: str,
      }),
    }),
  },
};

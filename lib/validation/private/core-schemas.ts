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

const dnsSubdomain = { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' };
const storeRef = closed({ kind: { enum: ['SecretStore', 'ClusterSecretStore'] }, name: dnsSubdomain });

/**
 * The secret-delivery kinds GitVops writes (External Secrets Operator v1, sealed-secrets
 * v1alpha1), from their API field facts. Their CRDs are not among the Harvester schemas; parts
 * of ExternalSecret GitVops does not write (remote-ref options, dataFrom, templateFrom) are left
 * open rather than guessed.
 */
const ADDON_SCHEMAS = {
  'external-secrets.io/v1/ExternalSecret': {
    namespaced: true,
    nameRule: 'subdomain' as const,
    schema: root('external-secrets.io/v1', 'ExternalSecret', {
      spec: closed({
        data: {
          type: 'array',
          items: closed({
            secretKey: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[-._a-zA-Z0-9]+$' },
            remoteRef: { type: 'object', required: ['key'], properties: { key: str, property: str, version: str } },
            sourceRef: { type: 'object' },
          }, ['remoteRef', 'secretKey']),
        },
        dataFrom: { type: 'array', items: { type: 'object' } },
        refreshInterval: str,
        secretStoreRef: storeRef,
        target: closed({
          creationPolicy: { enum: ['Owner', 'Orphan', 'Merge', 'None'] },
          deletionPolicy: { enum: ['Delete', 'Merge', 'Retain'] },
          immutable: bool,
          name: dnsSubdomain,
          template: closed({
            data: strMap,
            engineVersion: { enum: ['v1', 'v2'] },
            mergePolicy: { enum: ['Replace', 'Merge'] },
            metadata: closed({ annotations: strMap, labels: strMap }),
            templateFrom: { type: 'array', items: { type: 'object' } },
            type: str,
          }),
        }),
      }),
    }),
  },
  'bitnami.com/v1alpha1/SealedSecret': {
    namespaced: true,
    nameRule: 'subdomain' as const,
    schema: root('bitnami.com/v1alpha1', 'SealedSecret', {
      spec: closed({
        data: { type: 'string', format: 'byte' },
        encryptedData: strMap,
        template: closed({
          data: { type: ['object', 'null'], additionalProperties: str },
          metadata: { type: 'object' },
          type: str,
          immutable: bool,
        }),
      }, ['encryptedData']),
    }),
  },
};

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
  ...ADDON_SCHEMAS,
};

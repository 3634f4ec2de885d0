/**
 * The keys and types `fleet.yaml` accepts (Fleet v0.16.1, facts listed in
 * imports/crds/addons/fleet-yaml-fields.md, read from rancher/fleet fleetyaml.go, bundle_types.go
 * and the bundle reader), as a strict JSON schema: Fleet reads the file non-strictly and ignores a
 * misspelt key; GitVops refuses it.
 */
import type Ajv from 'ajv';

const str = { type: 'string' };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const strMap = { type: 'object', additionalProperties: str };
const strList = { type: 'array', items: str };
const intOrString = { type: ['integer', 'string'] };
const strict = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) });

const labelSelector = strict({
  matchLabels: strMap,
  matchExpressions: { type: 'array', items: strict({ key: str, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: strList }, ['key', 'operator']) },
});

const helm = strict({
  chart: str, repo: str, releaseName: { type: 'string', maxLength: 53, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' },
  version: str, timeoutSeconds: int, values: { type: 'object' }, templateValues: strMap, valuesFiles: strList,
  valuesFrom: { type: 'array', items: strict({ configMapKeyRef: strict({ name: str, namespace: str, key: str }), secretKeyRef: strict({ name: str, namespace: str, key: str }) }) },
  force: bool, takeOwnership: bool, waitForJobs: bool, atomic: bool, disablePreProcess: bool, disableDNS: bool, skipSchemaValidation: bool,
  disableDependencyUpdate: bool, maxHistory: int,
});

const comparePatch = strict({
  apiVersion: str, kind: str, name: str, namespace: str, jsonPointers: strList,
  operations: { type: 'array', items: strict({ op: str, path: str, value: str }) },
});

/** BundleDeploymentOptions: top level and inside each target customization. */
const deploymentOptions = {
  defaultNamespace: str, namespace: str, helm, yaml: strict({ overlays: strList }), kustomize: strict({ dir: str }), serviceAccount: str,
  createNamespace: { type: ['boolean', 'null'] }, diff: strict({ comparePatches: { type: 'array', items: comparePatch } }), keepResources: bool,
  deleteNamespace: bool, ignore: strict({ conditions: { type: 'array', items: strMap } }),
  correctDrift: strict({ enabled: bool, force: bool, keepFailHistory: bool }), namespaceLabels: strMap, namespaceAnnotations: strMap,
  deleteCRDResources: bool, downstreamResources: { type: 'array', items: strict({ kind: str, name: str }) }, forceSyncGeneration: int,
  overwrites: { type: 'array', items: strict({ name: str, namespace: str, kind: str }) }, allowedTargetNamespaceSelector: labelSelector,
};

const bundleTarget = strict({
  ...deploymentOptions, name: str, clusterName: str, clusterSelector: labelSelector, clusterGroup: str, clusterGroupSelector: labelSelector, doNotDeploy: bool,
});
const gitTarget = strict({ name: str, clusterName: str, clusterGroup: str, clusterSelector: labelSelector, clusterGroupSelector: labelSelector });
const BUNDLE_STATES = ['Ready', 'NotReady', 'WaitApplied', 'ErrApplied', 'OutOfSync', 'Pending', 'Modified'];
const partition = strict({ name: str, maxUnavailable: intOrString, clusterName: str, clusterSelector: labelSelector, clusterGroup: str, clusterGroupSelector: labelSelector });

/** The schema of a whole `fleet.yaml`. */
export const FLEET_YAML_SCHEMA = strict({
  ...deploymentOptions,
  name: str, labels: strMap, annotations: strMap, targetCustomizations: { type: 'array', items: bundleTarget },
  targetCustomizationMode: { enum: ['FirstMatch', 'AllMatches'] }, overrideTargets: { type: 'array', items: gitTarget },
  imageScans: { type: 'array' }, paused: bool,
  rolloutStrategy: { type: ['object', 'null'], additionalProperties: false, properties: { maxUnavailable: intOrString, maxUnavailablePartitions: intOrString, autoPartitionSize: intOrString, autoPartitionThreshold: int, maxNew: int, partitions: { type: 'array', items: partition } } },
  dependsOn: { type: ['array', 'null'], items: { ...strict({ name: str, selector: labelSelector, acceptedStates: { type: 'array', items: { enum: BUNDLE_STATES } } }), anyOf: [{ required: ['name'] }, { required: ['selector'] }] } },
  targets: { type: 'array', items: bundleTarget },
});

let validate: ReturnType<Ajv['compile']> | undefined;

/** ajv, loaded on the first fleet.yaml: every synth loads this module, few write a fleet.yaml (~30 ms). */
function ajv(): typeof Ajv {
  const mod = require('ajv');
  return mod.default ?? mod;
}

/** Problems of a fleet.yaml document: `field: message` lines, empty when valid. */
export function checkFleetYaml(doc: unknown): string[] {
  validate ??= new (ajv())({ allErrors: true, strict: false }).compile(FLEET_YAML_SCHEMA);
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => {
    const at = e.instancePath.split('/').slice(1).join('.') || '(top level)';
    if (e.keyword === 'additionalProperties') return `${at}: "${(e.params as any).additionalProperty}" is not a fleet.yaml key (Fleet would ignore it)`;
    return `${at}: ${e.message}`;
  });
}

/**
 * What `gitvops import` takes out of exported objects before writing code, each removal recorded.
 * Two levels:
 * - server state (status, uid, resourceVersion, generation, creationTimestamp, managedFields,
 *   ownerReferences, controller annotations and finalizers: lib/platform/private/controller-fields.ts
 *   and the appliers' own annotations): never part of a manifest; the round trip compares without it;
 * - fields Harvester's and KubeVirt's mutators write on create (lib/platform/private/mutator-parity.ts):
 *   GitVops computes them itself, so they are not copied into the code — but they stay in the
 *   round-trip comparison, which then shows any value GitVops would write differently.
 */
import { APPLIER_ANNOTATIONS, SERVER_METADATA, controllerMetadataKeys } from '../../platform/private/controller-fields';
import { NETWORK_LABEL_PREFIX } from '../../platform/private/mutator-parity';

/** One field taken out of an imported object. */
export interface Removal {
  readonly object: string;
  readonly field: string;
  readonly reason: string;
}

const SERVER_METADATA_REASONS: ReadonlyArray<[string, string]> = [
  ...SERVER_METADATA.map((k): [string, string] => [k, k === 'managedFields' ? 'server state (field managers)' : 'server state']),
  ['ownerReferences', 'set by a controller (Harvester\'s UI makes the VM own its cloud-init Secret)'],
];
/** Finalizers KubeVirt's and Harvester's controllers add (kubevirt pkg/virt-controller/watch/vm; harvester vm_controller.go, register.go). */
const CONTROLLER_FINALIZER = /^(kubevirt\.io\/|harvesterhci\.io\/|wrangler\.cattle\.io\/|kubernetes\.io\/pvc-protection$|VMController\.|VMIController\.)/;
/** Harvester UI annotations (PLATFORM.md §2: UI only, safe to omit): written back by the UI. */
const UI_ANNOTATIONS = ['network.harvesterhci.io/ips'];

export const describe = (o: any) => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;

/** The object without server state and controller-written fields (a deep copy), removals appended to `out`. */
export function cleanServerState(obj: any, out: Removal[]): any {
  const o = JSON.parse(JSON.stringify(obj));
  const what = describe(o);
  const drop = (field: string, reason: string) => out.push({ object: what, field, reason });
  if (o.status !== undefined) {
    delete o.status;
    drop('status', 'server state');
  }
  const m = o.metadata ?? {};
  for (const [k, why] of SERVER_METADATA_REASONS) {
    if (m[k] !== undefined) {
      delete m[k];
      drop(`metadata.${k}`, why);
    }
  }
  const annotations = m.annotations ?? {};
  for (const a of [...controllerMetadataKeys('annotations', o.kind), ...APPLIER_ANNOTATIONS, ...UI_ANNOTATIONS]) {
    if (annotations[a] !== undefined) {
      delete annotations[a];
      drop(`metadata.annotations.${a}`, APPLIER_ANNOTATIONS.includes(a) ? 'written by the tool that applied it' : UI_ANNOTATIONS.includes(a) ? 'Harvester UI state' : 'written by a controller');
    }
  }
  if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
  if (Array.isArray(m.finalizers)) {
    const kept = m.finalizers.filter((f: string) => !CONTROLLER_FINALIZER.test(f));
    for (const f of m.finalizers.filter((x: string) => CONTROLLER_FINALIZER.test(x))) drop(`metadata.finalizers[${f}]`, 'added by a controller');
    if (kept.length) m.finalizers = kept;
    else delete m.finalizers;
  }
  if (o.kind === 'PersistentVolumeClaim' && o.spec?.volumeName !== undefined) {
    delete o.spec.volumeName;
    drop('spec.volumeName', 'set when the claim was bound');
  }
  if (o.kind === 'VirtualMachine' && o.spec?.template?.metadata && 'creationTimestamp' in o.spec.template.metadata) {
    delete o.spec.template.metadata.creationTimestamp;
    drop('spec.template.metadata.creationTimestamp', 'null written by KubeVirt\'s serialisation');
  }
  return o;
}

/** Template-spec paths the VM mutators write on create, with their source (mutator-parity.ts). */
export const MUTATOR_PATHS: ReadonlyArray<[string, string]> = [
  ['spec.template.spec.domain.resources.requests', 'requests from limits and overcommit (Harvester mutator patchResourceOvercommit)'],
  ['spec.template.spec.domain.memory.guest', 'guest memory from the limit (Harvester mutator generateMemoryPatch); kept as reservedMemory when it differs'],
  ['spec.template.spec.domain.cpu.maxSockets', 'maxSockets 1 (Harvester mutator)'],
  ['spec.template.spec.architecture', 'architecture (KubeVirt SetVirtualMachineDefaults)'],
  ['spec.template.spec.domain.machine', 'machine type q35 (KubeVirt SetVirtualMachineDefaults); kept as machineType when it differs'],
  ['spec.template.spec.terminationGracePeriodSeconds', 'grace period 120 when unset (Harvester mutator); kept as terminationGracePeriod when it differs'],
];

/** True when `path` (dotted, as ManifestDiff reports it) is one the mutators write. */
export function isMutatorPath(path: string): boolean {
  return MUTATOR_PATHS.some(([p]) => path === p || path.startsWith(`${p}.`))
    || path.startsWith('spec.template.spec.affinity');
}

/** The VM's node-affinity terms on Harvester cluster networks (written by the mutator), taken out. */
export function stripNetworkAffinity(affinity: any): { affinity: any; clusterNetworks: string[] } {
  const a = JSON.parse(JSON.stringify(affinity ?? {}));
  const clusterNetworks: string[] = [];
  const required = a.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const terms = (required.nodeSelectorTerms ?? []).map((t: any) => {
      const kept = (t.matchExpressions ?? []).filter((e: any) => {
        if (typeof e.key === 'string' && e.key.startsWith(`${NETWORK_LABEL_PREFIX}/`)) {
          clusterNetworks.push(e.key.slice(NETWORK_LABEL_PREFIX.length + 1));
          return false;
        }
        return true;
      });
      return { ...t, matchExpressions: kept };
    }).filter((t: any) => t.matchExpressions.length || (t.matchFields ?? []).length);
    if (terms.length) required.nodeSelectorTerms = terms.map((t: any) => (t.matchExpressions.length ? t : { matchFields: t.matchFields }));
    else delete a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    if (Object.keys(a.nodeAffinity).length === 0) delete a.nodeAffinity;
  }
  return { affinity: a, clusterNetworks: [...new Set(clusterNetworks)] };
}

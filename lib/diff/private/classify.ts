/**
 * The classification of manifest changes (see ChangeClass). Which VM template fields apply live
 * comes from KubeVirt's VM controller at the version Harvester ships: kubevirt/kubevirt
 * pkg/virt-controller/watch/vm/vm.go `addRestartRequiredIfNeeded` (v1.5.0; the same list in
 * v1.7.0) — under the LiveUpdate rollout strategy Harvester sets, CPU sockets, memory.guest,
 * nodeSelector, affinity, tolerations, and volumes/disks of hotpluggable volumes are live; every
 * other template spec change sets RestartRequired. PVC rules: kubernetes pkg/apis/core/validation
 * ValidatePersistentVolumeClaimUpdate (spec immutable except the storage request, which may only
 * grow). Load balancers: load-balancer-harvester pkg/webhook/loadbalancer/validator.go checkIPAM /
 * checkWorkloadType.
 */
import { ChangeClass, ObjectChange } from '../change';
import { parseQuantity } from '../../core/private/parse-quantity';
import { APPLIER_ANNOTATIONS, SERVER_METADATA, controllerMetadataKeys } from '../../platform/private/controller-fields';
import { CPU_MEMORY_HOTPLUG_ANNOTATION, DISK_PROTECTION_ANNOTATIONS, VOLUME_CLAIM_TEMPLATES_ANNOTATION } from '../../platform/private/labels';

/** Fields the server or controllers write: never a change (for state exported with kubectl get -o yaml). */
const METADATA_NOT_COMPARED = [...SERVER_METADATA, 'finalizers', 'ownerReferences'];
/** Annotations controllers write (those the delivery config ignores) and the appliers' own. */
const CONTROLLER_ANNOTATIONS = [...controllerMetadataKeys('annotations'), ...APPLIER_ANNOTATIONS];
/** Labels controllers write (the network controller's NAD ready label). */
const CONTROLLER_LABELS = controllerMetadataKeys('labels');

/** An object without what the server and controllers write (status, uid, managedFields, binding, …). */
export function cleanServerFields(obj: any): any {
  const o = JSON.parse(JSON.stringify(obj));
  delete o.status;
  for (const k of METADATA_NOT_COMPARED) delete o.metadata?.[k];
  for (const a of CONTROLLER_ANNOTATIONS) delete o.metadata?.annotations?.[a];
  if (o.metadata?.annotations && Object.keys(o.metadata.annotations).length === 0) delete o.metadata.annotations;
  for (const l of CONTROLLER_LABELS) delete o.metadata?.labels?.[l];
  if (o.kind === 'PersistentVolumeClaim') delete o.spec?.volumeName;
  if (o.kind === 'VirtualMachine') delete o.spec?.template?.metadata?.creationTimestamp;
  return o;
}

const groupOf = (apiVersion: unknown) => (typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
/** The identity an object has in the cluster: API group, kind, namespace, name. */
export const identity = (o: any) => `${groupOf(o?.apiVersion)}/${o?.kind}/${o?.metadata?.namespace ?? ''}/${o?.metadata?.name}`;

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const named = (xs: any[]) => xs.length > 0 && xs.every((x) => isObj(x) && typeof x.name === 'string');

/** Deep equality of JSON values (short-circuits on the first difference). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => equal(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal((a as any)[k], (b as any)[k]));
}

/**
 * The leaf paths where `a` and `b` differ; arrays of named objects are matched by name
 * (`disks[root]`). One walk: each value is visited once (not once per level above it).
 */
export function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  const out: string[] = [];
  collectChanged(a, b, at, out);
  return out;
}

/** `changedPaths` into one array (no array per level, no set per object). */
function collectChanged(a: unknown, b: unknown, at: string, out: string[]): void {
  if (a === b) return;
  if (isObj(a) && isObj(b)) {
    const keys = Object.keys(a);
    for (const k of Object.keys(b)) if (!Object.prototype.hasOwnProperty.call(a, k)) keys.push(k);
    keys.sort();
    for (const k of keys) collectChanged(a[k], b[k], at ? `${at}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && named(a) && named(b)) {
    const [byA, byB] = [new Map(a.map((x) => [x.name, x])), new Map(b.map((x) => [x.name, x]))];
    const names = [...byA.keys()];
    for (const n of byB.keys()) if (!byA.has(n)) names.push(n);
    for (const n of names) {
      const x = byA.get(n);
      const y = byB.get(n);
      if (x === undefined || y === undefined) out.push(`${at}[${n}]`);
      else collectChanged(x, y, `${at}[${n}]`, out);
    }
    return;
  }
  if (!equal(a, b)) out.push(at);
}

/** JSON with sorted keys: the same text for equal values whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const protectedDisk = (pvc: any) => Object.entries(DISK_PROTECTION_ANNOTATIONS).some(([k, v]) => pvc?.metadata?.annotations?.[k] === v);
const hotplug = (v: any) => v?.persistentVolumeClaim?.hotpluggable === true || v?.dataVolume?.hotpluggable === true;

/** Claims and cloud-init Secrets each VM uses, by `namespace/name`. */
function usage(objects: readonly any[]) {
  const claims = new Map<string, string[]>();
  const secrets = new Map<string, string[]>();
  for (const vm of objects.filter((o) => o?.kind === 'VirtualMachine')) {
    const ns = vm.metadata?.namespace ?? 'default';
    for (const v of vm.spec?.template?.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName ?? v.dataVolume?.name;
      if (claim) claims.set(`${ns}/${claim}`, [...(claims.get(`${ns}/${claim}`) ?? []), vm.metadata.name]);
      for (const src of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
        for (const ref of ['secretRef', 'networkDataSecretRef']) {
          const name = v[src]?.[ref]?.name;
          if (name) secrets.set(`${ns}/${name}`, [...new Set([...(secrets.get(`${ns}/${name}`) ?? []), vm.metadata.name])]);
        }
      }
    }
  }
  return { claims, secrets };
}

/** The Secret name an object yields: a Secret itself, a SealedSecret's or an ExternalSecret's target. */
function secretNameOf(o: any): string | undefined {
  if (o?.kind === 'Secret' && groupOf(o.apiVersion) === '') return o.metadata?.name;
  if (o?.kind === 'SealedSecret') return o.spec?.template?.metadata?.name ?? o.metadata?.name;
  if (o?.kind === 'ExternalSecret') return o.spec?.target?.name ?? o.metadata?.name;
  return undefined;
}

/** Every change between two sets of manifests. */
export function classifyChanges(oldObjects: readonly any[], newObjects: readonly any[]): ObjectChange[] {
  const before = new Map(oldObjects.map((o) => [identity(o), o]));
  const after = new Map(newObjects.map((o) => [identity(o), o]));
  const oldUse = usage(oldObjects);
  const newUse = usage(newObjects);
  const changes: ObjectChange[] = [];
  const add = (o: any, changeClass: ChangeClass, fields: string[], reason: string) =>
    changes.push({ group: groupOf(o.apiVersion), kind: o.kind, ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata?.name, changeClass, fields, reason });

  const removed = [...before].filter(([k]) => !after.has(k)).map(([, o]) => o);
  const created = [...after].filter(([k]) => !before.has(k)).map(([, o]) => o);
  // a rename: an object gone and one of the same kind and namespace with the same spec created
  // (created objects indexed by group, kind, namespace and content: linear in the objects)
  const content = (o: any) => `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata?.namespace ?? ''}/${canonical(o.spec ?? o.data ?? null)}`;
  const candidates = new Map<string, any[]>();
  for (const c of created) {
    const key = content(c);
    candidates.set(key, [...(candidates.get(key) ?? []), c]);
  }
  const renamedTo = new Map<any, any>();
  for (const gone of removed) {
    const twin = candidates.get(content(gone))?.find((c) => !renamedTo.has(c) && equal(c.spec ?? c.data ?? null, gone.spec ?? gone.data ?? null));
    if (twin) renamedTo.set(twin, gone);
  }
  const renamedFrom = new Set(renamedTo.values());
  // the Secrets the new side yields (Secrets, and the targets of sealed and external ones)
  const newSecrets = new Set(newObjects.filter((o) => secretNameOf(o)).map((o) => `${o.metadata?.namespace ?? 'default'}/${secretNameOf(o)}`));

  for (const [twin, gone] of renamedTo) {
    const what = `renamed from ${gone.metadata.name}`;
    if (twin.kind === 'PersistentVolumeClaim') add(twin, ChangeClass.DATA_LOSS, ['metadata.name'], `${what}: a new, empty disk; the old one ${protectedDisk(gone) ? 'is orphaned (kept)' : 'is pruned with its data'}`);
    else add(twin, ChangeClass.RECREATE, ['metadata.name'], `${what}: the old object is deleted and a new one created${twin.kind === 'VirtualMachine' ? ' (downtime; a new MAC-less identity unless fixed)' : ''}`);
  }

  for (const gone of removed.filter((o) => !renamedFrom.has(o))) {
    const ns = gone.metadata?.namespace ?? 'default';
    if (gone.kind === 'PersistentVolumeClaim') {
      if (protectedDisk(gone)) add(gone, ChangeClass.SAFE, [], 'removed from the output but kept: its do-not-prune markers leave it orphaned in the cluster (delete it by hand when the data is no longer needed)');
      else add(gone, ChangeClass.DATA_LOSS, [], `deleted with its data${oldUse.claims.has(`${ns}/${gone.metadata.name}`) ? ` (disk of ${oldUse.claims.get(`${ns}/${gone.metadata.name}`)!.join(', ')})` : ''}`);
    } else if (gone.kind === 'VirtualMachine') {
      const owned = gone.metadata?.annotations?.[VOLUME_CLAIM_TEMPLATES_ANNOTATION] || (gone.spec?.dataVolumeTemplates ?? []).length;
      const disks = (gone.spec?.template?.spec?.volumes ?? []).map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean);
      const lost = disks.filter((c: string) => {
        const pvc = before.get(`/PersistentVolumeClaim/${ns}/${c}`);
        return pvc && !after.has(identity(pvc)) && !protectedDisk(pvc);
      });
      if (owned || lost.length) add(gone, ChangeClass.DATA_LOSS, [], `VM deleted with its disks (${owned ? 'the disks its templates created are deleted with it' : lost.join(', ')})`);
      else add(gone, ChangeClass.POWER, [], 'VM deleted: it stops; its disks stay');
    } else if (secretNameOf(gone) && newUse.secrets.has(`${ns}/${secretNameOf(gone)}`) && !newSecrets.has(`${ns}/${secretNameOf(gone)}`)) {
      add(gone, ChangeClass.DATA_LOSS, [], `Secret removed while VM ${newUse.secrets.get(`${ns}/${secretNameOf(gone)}`)!.join(', ')} still needs it: the VM cannot start`);
    } else {
      add(gone, ChangeClass.LIVE, [], 'deleted');
    }
  }

  for (const obj of created.filter((o) => !renamedTo.has(o))) {
    if (obj.kind === 'VirtualMachine' && ['Always', 'RerunOnFailure'].includes(obj.spec?.runStrategy ?? (obj.spec?.running ? 'Always' : ''))) add(obj, ChangeClass.POWER, ['spec.runStrategy'], `new VM, started (runStrategy ${obj.spec.runStrategy ?? 'running: true'})`);
    else add(obj, ChangeClass.SAFE, [], 'created');
  }

  for (const [key, next] of after) {
    const prev = before.get(key);
    if (!prev) continue;
    const paths = changedPaths(prev, next);
    if (!paths.length) continue;
    const metaOnly = paths.every((p) => p.startsWith('metadata.'));
    if (next.kind === 'Secret' && groupOf(next.apiVersion) === '' && (prev.type ?? 'Opaque') !== (next.type ?? 'Opaque')) {
      // kubernetes pkg/apis/core/validation ValidateSecretUpdate: the type is immutable
      add(next, ChangeClass.REJECTED, ['type'], `a Secret's type is immutable (${prev.type ?? 'Opaque'} → ${next.type ?? 'Opaque'}): the API server refuses the update`);
    } else if (next.kind === 'PersistentVolumeClaim' && groupOf(next.apiVersion) === '') classifyClaim(prev, next, paths, add);
    else if (next.kind === 'VirtualMachine') classifyVm(prev, next, paths, add);
    else if (secretNameOf(next) && !metaOnly) {
      const ns = next.metadata?.namespace ?? 'default';
      const users = newUse.secrets.get(`${ns}/${secretNameOf(next)}`);
      const keys = paths.filter((p) => !p.startsWith('metadata.'));
      if (users) add(next, ChangeClass.DEFERRED, keys, `cloud-init data of VM ${users.join(', ')}: cloud-init ran at first boot; the change reaches only a VM created again`);
      else add(next, ChangeClass.LIVE, keys, next.kind === 'Secret' ? 'secret value changed (values are not shown)' : 'secret rotated (values are not shown)');
    } else if (next.kind === 'LoadBalancer' && paths.some((p) => p === 'spec.ipam' || p === 'spec.workloadType')) {
      add(next, ChangeClass.REJECTED, paths.filter((p) => p === 'spec.ipam' || p === 'spec.workloadType'), 'load-balancer-harvester refuses changing ipam or workloadType (checkIPAM, checkWorkloadType)');
    } else if (next.kind === 'Service' && paths.some((p) => p.startsWith('spec.clusterIP'))) {
      add(next, ChangeClass.REJECTED, paths.filter((p) => p.startsWith('spec.clusterIP')), 'spec.clusterIP is immutable (ValidateServiceUpdate)');
    } else if (metaOnly) {
      add(next, ChangeClass.SAFE, paths, 'metadata only');
    } else {
      add(next, ChangeClass.LIVE, paths, 'applied by its controller');
    }
  }
  return changes;
}

type Add = (o: any, c: ChangeClass, fields: string[], reason: string) => void;

function classifyClaim(prev: any, next: any, paths: string[], add: Add): void {
  const spec = paths.filter((p) => p.startsWith('spec.'));
  const storage = 'spec.resources.requests.storage';
  const immutable = spec.filter((p) => p !== storage);
  if (immutable.length) {
    add(next, ChangeClass.REJECTED, immutable, 'a PersistentVolumeClaim spec is immutable after creation (only the storage request may grow): the apply is refused, and forcing replacement deletes the disk');
    return;
  }
  if (spec.includes(storage)) {
    const a = parseQuantity(prev.spec?.resources?.requests?.storage) ?? 0;
    const b = parseQuantity(next.spec?.resources?.requests?.storage) ?? 0;
    if (b < a) add(next, ChangeClass.REJECTED, [storage], `the disk shrinks from ${prev.spec.resources.requests.storage} to ${next.spec.resources.requests.storage}: the API server refuses it and the sync stays failed`);
    else add(next, ChangeClass.LIVE, [storage], `the disk grows from ${prev.spec.resources.requests.storage} to ${next.spec.resources.requests.storage} (online expansion, when its StorageClass allows it)`);
    return;
  }
  add(next, ChangeClass.SAFE, paths, 'metadata only');
}

const T = 'spec.template.spec';
const LIVE_PREFIXES = [`${T}.nodeSelector`, `${T}.affinity`, `${T}.tolerations`];

function classifyVm(prev: any, next: any, paths: string[], add: Add): void {
  const power: string[] = paths.filter((p) => p === 'spec.runStrategy' || p === 'spec.running');
  if (power.length) add(next, ChangeClass.POWER, power, `run strategy ${prev.spec?.runStrategy ?? prev.spec?.running} → ${next.spec?.runStrategy ?? next.spec?.running}: the VM is started or stopped on merge`);
  const template = paths.filter((p) => p.startsWith('spec.') && p !== 'spec.runStrategy' && p !== 'spec.running');
  const live: string[] = [];
  const restart: string[] = [];
  const rejected: string[] = [];
  const hotplugOn = String(next.metadata?.annotations?.[CPU_MEMORY_HOTPLUG_ANNOTATION] ?? '').toLowerCase() === 'true';
  const volumesOf = (vm: any) => new Map<string, any>((vm.spec?.template?.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  const [oldVols, newVols] = [volumesOf(prev), volumesOf(next)];
  for (const p of template) {
    if (LIVE_PREFIXES.some((x) => p === x || p.startsWith(`${x}.`) || p.startsWith(`${x}[`))) live.push(p);
    else if (p === `${T}.domain.cpu.sockets`) {
      const sockets = next.spec.template.spec.domain.cpu.sockets;
      const max = next.spec.template.spec.domain.cpu.maxSockets;
      if (hotplugOn && (max === undefined || sockets <= max)) live.push(p);
      else if (!hotplugOn && sockets > 1) rejected.push(p);
      else restart.push(p);
    } else if (p === `${T}.domain.memory.guest` && hotplugOn) {
      // kubevirt pkg/liveupdate/memory ValidateLiveUpdateMemory (vms-admitter): guest memory within maxGuest
      const guest = parseQuantity(next.spec.template.spec.domain.memory.guest);
      const maxGuest = parseQuantity(next.spec.template.spec.domain.memory.maxGuest);
      if (guest !== undefined && maxGuest !== undefined && guest > maxGuest) rejected.push(p);
      else live.push(p);
    }
    else if (/^spec\.template\.spec\.(volumes|domain\.devices\.disks)\[([^\]]+)\]/.test(p)) {
      const name = /\[([^\]]+)\]/.exec(p)![1];
      if (hotplug(oldVols.get(name)) || hotplug(newVols.get(name))) live.push(p);
      else restart.push(p);
    } else restart.push(p);
  }
  if (rejected.length) {
    add(next, ChangeClass.REJECTED, rejected, rejected.some((p) => p.endsWith('.sockets'))
      ? 'more than one socket without the CPU hotplug annotation: Harvester sets maxSockets to 1 and KubeVirt refuses the update'
      : 'guest memory beyond memory.maxGuest: KubeVirt refuses the live update (ValidateLiveUpdateMemory)');
  }
  if (restart.length) {
    add(next, ChangeClass.RESTART, restart, 'not live-updatable (KubeVirt marks the VM RestartRequired): takes effect at the next restart');
  }
  if (live.length) add(next, ChangeClass.LIVE, live, 'live-updated in the running VM (Harvester\'s LiveUpdate rollout)');
  const meta = paths.filter((p) => p.startsWith('metadata.'));
  if (!power.length && !template.length && meta.length) add(next, ChangeClass.SAFE, meta, 'metadata only');
}

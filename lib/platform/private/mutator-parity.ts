/**
 * The fields Harvester's and KubeVirt's mutating webhooks write into a VirtualMachine on create,
 * computed the way they compute them, so GitVops writes them first and the stored object equals
 * the manifest (no GitOps drift). Read from:
 * - harvester/harvester `pkg/webhook/resources/virtualmachine/mutator.go` at v1.6.1 and v1.8.2:
 *   `patchResourceOvercommit` / `generateMemoryPatch` (requests, guest memory, maxSockets),
 *   `patchAffinity` / `makeAffinityFromVMTemplate` / `addNodeSelectorTerms` (node terms per VM
 *   network's cluster network), `patchTerminationGracePeriodSeconds`; 1.8 also `patchDefaultCPU`
 *   and `patchInterfaceMacAddress` (a random locally administered MAC per interface without one).
 * - kubevirt/kubevirt `pkg/defaults/defaults.go` `SetVirtualMachineDefaults` (architecture,
 *   machine type `q35`, at v1.5.0 and v1.7.0) and, at v1.7.0 (Harvester 1.8),
 *   `pkg/virt-api/webhooks/mutating-webhook/mutators/vm-mutator.go` `setFirmwareDefaultsIfEmpty`
 *   (a random firmware UUID and serial on create).
 * Random values are replaced by values derived from the VM's identity: stable across syntheses.
 */
import type * as Crypto from 'node:crypto';
import { HarvesterSettings } from '../harvester-settings';

const MIB = 1048576n;
/** Harvester keeps this much of the limit from the guest when the overhead-ratio setting is empty (mutator.go memory100M). */
export const LEGACY_RESERVED_BYTES = 100n * MIB;
/** The node label key prefix of Harvester cluster networks (mutator.go networkGroup). */
export const NETWORK_LABEL_PREFIX = 'network.harvesterhci.io';
/** The node label KubeVirt's CPU manager sets (kubevirtv1.CPUManager). */
export const CPU_MANAGER_LABEL = 'cpumanager';
/** KubeVirt's default machine type and architecture on amd64 (pkg/virt-config/virt-config.go). */
export const DEFAULT_MACHINE_TYPE = 'q35';
export const DEFAULT_ARCHITECTURE = 'amd64';

const BINARY: ReadonlyArray<[string, bigint]> = [['Ei', 1n << 60n], ['Pi', 1n << 50n], ['Ti', 1n << 40n], ['Gi', 1n << 30n], ['Mi', 1n << 20n], ['Ki', 1n << 10n]];

/** A byte count in Kubernetes' canonical binary form (`2730Mi`, `4Gi`; plain bytes below 1 KiB or when no binary unit divides it). */
export function binaryQuantity(bytes: bigint): string {
  if (bytes > -1024n && bytes < 1024n) return String(bytes);
  for (const [unit, factor] of BINARY) if (bytes % factor === 0n) return `${bytes / factor}${unit}`;
  return String(bytes);
}

/** Millicores in Kubernetes' canonical decimal form (`125m`, `1`). */
export function milliQuantity(milli: bigint): string {
  return milli % 1000n === 0n ? String(milli / 1000n) : `${milli}m`;
}

/** What the overcommit patch writes: requests and guest memory of a VM with these limits. */
export interface ResourcePatch {
  readonly requestCpu: string;
  readonly requestMemory: string;
  readonly guestMemory: string;
}

/**
 * `patchResourceOvercommit` + `generateMemoryPatch`: cpu request = limit × 100 / cpu overcommit
 * (millicores, integer division); memory request = limit × 100 / memory overcommit, truncated to
 * MiB; guest = limit − reservedMemory when the annotation is set, − 100 MiB when the
 * overhead-ratio setting is 0, else the limit. Dedicated CPUs take no overcommit.
 */
export function resourcePatch(settings: HarvesterSettings, limitMilliCpu: bigint, limitBytes: bigint, reservedBytes: bigint | undefined, dedicatedCpu = false): ResourcePatch {
  const cpu = dedicatedCpu ? limitMilliCpu : (limitMilliCpu * 100n) / BigInt(settings.overcommit.cpu);
  const memory = dedicatedCpu ? limitBytes : ((limitBytes * 100n) / BigInt(settings.overcommit.memory) / MIB) * MIB;
  let guest = limitBytes;
  if (reservedBytes !== undefined) guest -= reservedBytes;
  else if (settings.additionalGuestMemoryOverheadRatio === 0) guest -= LEGACY_RESERVED_BYTES;
  return { requestCpu: milliQuantity(cpu), requestMemory: binaryQuantity(memory), guestMemory: binaryQuantity(guest) };
}

/** A node selector requirement as the API serialises it. */
interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}

const same = (a: Requirement, b: Requirement) => a.key === b.key && a.operator === b.operator && JSON.stringify(a.values ?? []) === JSON.stringify(b.values ?? []);

/**
 * `patchAffinity`: the user's affinity with every `network.harvesterhci.io/*` and `cpumanager`
 * requirement taken out of the required node terms, then `network.harvesterhci.io/<cluster
 * network> In [true]` added to every term (or as the only term) per VM network, `cpumanager In
 * [true]` for dedicated CPUs; an empty required selector dropped, an empty node affinity too.
 */
export function affinityPatch(affinity: any, clusterNetworks: readonly string[], dedicatedCpu = false): any {
  const result = JSON.parse(JSON.stringify(affinity ?? {}));
  const nodeAffinity = result.nodeAffinity ?? {};
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {};
  const terms: any[] = [];
  for (const term of required.nodeSelectorTerms ?? []) {
    const kept = (term.matchExpressions ?? []).filter((e: Requirement) => !e.key.startsWith(NETWORK_LABEL_PREFIX) && e.key !== CPU_MANAGER_LABEL);
    if (kept.length) terms.push({ ...term, matchExpressions: kept });
  }
  const add = (req: Requirement) => {
    if (!terms.length) terms.push({ matchExpressions: [req] });
    else for (const t of terms) if (!t.matchExpressions.some((e: Requirement) => same(e, req))) t.matchExpressions.push(req);
  };
  for (const cn of clusterNetworks) add({ key: `${NETWORK_LABEL_PREFIX}/${cn}`, operator: 'In', values: ['true'] });
  if (dedicatedCpu) add({ key: CPU_MANAGER_LABEL, operator: 'In', values: ['true'] });
  if (terms.length) {
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { ...required, nodeSelectorTerms: terms };
    result.nodeAffinity = nodeAffinity;
  } else {
    delete nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    if ((nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).length) result.nodeAffinity = nodeAffinity;
    else delete result.nodeAffinity;
  }
  return result;
}

/**
 * A locally administered unicast MAC derived from the VM's namespace, name and interface: the same
 * on every synth, distinct per interface (collisions across the app are reported by rule
 * harvester.vm.duplicate-mac). Replaces the random MAC Harvester 1.8 writes on create.
 */
export function derivedMac(namespace: string, vm: string, iface: string): string {
  const h = crypto().createHash('sha256').update(`gitvops/mac/${namespace}/${vm}/${iface}`).digest();
  const bytes = [(h[0] & 0xfc) | 0x02, h[1], h[2], h[3], h[4], h[5]];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** GitVops' namespace for name-based UUIDs (RFC 4122 §4.3, SHA-1: version 5). */
const UUID_NAMESPACE = Buffer.from('6f1d4c3a9b2e4f5a8c7d0e1f2a3b4c5d', 'hex');

/** A version-5 UUID of `name` in GitVops' namespace. */
export function nameUuid(name: string): string {
  const h = crypto().createHash('sha1').update(UUID_NAMESPACE).update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The firmware UUID and serial KubeVirt 1.7 would draw at random, derived from the VM's identity. */
export function derivedFirmwareIdentity(namespace: string, vm: string): { uuid: string; serial: string } {
  return { uuid: nameUuid(`vm/${namespace}/${vm}`), serial: nameUuid(`serial/${namespace}/${vm}`) };
}

/** node:crypto, loaded on first use: validation reads this module's facts and never needs it (~15 ms to load). */
function crypto(): typeof Crypto {
  return require('node:crypto');
}

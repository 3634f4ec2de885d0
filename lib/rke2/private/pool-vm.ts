import { IConstruct } from 'constructs';
import { invalid, problem } from '../../core/private/errors';
import { VmAffinity } from '../../harvester/affinity';
import {
  CPU_MEMORY_HOTPLUG_ANNOTATION, CREATOR_LABEL, RESERVED_MEMORY_ANNOTATION, VM_NAME_LABEL, VOLUME_CLAIM_TEMPLATES_ANNOTATION,
} from '../../platform/private/labels';
import { Rke2PoolVmOptions } from '../pool-vm';

/** The boot disk names GitVops has always written. */
export const DEFAULT_DISK_NAME_PATTERN = '{cluster}-{pool}-disk-{index}';

const PLACEHOLDERS = ['cluster', 'pool', 'index', 'node'];
/** VM annotations a pool may not set: HarvesterVm writes them from typed props, or Harvester creates PVCs from them. */
const MANAGED_ANNOTATIONS = [RESERVED_MEMORY_ANNOTATION, CPU_MEMORY_HOTPLUG_ANNOTATION, VOLUME_CLAIM_TEMPLATES_ANNOTATION];

/** Only the Rke2PoolVmOptions keys of a pool's options. */
export function pickPoolVm(o: Rke2PoolVmOptions): Rke2PoolVmOptions {
  return {
    diskAccessMode: o.diskAccessMode,
    diskVolumeMode: o.diskVolumeMode,
    diskNamePattern: o.diskNamePattern,
    vmLabels: o.vmLabels,
    vmAnnotations: o.vmAnnotations,
    templateLabels: o.templateLabels,
    networkConfigs: o.networkConfigs,
  };
}

/** Checks a disk name pattern's placeholders. */
export function checkDiskNamePattern(scope: IConstruct, pattern: string): void {
  const used = [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const unknown = used.find((p) => !PLACEHOLDERS.includes(p));
  if (unknown !== undefined) {
    throw invalid(scope, 'diskNamePattern', pattern, `a pattern with the placeholders ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')} only (not {${unknown}})`);
  }
  // unique per node of every pool and cluster in the namespace: two pools writing one PVC name would share a disk
  if (!used.includes('node') && !['cluster', 'pool', 'index'].every((p) => used.includes(p))) {
    throw invalid(scope, 'diskNamePattern', pattern, 'a pattern containing {node}, or {cluster}, {pool} and {index}, so each node gets its own disk');
  }
}

/** The boot disk name of one node. */
export function diskName(pattern: string, cluster: string, pool: string, index: number): string {
  const values: { [key: string]: string } = { cluster, pool, index: String(index), node: `${cluster}-${pool}-${index}` };
  return pattern.replace(/\{([a-z]+)\}/g, (_, key: string) => values[key]);
}

/** Rejects user labels and annotations on keys GitVops writes itself. */
export function checkPoolMetadata(scope: IConstruct, o: Rke2PoolVmOptions, managedLabels: string[]): void {
  const vmReserved = [...managedLabels, CREATOR_LABEL];
  const templateReserved = [...vmReserved, VM_NAME_LABEL, VmAffinity.SPREAD_LABEL];
  const check = (field: string, map: { [key: string]: string } | undefined, reserved: string[]) => {
    const key = Object.keys(map ?? {}).find((k) => reserved.includes(k));
    if (key !== undefined) throw invalid(scope, field, key, `a key GitVops does not write itself (not ${reserved.join(', ')})`);
  };
  check('vmLabels', o.vmLabels, vmReserved);
  check('templateLabels', o.templateLabels, templateReserved);
  check('vmAnnotations', o.vmAnnotations, MANAGED_ANNOTATIONS);
}

/** Checks per-node network configs against the replicas and the addresses. */
export function checkNetworkConfigs(scope: IConstruct, o: Rke2PoolVmOptions, replicas: number, staticAddresses: boolean): void {
  if (!o.networkConfigs) return;
  if (staticAddresses) throw problem(scope, 'networkConfigs', 'cannot specify both networkConfigs and static addresses');
  if (o.networkConfigs.length < replicas) {
    throw invalid(scope, 'networkConfigs', `${o.networkConfigs.length} network configs`, `at least ${replicas} (one per replica)`);
  }
}

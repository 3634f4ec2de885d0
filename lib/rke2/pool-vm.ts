import { NetworkConfig } from '../cloud-init/network-config';
import { AccessMode, VolumeMode } from '../platform/kubernetes';

/**
 * VM and disk settings of one pool that other tools set differently, e.g. to take over the
 * objects of a cluster the Helm chart made without recreating any of them.
 */
export interface Rke2PoolVmOptions {
  /** Access mode of the nodes' boot disks (immutable once the PVC exists). @default AccessMode.READ_WRITE_MANY */
  readonly diskAccessMode?: AccessMode;
  /** Volume mode of the nodes' boot disks (immutable once the PVC exists). @default VolumeMode.BLOCK */
  readonly diskVolumeMode?: VolumeMode;
  /**
   * Name of each node's boot disk, from the placeholders `{cluster}`, `{pool}`, `{index}` and
   * `{node}` (the VM name); it must contain `{node}`, or `{cluster}`, `{pool}` and `{index}`.
   * @default '{cluster}-{pool}-disk-{index}'
   */
  readonly diskNamePattern?: string;
  /** Extra labels on the pool's VMs and their cloud-init Secrets. @default - none */
  readonly vmLabels?: { [key: string]: string };
  /** Extra annotations on the pool's VMs. @default - none */
  readonly vmAnnotations?: { [key: string]: string };
  /** Extra labels on the pool's VM templates (the running VM's pod). @default - none */
  readonly templateLabels?: { [key: string]: string };
  /**
   * One network-config per node, in node order (at least one per replica), written as given
   * instead of the one `addresses` makes; cannot be combined with static `addresses`.
   * @default - from `addresses`
   */
  readonly networkConfigs?: NetworkConfig[];
}

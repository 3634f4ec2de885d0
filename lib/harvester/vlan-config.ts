import { ApiObject, Chart, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { VlanConfig as VlanConfigKind, VlanConfigSpecUplinkBondOptionsMode } from '../../imports/network.harvesterhci.io';
import { invalid } from '../core/private/errors';
import { checkDnsSubdomain } from '../core/private/names';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';
import { ClusterNetwork, IClusterNetwork } from './cluster-network';
import { CLUSTER_NETWORK_LABEL, MGMT, checkClusterNetworkName, checkMtu } from '../platform/private/network-facts';

/** Linux bonding mode of a VlanConfig's uplink (the values of the VlanConfig CRD). */
export enum BondMode {
  /** Round-robin. */
  BALANCE_RR = 'balance-rr',
  /** One NIC active, the others standby (Harvester's default). */
  ACTIVE_BACKUP = 'active-backup',
  /** Transmit by hash. */
  BALANCE_XOR = 'balance-xor',
  /** Every packet on every NIC. */
  BROADCAST = 'broadcast',
  /** IEEE 802.3ad (LACP); the switch must be configured for it. */
  IEEE_802_3AD = '802.3ad',
  /** Adaptive transmit load balancing. */
  BALANCE_TLB = 'balance-tlb',
  /** Adaptive load balancing. */
  BALANCE_ALB = 'balance-alb',
}

/** Props of a VlanConfig. */
export interface VlanConfigProps {
  /** Name of the VlanConfig (cluster-scoped; explicit and stable). */
  readonly name: string;
  /** The cluster network the uplink serves (not `mgmt`: the management network has its own uplink). */
  readonly clusterNetwork: IClusterNetwork;
  /** Host NICs bonded into the uplink, e.g. `['eno2', 'eno3']` (at least one). */
  readonly nics: string[];
  /** Bonding mode of the uplink. @default BondMode.ACTIVE_BACKUP */
  readonly bondMode?: BondMode;
  /** MII link monitoring interval of the bond (`miimon`, whole milliseconds). @default - the kernel's (written as -1, the CRD default) */
  readonly bondMiimon?: Duration;
  /** MTU of the uplink: 0 (default) or 576–9000, the same on every VlanConfig of the cluster network. @default - not set (1500) */
  readonly mtu?: number;
  /** Labels of the nodes the uplink is configured on. @default - every node */
  readonly nodeSelector?: { [key: string]: string };
  /** Description. @default - none */
  readonly description?: string;
}

/** Linux interface names: at most 15 characters, no "/", whitespace or ":" (net/core/dev.c dev_valid_name). */
const NIC = /^[^/\s:]{1,15}$/;

/**
 * The uplink of a cluster network on a set of nodes: Harvester's `network.harvesterhci.io/v1beta1
 * VlanConfig` (cluster-scoped), on the type `cdk8s import`ed from its CRD. NICs are bonded (mode,
 * `miimon`) under the bridge of the cluster network, with an optional MTU. Every field the CRD
 * defaults and the cluster-network label the network controller's mutator adds are written (no
 * drift); the webhook's rules (not mgmt, at most 12 characters, MTU range and one MTU per cluster
 * network) are checked at construction.
 */
export class VlanConfig extends Construct {
  /** Name of the VlanConfig. */
  public readonly name: string;
  /** The cluster network it is the uplink of. */
  public readonly clusterNetwork: IClusterNetwork;
  /** The generated VlanConfig (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VlanConfigProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.name = checkDnsSubdomain(this, 'name', props.name);
    this.clusterNetwork = props.clusterNetwork;
    const cn = props.clusterNetwork.clusterNetworkName;
    // vlanconfig/validator.go Create: the cluster network name length, never mgmt
    if (cn === MGMT) throw invalid(this, 'clusterNetwork', cn, `a cluster network other than ${MGMT} (the management network's uplink is the management interface)`);
    checkClusterNetworkName(this, 'clusterNetwork', cn);
    if (props.nics.length === 0) throw invalid(this, 'nics', props.nics, 'at least one NIC, e.g. ["eno2"]');
    props.nics.forEach((nic, i) => {
      if (!NIC.test(nic)) throw invalid(this, `nics[${i}]`, nic, 'a Linux interface name (1–15 characters, no "/", ":" or whitespace)');
    });
    const dup = props.nics.find((nic, i) => props.nics.indexOf(nic) !== i);
    if (dup) throw invalid(this, 'nics', dup, 'each NIC once');
    const mtu = checkMtu(this, 'mtu', props.mtu);
    const miimon = props.bondMiimon?.toMilliseconds({ integral: false });
    if (miimon !== undefined && (!Number.isInteger(miimon) || miimon < 0)) throw invalid(this, 'bondMiimon', `${miimon}ms`, 'a whole number of milliseconds ≥ 0');
    if (props.clusterNetwork instanceof ClusterNetwork) {
      const other = props.clusterNetwork._addUplink(this.name, mtu);
      if (other) throw invalid(this, 'mtu', mtu ?? 0, `the MTU of the other VlanConfigs of cluster network ${cn}: VlanConfig ${other} (one MTU per cluster network)`);
    }
    this.apiObject = new ApiObject(this, 'Resource', VlanConfigKind.manifest({
      metadata: {
        name: this.name,
        // the network controller's vlanconfig mutator adds it (getCnLabelPatch); written, no drift
        labels: { [CREATOR_LABEL]: CREATOR_VALUE, [CLUSTER_NETWORK_LABEL]: cn },
      },
      spec: {
        clusterNetwork: cn,
        ...(props.description ? { description: props.description } : {}),
        ...(props.nodeSelector && Object.keys(props.nodeSelector).length ? { nodeSelector: props.nodeSelector } : {}),
        uplink: {
          nics: [...props.nics],
          // the CRD defaults miimon and txQLen to -1, mode to active-backup
          linkAttributes: { ...(mtu !== undefined ? { mtu } : {}), txQLen: -1 },
          bondOptions: {
            mode: (props.bondMode ?? BondMode.ACTIVE_BACKUP) as unknown as VlanConfigSpecUplinkBondOptionsMode,
            miimon: miimon ?? -1,
          },
        },
      },
    }));
    if (Chart.of(this).namespace) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}

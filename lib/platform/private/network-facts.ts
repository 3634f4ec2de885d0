import { IConstruct } from 'constructs';
import { invalid } from '../../core/private/errors';

/**
 * What Harvester's network controller (harvester/network-controller-harvester, v1.6.1 and v1.8.2)
 * decides about cluster networks, uplinks and VM networks, read from pkg/utils (consts.go,
 * mgmt.go, labels.go, nad.go, bridge.go) and the webhooks in pkg/webhook.
 */

/** The management network every node has (pkg/utils/mgmt.go ManagementClusterNetworkName). */
export const MGMT = 'mgmt';
/** Linux's longest device name (pkg/utils MaxDeviceNameLen). */
export const MAX_DEVICE_NAME = 15;
/** The bridge of a cluster network (pkg/utils/bridge.go BridgeSuffix). */
export const BRIDGE_SUFFIX = '-br';
/** MaxDeviceNameLen less the bridge suffix (clusternetwork validator): 12. */
export const MAX_CLUSTER_NETWORK_NAME = MAX_DEVICE_NAME - BRIDGE_SUFFIX.length;
/** pkg/utils/consts.go MinMTU / MaxMTU / DefaultMTU; 0 means the default. */
export const MIN_MTU = 576;
export const MAX_MTU = 9000;
export const DEFAULT_MTU = 1500;
/** VLAN IDs a tagged network may have (the nad validator allows 0 for untagged). */
export const MIN_VLAN = 1;
export const MAX_VLAN = 4094;

/** NAD labels (pkg/utils/labels.go) and the route annotation. */
export const CLUSTER_NETWORK_LABEL = 'network.harvesterhci.io/clusternetwork';
export const NETWORK_TYPE_LABEL = 'network.harvesterhci.io/type';
export const VLAN_ID_LABEL = 'network.harvesterhci.io/vlan-id';
export const ROUTE_ANNOTATION = 'network.harvesterhci.io/route';
/** The MTU the network controller copies from a VlanConfig's uplink onto its cluster network. */
export const UPLINK_MTU_ANNOTATION = 'network.harvesterhci.io/uplink-mtu';
/** pkg/utils/nad.go NetworkType values. */
export const L2_VLAN_NETWORK = 'L2VlanNetwork';
export const UNTAGGED_NETWORK = 'UntaggedNetwork';

/** Throws unless `mtu` is 0 (the default) or 576–9000 (pkg/utils/mtu.go IsValidMTU). */
export function checkMtu(scope: IConstruct, field: string, mtu: number | undefined): number | undefined {
  if (mtu === undefined) return undefined;
  if (!Number.isInteger(mtu) || (mtu !== 0 && (mtu < MIN_MTU || mtu > MAX_MTU))) {
    throw invalid(scope, field, mtu, `0 (Harvester's default, ${DEFAULT_MTU}) or an integer from ${MIN_MTU} to ${MAX_MTU}`);
  }
  return mtu;
}

/** Two MTUs the network controller treats as equal (pkg/utils/mtu.go AreEqualMTUs: 0 is the default). */
export function sameMtu(a: number | undefined, b: number | undefined): boolean {
  return (a || DEFAULT_MTU) === (b || DEFAULT_MTU);
}

/** Throws unless `name` is a cluster network name the webhooks accept (DNS label, at most 12 characters). */
export function checkClusterNetworkName(scope: IConstruct, field: string, name: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > MAX_CLUSTER_NETWORK_NAME) {
    throw invalid(scope, field, name, `a cluster network name: a DNS-1123 label of at most ${MAX_CLUSTER_NETWORK_NAME} characters (the bridge "<name>${BRIDGE_SUFFIX}" is a 15-character device name)`);
  }
  return name;
}

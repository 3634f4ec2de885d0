import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { NetworkAttachmentDefinition } from '../../imports/k8s.cni.cncf.io';
import { invalid } from '../core/private/errors';
import { parseCidr, parseIp } from '../core/private/ip';
import { checkDnsLabel, parseNamespacedName } from '../core/private/names';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';
import { IClusterNetwork } from './cluster-network';
import {
  BRIDGE_SUFFIX, CLUSTER_NETWORK_LABEL, DEFAULT_MTU, L2_VLAN_NETWORK, MAX_VLAN, MIN_VLAN, NETWORK_TYPE_LABEL, ROUTE_ANNOTATION, UNTAGGED_NETWORK, VLAN_ID_LABEL,
} from '../platform/private/network-facts';

/**
 * A Harvester VM network (a NetworkAttachmentDefinition on a cluster network) VMs can attach to:
 * made by this app (`VmNetwork`) or existing (`VmNetwork.fromName`).
 */
export interface IVmNetwork extends IConstruct {
  /** Name of the NetworkAttachmentDefinition. */
  readonly networkName: string;
  /** Namespace of the NetworkAttachmentDefinition. */
  readonly namespace: string;
  /** The cluster network it is on (what a VM's node affinity needs). */
  readonly clusterNetwork: IClusterNetwork;
}

/** Options of `VmNetworkRoute.auto`. */
export interface AutoRouteOptions {
  /** The DHCP server Harvester's helper asks for the network's CIDR and gateway (`serverIPAddr`). @default - any DHCP server on the VLAN */
  readonly dhcpServer?: string;
}

/** How Harvester learns the CIDR and gateway of a VLAN network (its `network.harvesterhci.io/route` annotation). */
export class VmNetworkRoute {
  /** Harvester finds them by DHCP on the VLAN (mode `auto`). */
  public static auto(options: AutoRouteOptions = {}): VmNetworkRoute {
    return new VmNetworkRoute('auto', options.dhcpServer ?? '', '', '');
  }

  /** Given here (mode `manual`): the network's CIDR, e.g. `10.20.0.0/24`, and its gateway. */
  public static manual(cidr: string, gateway: string): VmNetworkRoute {
    return new VmNetworkRoute('manual', '', cidr, gateway);
  }

  private constructor(
    /** `auto` or `manual`. */
    public readonly mode: string,
    private readonly serverIpAddr: string,
    private readonly cidr: string,
    private readonly gateway: string,
  ) {}

  /**
   * The annotation as Harvester's UI writes it (every key, in its order), checked as the network
   * controller's nad webhook checks it (pkg/utils/nad.go NewLayer3NetworkConf). @internal
   */
  public _toAnnotation(scope: IConstruct): string {
    if (this.mode === 'auto' && this.serverIpAddr !== '' && !parseIp(this.serverIpAddr)) {
      throw invalid(scope, 'route.dhcpServer', this.serverIpAddr, 'an IP address');
    }
    if (this.mode === 'manual') {
      const cidr = parseCidr(this.cidr);
      if (!cidr || cidr.prefix === 0) throw invalid(scope, 'route.cidr', this.cidr, 'a CIDR with a prefix length > 0, e.g. 10.20.0.0/24');
      if (!parseIp(this.gateway)) throw invalid(scope, 'route.gateway', this.gateway, 'an IP address, e.g. 10.20.0.1');
    }
    return JSON.stringify({ mode: this.mode, serverIPAddr: this.serverIpAddr, cidr: this.cidr, gateway: this.gateway });
  }
}

/** Props of a VmNetwork. */
export interface VmNetworkProps {
  /** Name of the NetworkAttachmentDefinition (a DNS-1123 label; VMs name it `namespace/name`). */
  readonly name: string;
  /** Namespace. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** The cluster network (its bridge `<name>-br`) the VM network is on. */
  readonly clusterNetwork: IClusterNetwork;
  /** VLAN ID, 1–4094 (an `L2VlanNetwork`). @default - untagged (an `UntaggedNetwork`: the uplink's native VLAN) */
  readonly vlanId?: number;
  /** How Harvester learns the network's CIDR and gateway (VLAN networks only). @default VmNetworkRoute.auto() */
  readonly route?: VmNetworkRoute;
  /** Extra labels. @default - the creator label and the network controller's labels */
  readonly labels?: { [key: string]: string };
}

/** Options of `VmNetwork.fromName`. */
export interface ExistingVmNetworkOptions {
  /** The cluster network it is on (its `network.harvesterhci.io/clusternetwork` label). */
  readonly clusterNetwork: IClusterNetwork;
}

/** A VM network that exists in the cluster: referenced, never written. */
class ExistingVmNetwork extends Construct implements IVmNetwork {
  public readonly networkName: string;
  public readonly namespace: string;
  public readonly clusterNetwork: IClusterNetwork;
  constructor(scope: Construct, id: string, name: string, options: ExistingVmNetworkOptions) {
    super(scope, id);
    SynthValidation.enable(this);
    const ref = parseNamespacedName(this, 'name', name, Chart.of(scope).namespace ?? 'default');
    this.networkName = ref.name;
    this.namespace = ref.namespace;
    this.clusterNetwork = options.clusterNetwork;
    SynthValidation.addExternalNetwork(this, `${this.namespace}/${this.networkName}`);
  }
}

/**
 * A Harvester VM network: the `k8s.cni.cncf.io/v1 NetworkAttachmentDefinition` Harvester's UI
 * creates (on the type `cdk8s import`ed from the Multus CRD) — a bridge CNI config on the cluster
 * network's bridge `<cluster network>-br`, tagged with a VLAN or untagged, its route mode in the
 * `network.harvesterhci.io/route` annotation, and the labels the network controller adds
 * (cluster network, type, VLAN ID), so the stored object is the manifest. VMs attach with
 * `NetworkSource.fromVmNetwork(network)`, which also gives them the cluster network's node affinity.
 */
export class VmNetwork extends Construct implements IVmNetwork {
  /**
   * A VM network that exists in the cluster (`namespace/name`, or a name in the chart's
   * namespace), with the cluster network it is on; synth validation knows it as external.
   */
  public static fromName(scope: Construct, id: string, name: string, options: ExistingVmNetworkOptions): IVmNetwork {
    return new ExistingVmNetwork(scope, id, name, options);
  }

  public readonly networkName: string;
  public readonly namespace: string;
  public readonly clusterNetwork: IClusterNetwork;
  /** VLAN ID; undefined for an untagged network. */
  public readonly vlanId?: number;
  /** The generated NetworkAttachmentDefinition (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VmNetworkProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.networkName = checkDnsLabel(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    this.clusterNetwork = props.clusterNetwork;
    const vlan = props.vlanId;
    // the UI allows 1–4094 for a VLAN network; 0 is the untagged network (leave vlanId out)
    if (vlan !== undefined && (!Number.isInteger(vlan) || vlan < MIN_VLAN || vlan > MAX_VLAN)) {
      throw invalid(this, 'vlanId', vlan, `a VLAN ID from ${MIN_VLAN} to ${MAX_VLAN} (leave it out for an untagged network)`);
    }
    this.vlanId = vlan;
    const route = props.route ?? VmNetworkRoute.auto();
    if (vlan === undefined && route.mode !== 'auto') {
      throw invalid(this, 'route', route.mode, 'auto on an untagged network (a manual route needs a VLAN, as in Harvester\'s UI)');
    }
    const cn = props.clusterNetwork.clusterNetworkName;
    this.apiObject = new ApiObject(this, 'Resource', NetworkAttachmentDefinition.manifest({
      metadata: {
        name: this.networkName,
        namespace: this.namespace,
        // what the network controller's nad controller adds (ensureLabels / SetNetworkInfoToLabels);
        // the ready label reflects the cluster network's status and is left to it
        labels: {
          [CREATOR_LABEL]: CREATOR_VALUE,
          ...props.labels,
          [CLUSTER_NETWORK_LABEL]: cn,
          [NETWORK_TYPE_LABEL]: vlan === undefined ? UNTAGGED_NETWORK : L2_VLAN_NETWORK,
          ...(vlan !== undefined ? { [VLAN_ID_LABEL]: String(vlan) } : {}),
        },
        annotations: { [ROUTE_ANNOTATION]: route._toAnnotation(this) },
      },
      spec: { config: Lazy.any({ produce: () => this.config() }) as unknown as string },
    }));
  }

  /**
   * The CNI config as Harvester's UI writes it (its keys, in its order; `vlan` left out when
   * untagged), with the `mtu` the nad mutator appends when the cluster network's MTU is not the
   * default (webhook/nad/mutator.go patchMTU).
   */
  private config(): string {
    const mtu = this.clusterNetwork.mtu;
    return JSON.stringify({
      cniVersion: '0.3.1',
      name: this.networkName,
      type: 'bridge',
      bridge: `${this.clusterNetwork.clusterNetworkName}${BRIDGE_SUFFIX}`,
      promiscMode: true,
      ...(this.vlanId !== undefined ? { vlan: this.vlanId } : {}),
      ipam: {},
      ...(mtu && mtu !== DEFAULT_MTU ? { mtu } : {}),
    });
  }
}

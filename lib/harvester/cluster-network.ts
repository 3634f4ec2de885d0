import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ClusterNetwork as ClusterNetworkKind } from '../../imports/network.harvesterhci.io';
import { invalid } from '../core/private/errors';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';
import { DEFAULT_MTU, MGMT, checkClusterNetworkName, checkMtu, sameMtu } from '../platform/private/network-facts';

/**
 * A Harvester cluster network (the host bridge `<name>-br` VM networks attach to): made by this
 * app (`ClusterNetwork`), existing (`ClusterNetwork.fromName`), or the built-in management
 * network (`ClusterNetwork.mgmt`).
 */
export interface IClusterNetwork extends IConstruct {
  /** Name of the ClusterNetwork. */
  readonly clusterNetworkName: string;
  /**
   * MTU of its uplink, when this app knows it: the network controller writes it into the
   * `spec.config` of every VM network on it.
   * @default - unknown; Harvester's default 1500
   */
  readonly mtu?: number;
}

/** Props of a ClusterNetwork. */
export interface ClusterNetworkProps {
  /** Name (at most 12 characters: the bridge `<name>-br` is a 15-character Linux device name; not `mgmt`). */
  readonly name: string;
  /** Extra labels. @default - the creator label only */
  readonly labels?: { [key: string]: string };
}

/** Options of `ClusterNetwork.fromName`. */
export interface ExistingClusterNetworkOptions {
  /**
   * MTU of its uplink (its VlanConfigs' MTU, or the management interface's for `mgmt`): VM
   * networks on it must carry it, or the network controller's webhook refuses their updates.
   * @default 1500
   */
  readonly mtu?: number;
}

/** A cluster network that exists in the cluster, referenced by name. */
class ExistingClusterNetwork extends Construct implements IClusterNetwork {
  public readonly clusterNetworkName: string;
  public readonly mtu?: number;
  constructor(scope: Construct, id: string, name: string, options: ExistingClusterNetworkOptions) {
    super(scope, id);
    this.clusterNetworkName = checkClusterNetworkName(this, 'name', name);
    this.mtu = checkMtu(this, 'mtu', options.mtu);
  }
}

/**
 * A Harvester cluster network (`network.harvesterhci.io/v1beta1 ClusterNetwork`, cluster-scoped),
 * on the type `cdk8s import`ed from Harvester's CRD: a bridge `<name>-br` on the nodes its
 * VlanConfigs select, which VM networks (`VmNetwork`) attach to. The name is checked as the
 * network controller's webhook checks it (at most 12 characters); its uplink is a `VlanConfig`.
 */
export class ClusterNetwork extends Construct implements IClusterNetwork {
  /** Name of the management cluster network every node has. */
  public static readonly MGMT_NAME = MGMT;

  /** A cluster network that exists in the cluster (made in the UI, or by another app). */
  public static fromName(scope: Construct, id: string, name: string, options: ExistingClusterNetworkOptions = {}): IClusterNetwork {
    return new ExistingClusterNetwork(scope, id, name, options);
  }

  /**
   * The built-in management network `mgmt` (the network controller creates it; its uplink is the
   * management interface, MTU 1500 unless set at install — then use `fromName` with `mtu`).
   * One per chart.
   */
  public static mgmt(scope: Construct): IClusterNetwork {
    const chart = Chart.of(scope);
    const id = 'ClusterNetworkMgmt';
    return (chart.node.tryFindChild(id) as IClusterNetwork | undefined) ?? new ExistingClusterNetwork(chart, id, MGMT, {});
  }

  public readonly clusterNetworkName: string;
  /** The generated ClusterNetwork (escape hatch). */
  public readonly apiObject: ApiObject;
  private readonly uplinks: Array<{ name: string; mtu?: number }> = [];

  constructor(scope: Construct, id: string, props: ClusterNetworkProps) {
    super(scope, id);
    SynthValidation.enable(this);
    // clusternetwork/validator.go Create: IsClusterNetworkNameValid (1.8) / maxClusterNetworkNameLen (1.6)
    this.clusterNetworkName = checkClusterNetworkName(this, 'name', props.name);
    if (props.name === MGMT) throw invalid(this, 'name', props.name, `a name other than ${MGMT} (the network controller creates it: use ClusterNetwork.mgmt)`);
    this.apiObject = new ApiObject(this, 'Resource', ClusterNetworkKind.manifest({
      metadata: { name: this.clusterNetworkName, labels: { [CREATOR_LABEL]: CREATOR_VALUE, ...props.labels } },
    }));
    // ClusterNetwork is cluster-scoped: no namespace even in a chart that has one
    if (Chart.of(this).namespace) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }

  /** MTU of its uplink, from the VlanConfigs of this app on it; undefined when none sets one. */
  public get mtu(): number | undefined {
    return this.uplinks.find((u) => u.mtu !== undefined)?.mtu;
  }

  /**
   * Records a VlanConfig's uplink; all VlanConfigs of a cluster network need one MTU
   * (vlanconfig/validator.go validateMTU). Returns the name of a VlanConfig with another MTU. @internal
   */
  public _addUplink(name: string, mtu: number | undefined): string | undefined {
    const other = this.uplinks.find((u) => !sameMtu(u.mtu, mtu));
    if (other) return `${other.name} (MTU ${other.mtu || DEFAULT_MTU})`;
    this.uplinks.push({ name, mtu });
    return undefined;
  }
}

import { IConstruct } from 'constructs';
import { invalid } from '../core/private/errors';
import { parseNamespacedName } from '../core/private/names';
import { InterfaceBinding, InterfaceModel } from '../platform/kubevirt';
import { SynthValidation } from '../validation/synth-validation';
import { IVmNetwork } from './vm-network-attachment';

/** Where a VM interface is connected. */
export class NetworkSource {
  /** The pod network (Harvester's management network), NAT through masquerade. */
  public static pod(): NetworkSource {
    return new NetworkSource(undefined);
  }

  /**
   * A Harvester VM network that exists in the cluster, by name (`namespace/name`, or a name in the
   * VM's namespace). The VM declares it external to synth validation (as
   * `VmNetwork.fromName` does). Give its cluster network so the VM's node affinity is written as
   * Harvester's mutator writes it.
   */
  public static vmNetwork(networkName: string, options: VmNetworkSourceOptions = {}): NetworkSource {
    if (options.clusterNetwork !== undefined && !CLUSTER_NETWORK_NAME.test(options.clusterNetwork)) {
      throw invalid(undefined, 'clusterNetwork', options.clusterNetwork, 'a cluster network name (a DNS-1123 label, e.g. mgmt)');
    }
    return new NetworkSource(networkName, options.clusterNetwork);
  }

  /**
   * A Harvester VM network by object (`VmNetwork`, or `VmNetwork.fromName`): its cluster network
   * comes with it, so the VM's node affinity is what Harvester's mutator writes.
   */
  public static fromVmNetwork(network: IVmNetwork): NetworkSource {
    return new NetworkSource(`${network.namespace}/${network.networkName}`, network.clusterNetwork.clusterNetworkName, network);
  }

  private constructor(
    /** `namespace/name` of the VM network; undefined for the pod network. */
    public readonly networkName: string | undefined,
    /** The cluster network of the VM network (its NAD's `network.harvesterhci.io/clusternetwork` label); undefined when not given. */
    public readonly clusterNetwork?: string,
    /** The VM network by object, when given so. */
    private readonly network?: IVmNetwork,
  ) {}

  /** True for the pod network. */
  public get isPod(): boolean {
    return this.networkName === undefined;
  }

  /** The KubeVirt network source; checks the network name. @internal */
  public _toNetworkSource(owner: IConstruct, field: string, namespace: string): { [key: string]: any } {
    if (this.networkName === undefined) return { pod: {} };
    const ref = parseNamespacedName(owner, field, this.networkName, namespace);
    return { multus: { networkName: `${ref.namespace}/${ref.name}` } };
  }

  /**
   * Ties the source to the VM that uses it (`owner`): a network named by string is declared
   * external. (A VM network of this app is written before the VM — it is made before it is passed,
   * and the delivery config's sync waves apply NADs first — with no construct dependency, which
   * would take the app off GitVopsApp's one-pass layout.) @internal
   */
  public _bind(owner: IConstruct, field: string, namespace: string): void {
    if (this.networkName === undefined) return;
    if (this.network === undefined) {
      const ref = parseNamespacedName(owner, field, this.networkName, namespace);
      SynthValidation.addExternalNetwork(owner, `${ref.namespace}/${ref.name}`);
    }
  }
}

/** Options of `NetworkSource.vmNetwork`. */
export interface VmNetworkSourceOptions {
  /**
   * The cluster network the VM network is on (`mgmt` for the management network, else the
   * ClusterNetwork's name): Harvester's mutator requires nodes labelled
   * `network.harvesterhci.io/<cluster network>=true` for the VM, and GitVops writes that term.
   * @default - unknown: the mutator adds the term on create (a difference GitVops warns about)
   */
  readonly clusterNetwork?: string;
}

const CLUSTER_NETWORK_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A network interface of a HarvesterVm. */
export interface VmInterface {
  /** Interface name (also the name of its network), `^[A-Za-z0-9-_]+$`. */
  readonly name: string;
  /** What it connects to. */
  readonly source: NetworkSource;
  /** Binding. @default InterfaceBinding.MASQUERADE on the pod network, BRIDGE elsewhere */
  readonly binding?: InterfaceBinding;
  /** NIC model. @default InterfaceModel.VIRTIO */
  readonly model?: InterfaceModel;
  /** Fixed MAC address. @default - derived from the namespace, VM and interface names (locally administered, stable) */
  readonly macAddress?: string;
  /** Boot order (PXE), unique across disks and interfaces. @default - none */
  readonly bootOrder?: number;
}

import { IConstruct } from 'constructs';
import { parseNamespacedName } from '../core/private/names';
import { InterfaceBinding, InterfaceModel } from '../platform/kubevirt';

/** Where a VM interface is connected. */
export class NetworkSource {
  /** The pod network (Harvester's management network), NAT through masquerade. */
  public static pod(): NetworkSource {
    return new NetworkSource(undefined);
  }

  /** A Harvester VM network (a NetworkAttachmentDefinition), as `namespace/name`. */
  public static vmNetwork(networkName: string): NetworkSource {
    return new NetworkSource(networkName);
  }

  private constructor(
    /** `namespace/name` of the VM network; undefined for the pod network. */
    public readonly networkName: string | undefined,
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
}

/** A network interface of a HarvesterVm. */
export interface VmNetwork {
  /** Interface name (also the name of its network), `^[A-Za-z0-9-_]+$`. */
  readonly name: string;
  /** What it connects to. */
  readonly source: NetworkSource;
  /** Binding. @default InterfaceBinding.MASQUERADE on the pod network, BRIDGE elsewhere */
  readonly binding?: InterfaceBinding;
  /** NIC model. @default InterfaceModel.VIRTIO */
  readonly model?: InterfaceModel;
  /** Fixed MAC address. @default - Harvester assigns one */
  readonly macAddress?: string;
  /** Boot order (PXE), unique across disks and interfaces. @default - none */
  readonly bootOrder?: number;
}

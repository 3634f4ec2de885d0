import { SecretValue } from '../core/secret-value';
import { ReclaimPolicy, VolumeBindingMode } from '../platform/kubernetes';

/**
 * How the Harvester load balancer of a guest `Service type: LoadBalancer` gets its address
 * (annotation `cloudprovider.harvesterhci.io/ipam`, harvester/cloud-provider-harvester
 * pkg/utils/consts.go `KeyIPAM`, doc/load-balancer-request-parameters.md).
 */
export enum GuestLoadBalancerIpam {
  /** From a Harvester IPPool whose selector matches the guest cluster (the cloud provider's default). */
  POOL = 'pool',
  /** From the DHCP server of the VM network. */
  DHCP = 'dhcp',
}

/**
 * A StorageClass in the guest cluster for the Harvester CSI driver (`driver.harvesterhci.io`):
 * its volumes are Harvester volumes of `hostStorageClass` hot-plugged into the node VMs.
 */
export interface Rke2GuestStorageClassOptions {
  /** Name of the guest StorageClass (not `harvester`: the bundled CSI chart makes that one). */
  readonly name: string;
  /** The Harvester StorageClass the volumes are made in (parameter `hostStorageClass`). */
  readonly hostStorageClass: string;
  /** The guest cluster's default class (the bundled `harvester` class already is: mark one only). @default false */
  readonly isDefault?: boolean;
  /** What happens to a volume when its claim is deleted. @default ReclaimPolicy.DELETE */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** When volumes are bound. @default VolumeBindingMode.IMMEDIATE */
  readonly volumeBindingMode?: VolumeBindingMode;
  /** Volumes can be grown. @default true */
  readonly allowVolumeExpansion?: boolean;
}

/**
 * A Harvester IPPool for the guest cluster's `Service type: LoadBalancer` (IPAM pool), selected
 * for load balancers of this guest cluster in the VMs' namespace only.
 */
export interface Rke2GuestLoadBalancerPoolOptions {
  /** Name of the IPPool in Harvester. */
  readonly name: string;
  /** Subnet of the addresses, in CIDR notation. */
  readonly subnet: string;
  /** The subnet's gateway. */
  readonly gateway: string;
  /** First address handed out. */
  readonly rangeStart: string;
  /** Last address handed out. */
  readonly rangeEnd: string;
}

/** Harvester cloud provider and CSI driver in the guest cluster (`Rke2Cluster` `harvesterIntegration`). */
export interface Rke2HarvesterIntegrationOptions {
  /**
   * The cloud-config: a kubeconfig for the ServiceAccount of `HarvesterCloudProviderAccess`,
   * its context's namespace the VMs' namespace. Written to every node through the cluster's
   * secret output.
   */
  readonly cloudConfig: SecretValue;
  /** Name of the ServiceAccount in Harvester. @default - `<cluster name>-cloud-provider` */
  readonly serviceAccountName?: string;
  /**
   * Emit the Harvester-side objects (ServiceAccount, token Secret, bindings) with the cluster.
   * Turn off when they are made elsewhere, e.g. by a `HarvesterCloudProviderAccess` in a chart
   * applied first.
   * @default true
   */
  readonly createAccess?: boolean;
  /** Guest StorageClasses for the CSI driver (written as auto-deploy manifests on the servers). @default - none (the bundled `harvester` class only) */
  readonly storageClasses?: Rke2GuestStorageClassOptions[];
  /** A Harvester IPPool for guest load balancers with IPAM pool. @default - none (a matching pool, or the global one, must exist) */
  readonly loadBalancerPool?: Rke2GuestLoadBalancerPoolOptions;
  /**
   * The cluster name the cloud provider puts on its load balancers (`--cluster-name`, chart value
   * `global.cattle.clusterName`, set by a HelmChartConfig on the servers).
   * @default - the RKE2 cluster's name
   */
  readonly guestClusterName?: string;
}

/** Facts of the Harvester integration: paths and annotations. */
export class Rke2HarvesterIntegration {
  /**
   * Where the bundled charts read the cloud-config: harvester-cloud-provider chart ≥ 0.2.10
   * (`cloudConfigPath`) and every harvester-csi-driver chart (hostPath `cloudConfig.hostPath`,
   * `--kubeconfig=/var/lib/harvester/cloud-provider-config`), harvester/charts values.yaml.
   */
  public static readonly CLOUD_CONFIG_PATH = '/var/lib/rancher/rke2/etc/config-files/cloud-provider-config';
  /**
   * Where older charts read it: harvester-cloud-provider chart ≤ 0.2.9 (RKE2 v1.31 bundles
   * 0.2.6), and the CSI driver's fallback (harvester-csi-driver pkg/csi/manager.go `defaultKubeconfigPath`).
   */
  public static readonly LEGACY_CLOUD_CONFIG_PATH = '/etc/kubernetes/cloud-config';
  /** The guest Service annotation that picks the IPAM mode. */
  public static readonly IPAM_ANNOTATION = 'cloudprovider.harvesterhci.io/ipam';
  /** The CSI driver's provisioner name (harvester-csi-driver pkg/csi/util.go `driverName`). */
  public static readonly CSI_PROVISIONER = 'driver.harvesterhci.io';

  /** The annotations of a guest `Service type: LoadBalancer` for an IPAM mode. */
  public static serviceAnnotations(ipam: GuestLoadBalancerIpam): { [key: string]: string } {
    return { [Rke2HarvesterIntegration.IPAM_ANNOTATION]: ipam };
  }

  private constructor() {}
}

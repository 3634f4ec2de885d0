import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDnsLabel, checkDnsSubdomain } from '../core/private/names';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';

/** Props of a HarvesterCloudProviderAccess. */
export interface HarvesterCloudProviderAccessProps {
  /** Name of the ServiceAccount (the token Secret is `<name>-token`, the bindings `<namespace>-<name>`). */
  readonly serviceAccountName: string;
  /** Namespace of the guest cluster's VMs: the cloud provider and CSI driver act in it only. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
}

/**
 * What a guest cluster's Harvester cloud provider and CSI driver need in the Harvester cluster,
 * the same objects Harvester's own kubeconfig generator makes (harvester/harvester
 * pkg/api/kubeconfig/generate_handler.go at v1.6.1 and v1.8.2, `ensureSaAndSecret`,
 * `createRoleBindingIfNotExists`, `createClusterRoleBindingIfNotExists`): a ServiceAccount, a
 * RoleBinding `<namespace>-<name>` in the VMs' namespace to the ClusterRole
 * `harvesterhci.io:cloudprovider`, a ClusterRoleBinding `<namespace>-<name>` to
 * `harvesterhci.io:csi-driver` (both roles ship with Harvester:
 * deploy/charts/harvester/templates/rbac.yaml), and a Secret `<name>-token` of type
 * `kubernetes.io/service-account-token` that Kubernetes fills with the token and CA.
 *
 * Apply these first: the cloud-config the nodes get is a kubeconfig built from that token (see
 * the README, "Harvester cloud provider and CSI").
 */
export class HarvesterCloudProviderAccess extends Construct {
  /** The ClusterRole Harvester ships for the cloud provider (bound in the VMs' namespace). */
  public static readonly CLOUD_PROVIDER_ROLE = 'harvesterhci.io:cloudprovider';
  /** The ClusterRole Harvester ships for the CSI driver (bound cluster-wide). */
  public static readonly CSI_DRIVER_ROLE = 'harvesterhci.io:csi-driver';

  /** Name of the ServiceAccount. */
  public readonly serviceAccountName: string;
  /** Namespace. */
  public readonly namespace: string;
  /** Name of the token Secret (`<serviceAccountName>-token`). */
  public readonly tokenSecretName: string;
  /** The ServiceAccount (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The token Secret (escape hatch). */
  public readonly tokenSecret: ApiObject;
  /** The RoleBinding to the cloud provider role (escape hatch). */
  public readonly roleBinding: ApiObject;
  /** The ClusterRoleBinding to the CSI driver role (escape hatch). */
  public readonly clusterRoleBinding: ApiObject;

  constructor(scope: Construct, id: string, props: HarvesterCloudProviderAccessProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.serviceAccountName = checkDnsSubdomain(this, 'serviceAccountName', props.serviceAccountName);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    this.tokenSecretName = checkDnsSubdomain(this, 'serviceAccountName', `${this.serviceAccountName}-token`);
    const bindingName = checkDnsSubdomain(this, 'serviceAccountName', `${this.namespace}-${this.serviceAccountName}`);
    const labels = { [CREATOR_LABEL]: CREATOR_VALUE };
    const subjects = [{ kind: 'ServiceAccount', name: this.serviceAccountName, namespace: this.namespace }];

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: this.serviceAccountName, namespace: this.namespace, labels },
    });
    // no data: the token controller fills `token`, `ca.crt` and `namespace` (a plain object,
    // not a SecretOutput: nothing secret is in Git)
    this.tokenSecret = new ApiObject(this, 'Token', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: this.tokenSecretName,
        namespace: this.namespace,
        labels,
        annotations: { 'kubernetes.io/service-account.name': this.serviceAccountName },
      },
      type: 'kubernetes.io/service-account-token',
    });
    this.roleBinding = new ApiObject(this, 'CloudProviderBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: bindingName, namespace: this.namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: HarvesterCloudProviderAccess.CLOUD_PROVIDER_ROLE },
      subjects,
    });
    this.clusterRoleBinding = new ApiObject(this, 'CsiDriverBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: bindingName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: HarvesterCloudProviderAccess.CSI_DRIVER_ROLE },
      subjects,
    });
    // ClusterRoleBinding is cluster-scoped: no namespace even in a chart that has one
    if (Chart.of(this).namespace) this.clusterRoleBinding.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}

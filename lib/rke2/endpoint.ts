import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { IpPool, LoadBalancer, LoadBalancerSpecIpam, LoadBalancerSpecWorkloadType } from '../../imports/loadbalancer.harvesterhci.io';
import { EndpointHealthCheck, EndpointListenerNames } from './endpoint-options';
import { endpointHealthCheck, endpointListeners } from './private/endpoint-listeners';
import { checkSubnet } from './private/subnet';
import { invalid } from '../core/private/errors';
import { formatIp, isReservedInSubnet, parseIp, subnetContains } from '../core/private/ip';
import { checkDnsLabel } from '../core/private/names';
import {
  CREATOR_LABEL, CREATOR_VALUE, LB_GLOBAL_POOL_LABEL, LB_NAMESPACE_ANNOTATION, LB_VID_LABEL, VM_NAME_LABEL,
} from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';

/** The fixed registration address of an RKE2 cluster. */
export interface ControlPlaneEndpointOptions {
  /** The virtual IP. */
  readonly vip: string;
  /** A DNS name that resolves to the VIP (added to the TLS SANs, used in the join URL). @default - none; the VIP is used */
  readonly dnsName?: string;
  /** The subnet of the VIP (and, by default, of static node addresses), e.g. `10.2.0.0/24`. */
  readonly subnet: string;
  /** The subnet's gateway. */
  readonly gateway: string;
  /** DNS servers for static node addresses. @default - the gateway */
  readonly nameservers?: string[];
  /** Also forward 443 (ingress) to the servers. @default false */
  readonly exposeIngress?: boolean;
  /** Name of the LoadBalancer, e.g. the Helm chart's `<cluster>-lb`. @default - `<cluster>-vip` in an Rke2Cluster, else `name` */
  readonly loadBalancerName?: string;
  /** Name of the IPPool, e.g. the Helm chart's `<cluster>-pool`. @default - `<cluster>-vip` in an Rke2Cluster, else `name` */
  readonly ipPoolName?: string;
  /** Listener names. @default - api, join, https */
  readonly listenerNames?: EndpointListenerNames;
  /** Health-check thresholds. @default - success 1, failure 3, period 5 s, timeout 3 s */
  readonly healthCheck?: EndpointHealthCheck;
}

/** Props of a ControlPlaneEndpoint. */
export interface ControlPlaneEndpointProps extends ControlPlaneEndpointOptions {
  /** Name of the IPPool and LoadBalancer. */
  readonly name: string;
  /** Namespace of the LoadBalancer (the IPPool is cluster-scoped). @default - the chart's namespace */
  readonly namespace?: string;
  /** Names of the server VMs (selected by `harvesterhci.io/vmName`). */
  readonly serverVmNames: string[];
}

/**
 * A Harvester IPPool holding exactly the VIP and a LoadBalancer (ipam pool, workloadType vm)
 * that forwards 6443 and 9345 (and 443 on request) to the server VMs, health-checked on 6443.
 */
export class ControlPlaneEndpoint extends Construct {
  /** The VIP in canonical form. */
  public readonly vip: string;
  /** The IPPool (escape hatch). */
  public readonly ipPool: ApiObject;
  /** The LoadBalancer (escape hatch). */
  public readonly loadBalancer: ApiObject;

  constructor(scope: Construct, id: string, props: ControlPlaneEndpointProps) {
    super(scope, id);
    SynthValidation.enable(this);
    const namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    checkDnsLabel(this, 'name', props.name);
    const lbName = checkDnsLabel(this, 'loadBalancerName', props.loadBalancerName ?? props.name);
    const poolName = checkDnsLabel(this, 'ipPoolName', props.ipPoolName ?? props.name);
    const net = checkSubnet(this, 'endpoint', props);
    const vip = parseIp(props.vip);
    if (!vip) throw invalid(this, 'endpoint.vip', props.vip, 'an IPv4 or IPv6 address');
    if (!subnetContains(net.cidr, vip) || isReservedInSubnet(net.cidr, vip)) {
      throw invalid(this, 'endpoint.vip', props.vip, `a host address inside ${props.subnet}`);
    }
    if (vip.value === net.gateway.value) throw invalid(this, 'endpoint.vip', props.vip, `an address other than the gateway ${props.gateway}`);
    this.vip = formatIp(vip);
    const labels = { [CREATOR_LABEL]: CREATOR_VALUE };

    // plain ApiObjects from the imported kinds' manifests, so JSON patches keep every field
    // what load-balancer-harvester's mutators write on create (pkg/webhook/ippool/mutator.go
    // getLabelPatch: the VLAN id of spec.selector.network — 0 without one — and whether the pool
    // is global; pkg/webhook/loadbalancer/mutator.go getAnnotationsPatchVM: the namespace), so the
    // stored objects equal the manifests
    this.ipPool = new ApiObject(this, 'IpPool', IpPool.manifest({
      metadata: { name: poolName, labels: { ...labels, [LB_VID_LABEL]: '0', [LB_GLOBAL_POOL_LABEL]: 'false' } },
      spec: { ranges: [{ subnet: props.subnet, gateway: props.gateway, rangeStart: this.vip, rangeEnd: this.vip }] },
    }));
    // IPPool is cluster-scoped: drop the namespace cdk8s copies from the chart
    this.ipPool.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    const listeners = endpointListeners(this, props.listenerNames, props.exposeIngress ?? false);
    this.loadBalancer = new ApiObject(this, 'LoadBalancer', LoadBalancer.manifest({
      metadata: { name: lbName, namespace, labels, annotations: { [LB_NAMESPACE_ANNOTATION]: namespace } },
      spec: {
        workloadType: LoadBalancerSpecWorkloadType.VM,
        ipam: LoadBalancerSpecIpam.POOL,
        ipPool: poolName,
        listeners,
        healthCheck: endpointHealthCheck(this, props.healthCheck),
        backendServerSelector: { [VM_NAME_LABEL]: [...props.serverVmNames] },
      },
    }));
  }
}

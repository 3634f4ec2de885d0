import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { IpPool } from '../../imports/loadbalancer.harvesterhci.io';
import { NodeAddresses } from './addresses';
import { Rke2Bootstrap } from './bootstrap';
import { Rke2ConfigOptions } from './config';
import { ControlPlaneEndpoint, ControlPlaneEndpointOptions } from './endpoint';
import { HarvesterCloudProviderAccess } from './harvester-access';
import { Rke2HarvesterIntegration, Rke2HarvesterIntegrationOptions } from './harvester-integration';
import { AirGapOptions, Rke2InstallOptions } from './install';
import { HostSpread, Rke2NodePool, Rke2VmOptions } from './node-pool';
import { mergeConfig } from './private/config-file';
import { MANIFESTS_DIR, cloudProviderChartConfig, guestStorageClass, renderManifests, upgradePlans } from './private/guest-manifests';
import { Rke2Registries } from './registries';
import { pickPoolVm } from './private/pool-vm';
import { Rke2PoolVmOptions } from './pool-vm';
import { Rke2Release } from './release';
import { Rke2Role } from './role';
import { Rke2UpgradeOptions } from './upgrade';
import { CloudInitFile } from '../cloud-init/cloud-config';
import { invalid, problem } from '../core/private/errors';
import { canonicalIp, formatIp, parseCidr, parseIp, subnetContains } from '../core/private/ip';
import { checkDnsLabel } from '../core/private/names';
import { SecretValue } from '../core/secret-value';
import { CREATOR_LABEL, CREATOR_VALUE, LB_GLOBAL_POOL_LABEL, LB_VID_LABEL } from '../platform/private/labels';
import { SecretOutput } from '../secrets/secret-output';

/** Sizing and addressing of one pool, over the cluster's VM defaults. */
export interface Rke2PoolOptions extends Rke2PoolVmOptions {
  /** Number of nodes. @default 3 for the control plane, 1 for a worker pool */
  readonly replicas?: number;
  /** vCPUs. @default - the cluster's `vm.cpu` */
  readonly cpu?: number;
  /** Memory. @default - the cluster's `vm.memory` */
  readonly memory?: Size;
  /** Boot disk size. @default - the cluster's `vm.diskSize` */
  readonly diskSize?: Size;
  /** Node addresses. @default NodeAddresses.dhcp() */
  readonly addresses?: NodeAddresses;
  /** RKE2 config for this pool only (labels, taints, kubelet args); not the critical server values. @default - none */
  readonly config?: Rke2ConfigOptions;
  /** Extra files for this pool only. @default - none */
  readonly files?: CloudInitFile[];
}

/** The control-plane pool (`cp`). */
export interface Rke2ControlPlaneOptions extends Rke2PoolOptions {
  /** Servers run no workloads (`CriticalAddonsOnly=true:NoExecute`). @default false */
  readonly dedicated?: boolean;
}

/** A worker (agent) pool. */
export interface Rke2WorkerPoolOptions extends Rke2PoolOptions {
  /** Pool name. @default 'worker' */
  readonly name?: string;
}

/** Props of an Rke2Cluster. */
export interface Rke2ClusterProps {
  /** Cluster name: prefix of every object name (`<name>-cp-0`). */
  readonly name: string;
  /** Namespace of the VMs, Secrets, volumes and LoadBalancer. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** RKE2 release: `Rke2Release.version('v1.31.4+rke2r1')` or `Rke2Release.channel('v1.31')`. @default - the stable channel's newest */
  readonly release?: Rke2Release;
  /** The cluster token. */
  readonly token: SecretValue;
  /** The control-plane endpoint (VIP on a Harvester LoadBalancer). */
  readonly endpoint: ControlPlaneEndpointOptions;
  /** VM defaults of every node. */
  readonly vm: Rke2VmOptions;
  /** The control-plane pool. @default - 3 servers */
  readonly controlPlane?: Rke2ControlPlaneOptions;
  /** Worker pools. More with `addWorkerPool`. @default - none */
  readonly workers?: Rke2WorkerPoolOptions[];
  /** Private registries (every node). @default - none */
  readonly registries?: Rke2Registries;
  /** RKE2 config of every node (critical server values are shared by all servers). @default - RKE2's defaults */
  readonly config?: Rke2ConfigOptions;
  /** Extra TLS SANs. @default - none (the node name, VIP and DNS name are always there) */
  readonly tlsSan?: string[];
  /** Extra files on servers, e.g. auto-deploy HelmCharts. @default - none */
  readonly serverFiles?: CloudInitFile[];
  /** Extra files on agents. @default - none */
  readonly agentFiles?: CloudInitFile[];
  /** Air-gapped install from files on the image. @default - download */
  readonly airGap?: AirGapOptions;
  /** Install qemu-guest-agent. @default true */
  readonly installGuestAgent?: boolean;
  /** Enable qemu-guest-agent. @default true */
  readonly enableGuestAgent?: boolean;
  /** Require servers on different hosts (hard anti-affinity) instead of preferring it. @default false */
  readonly requireHostSpread?: boolean;
  /** Allow an even number of servers (etcd quorum gains nothing from it). @default false */
  readonly allowEvenServers?: boolean;
  /** How the cloud-init Secrets (holding the token) are written. @default - the scope's default */
  readonly secretOutput?: SecretOutput;
  /** Harvester cloud provider and CSI driver in the guest cluster. @default - none */
  readonly harvesterIntegration?: Rke2HarvesterIntegrationOptions;
  /** How server 0 starts. @default Rke2Bootstrap.newCluster() */
  readonly bootstrap?: Rke2Bootstrap;
  /** system-upgrade-controller Plans written on the servers (auto-deploy manifests). @default - none */
  readonly upgrade?: Rke2UpgradeOptions;
}

/** Where GitVops' own auto-deploy manifests land on servers. */
const HARVESTER_MANIFEST = `${MANIFESTS_DIR}/gitvops-harvester.yaml`;
const UPGRADE_MANIFEST = `${MANIFESTS_DIR}/gitvops-upgrade-plans.yaml`;

/** Values that must be identical on every server, or RKE2 refuses to join. */
const CRITICAL: Array<keyof Rke2ConfigOptions> = ['clusterCidr', 'serviceCidr', 'clusterDns', 'clusterDomain', 'cni'];
const CRITICAL_EXTRA = ['agent-token', 'disable-cloud-controller', 'disable-kube-proxy', 'egress-selector-mode', 'cluster-cidr', 'service-cidr', 'cluster-dns', 'cluster-domain'];

/**
 * A whole RKE2 cluster on Harvester VMs: a bootstrap server and joining servers (pool `cp`),
 * agent pools, and the control-plane VIP on a Harvester LoadBalancer and IPPool.
 */
export class Rke2Cluster extends Construct {
  /** Cluster name. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** The control-plane pool. */
  public readonly controlPlane: Rke2NodePool;
  /** The worker pools. */
  public readonly workerPools: Rke2NodePool[] = [];
  /** The endpoint (IPPool + LoadBalancer). */
  public readonly endpoint: ControlPlaneEndpoint;
  /** The URL nodes join: `https://<dns name or VIP>:9345`. */
  public readonly serverUrl: string;
  /** The Harvester-side objects of `harvesterIntegration`, when the cluster makes them. */
  public readonly harvesterAccess?: HarvesterCloudProviderAccess;
  /** The Harvester IPPool for guest load balancers, when `harvesterIntegration.loadBalancerPool` is set (escape hatch). */
  public readonly guestLoadBalancerPool?: ApiObject;
  private readonly integrationFiles: { all: CloudInitFile[]; servers: CloudInitFile[] } = { all: [], servers: [] };
  private readonly props: Rke2ClusterProps;
  private readonly install: Rke2InstallOptions;

  constructor(scope: Construct, id: string, props: Rke2ClusterProps) {
    super(scope, id);
    this.props = props;
    this.name = checkDnsLabel(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    this.install = {
      release: props.release, airGap: props.airGap,
      installGuestAgent: props.installGuestAgent, enableGuestAgent: props.enableGuestAgent,
    };
    props.release?._check(this, 'release');
    const cp = props.controlPlane ?? {};
    const servers = cp.replicas ?? 3;
    if (!Number.isInteger(servers) || servers < 1) throw invalid(this, 'controlPlane.replicas', servers, 'an integer ≥ 1 (a cluster needs a server)');
    if (servers % 2 === 0 && !props.allowEvenServers) {
      throw invalid(this, 'controlPlane.replicas', servers, 'an odd number of servers (etcd quorum); set allowEvenServers to override');
    }
    this.checkPoolConfig('controlPlane.config', cp.config);
    const host = props.endpoint.dnsName ?? canonicalIp(props.endpoint.vip) ?? props.endpoint.vip;
    this.serverUrl = `https://${host.includes(':') ? `[${host}]` : host}:9345`;
    this.addGuestManifests();

    this.controlPlane = new Rke2NodePool(this, 'cp', {
      ...this.poolBase('cp', Rke2Role.SERVER, cp, props.serverFiles),
      replicas: servers,
      bootstrap: (props.bootstrap ?? Rke2Bootstrap.newCluster()).startsNewCluster,
      dedicatedControlPlane: cp.dedicated,
      tlsSan: [props.endpoint.vip, ...(props.endpoint.dnsName ? [props.endpoint.dnsName] : []), ...(props.tlsSan ?? [])],
      spread: props.requireHostSpread ? HostSpread.REQUIRED : HostSpread.PREFERRED,
    });
    this.endpoint = new ControlPlaneEndpoint(this, 'endpoint', {
      ...props.endpoint,
      name: `${this.name}-vip`,
      namespace: this.namespace,
      serverVmNames: this.controlPlane.vmNames,
    });
    this.checkAddresses();
    (props.workers ?? []).forEach((w) => this.addWorkerPool(w));
    if (props.harvesterIntegration) {
      const made = this.addHarvesterObjects(props.harvesterIntegration);
      this.harvesterAccess = made.access;
      this.guestLoadBalancerPool = made.pool;
    }
  }

  /** Adds an agent pool (default name `worker`). */
  public addWorkerPool(options: Rke2WorkerPoolOptions): Rke2NodePool {
    const name = options.name ?? 'worker';
    const at = `workers[${this.workerPools.length}]`;
    if (name === 'cp' || this.workerPools.some((p) => p.name === name)) {
      throw invalid(this, `${at}.name`, name, `a pool name not used already (${['cp', ...this.workerPools.map((p) => p.name)].join(', ')})`);
    }
    this.checkPoolConfig(`${at}.config`, options.config);
    const pool = new Rke2NodePool(this, `pool-${name}`, {
      ...this.poolBase(name, Rke2Role.AGENT, options, this.props.agentFiles),
      replicas: options.replicas ?? 1,
    });
    this.workerPools.push(pool);
    this.checkAddresses();
    return pool;
  }

  /** Every pool. */
  public get pools(): Rke2NodePool[] {
    return [this.controlPlane, ...this.workerPools];
  }

  private poolBase(name: string, role: Rke2Role, pool: Rke2PoolOptions, roleFiles?: CloudInitFile[]) {
    const p = this.props;
    return {
      ...pickPoolVm(pool),
      clusterName: this.name,
      name,
      namespace: this.namespace,
      role,
      token: p.token,
      serverUrl: this.serverUrl,
      install: this.install,
      vm: {
        ...p.vm,
        cpu: pool.cpu ?? p.vm.cpu,
        memory: pool.memory ?? p.vm.memory,
        diskSize: pool.diskSize ?? p.vm.diskSize,
      },
      addresses: pool.addresses,
      nodeSubnet: { subnet: p.endpoint.subnet, gateway: p.endpoint.gateway, nameservers: p.endpoint.nameservers },
      // one shared object for the cluster-wide part, so critical values match on every server
      config: mergeConfig(mergeConfig(mergeConfig({ writeKubeconfigMode: '0640' }, p.config), this.integrationConfig()), pool.config),
      registries: p.registries,
      files: [...this.integrationFiles.all, ...(role === Rke2Role.SERVER ? this.integrationFiles.servers : []), ...(roleFiles ?? []), ...(pool.files ?? [])],
      secretOutput: p.secretOutput,
    };
  }

  private checkPoolConfig(field: string, config?: Rke2ConfigOptions): void {
    if (!config) return;
    this.checkIntegrationConfig(field, config);
    for (const key of CRITICAL) {
      if (config[key] !== undefined) throw problem(this, `${field}.${key}`, 'must be identical on every server: set it in the cluster-wide config');
    }
    for (const key of Object.keys(config.extraConfig ?? {})) {
      if (CRITICAL_EXTRA.includes(key)) throw problem(this, `${field}.extraConfig.${key}`, 'must be identical on every server: set it in the cluster-wide config');
    }
  }

  /** Rejects the VIP among node addresses, and one address on two nodes. */
  private checkAddresses(): void {
    const vip = canonicalIp(this.props.endpoint.vip);
    const seen = new Map<string, string>();
    for (const pool of this.pools) {
      pool.nodes.forEach((node) => {
        if (!node.address) return;
        const field = `${pool === this.controlPlane ? 'controlPlane' : `workers[${this.workerPools.indexOf(pool)}]`}.addresses[${node.index}]`;
        if (node.address === vip) throw invalid(this, field, node.address, `an address other than the endpoint VIP ${vip}`);
        const other = seen.get(node.address);
        if (other) throw invalid(this, field, node.address, `an address not given to another node (already node ${other})`);
        seen.set(node.address, node.name);
      });
    }
  }

  /** `cloud-provider-name: harvester` on every node with the integration. */
  private integrationConfig(): Rke2ConfigOptions | undefined {
    return this.props.harvesterIntegration ? { cloudProviderName: 'harvester' } : undefined;
  }

  /** With the integration, node name = VM name (the cloud provider finds a node's VM by it) and no other cloud provider. */
  private checkIntegrationConfig(field: string, config: Rke2ConfigOptions): void {
    if (!this.props.harvesterIntegration) return;
    if (config.cloudProviderName !== undefined && config.cloudProviderName !== 'harvester') {
      throw invalid(this, `${field}.cloudProviderName`, config.cloudProviderName, '"harvester" or unset (harvesterIntegration sets it)');
    }
    // RKE2 refuses node-external-ip with a cloud provider (rancher/rke2 pkg/cli/cmds/root.go validateCloudProvider)
    for (const key of ['node-name', 'node-external-ip']) {
      if (config.extraConfig?.[key] !== undefined) {
        throw problem(this, `${field}.extraConfig.${key}`, 'cannot be set with harvesterIntegration: the Harvester cloud provider needs node name = hostname = VM name');
      }
    }
  }

  /** The cloud-config on every node; the guest manifests (HelmChartConfig, StorageClasses, Plans) on the servers. */
  private addGuestManifests(): void {
    const p = this.props;
    const integration = p.harvesterIntegration;
    if (integration) {
      this.checkIntegrationConfig('config', p.config ?? {});
      for (const path of [Rke2HarvesterIntegration.CLOUD_CONFIG_PATH, Rke2HarvesterIntegration.LEGACY_CLOUD_CONFIG_PATH]) {
        this.integrationFiles.all.push({ path, content: `${integration.cloudConfig}`, owner: 'root:root', permissions: '0600' });
      }
      const guestName = integration.guestClusterName ?? this.name;
      checkDnsLabel(this, 'harvesterIntegration.guestClusterName', guestName);
      const classes = (integration.storageClasses ?? []).map((c, i) => guestStorageClass(this, `harvesterIntegration.storageClasses[${i}]`, c));
      const names = classes.map((c: any) => c.metadata.name as string);
      names.forEach((n, i) => {
        if (names.indexOf(n) !== i) throw invalid(this, `harvesterIntegration.storageClasses[${i}].name`, n, 'a name not used by another storage class');
      });
      this.integrationFiles.servers.push({
        path: HARVESTER_MANIFEST, content: renderManifests([cloudProviderChartConfig(guestName), ...classes]), owner: 'root:root', permissions: '0600',
      });
    }
    if (p.upgrade) {
      this.integrationFiles.servers.push({
        path: UPGRADE_MANIFEST, content: renderManifests(upgradePlans(this, 'upgrade', p.upgrade, p.release)), owner: 'root:root', permissions: '0600',
      });
    }
  }

  /** The Harvester-side objects: access for the cloud provider and CSI driver, the guest load-balancer pool. */
  private addHarvesterObjects(integration: Rke2HarvesterIntegrationOptions): { access?: HarvesterCloudProviderAccess; pool?: ApiObject } {
    const serviceAccountName = integration.serviceAccountName ?? `${this.name}-cloud-provider`;
    const access = integration.createAccess ?? true
      ? new HarvesterCloudProviderAccess(this, 'harvester-access', { serviceAccountName, namespace: this.namespace })
      : undefined;
    const pool = integration.loadBalancerPool;
    if (!pool) return { access };
    const field = 'harvesterIntegration.loadBalancerPool';
    checkDnsLabel(this, `${field}.name`, pool.name);
    if (pool.name === this.endpoint.ipPool.name) throw invalid(this, `${field}.name`, pool.name, `a name other than the endpoint's IPPool ${pool.name}`);
    const cidr = parseCidr(pool.subnet);
    if (!cidr) throw invalid(this, `${field}.subnet`, pool.subnet, 'a subnet in CIDR notation, e.g. 10.2.0.0/24');
    const inSubnet = (key: 'gateway' | 'rangeStart' | 'rangeEnd') => {
      const ip = parseIp(pool[key]);
      if (!ip || !subnetContains(cidr, ip)) throw invalid(this, `${field}.${key}`, pool[key], `an address inside ${pool.subnet}`);
      return ip;
    };
    inSubnet('gateway');
    const start = inSubnet('rangeStart');
    const end = inSubnet('rangeEnd');
    if (start.value > end.value) throw invalid(this, `${field}.rangeEnd`, pool.rangeEnd, `an address not below rangeStart ${pool.rangeStart}`);
    const vip = parseIp(this.endpoint.vip)!;
    if (vip.family === start.family && vip.value >= start.value && vip.value <= end.value) {
      throw invalid(this, `${field}.rangeEnd`, pool.rangeEnd, `a range without the endpoint VIP ${this.endpoint.vip} (two pools would claim it)`);
    }
    const guestCluster = integration.guestClusterName ?? this.name;
    // labels as load-balancer-harvester's IPPool mutator writes them (see ControlPlaneEndpoint)
    const ipPool = new ApiObject(this, 'guest-lb-pool', IpPool.manifest({
      metadata: { name: pool.name, labels: { [CREATOR_LABEL]: CREATOR_VALUE, [LB_VID_LABEL]: '0', [LB_GLOBAL_POOL_LABEL]: 'false' } },
      spec: {
        ranges: [{ subnet: pool.subnet, gateway: pool.gateway, rangeStart: formatIp(start), rangeEnd: formatIp(end) }],
        // load-balancer-harvester pkg/ipam/selector.go isMatch: project, namespace and guest cluster of the LoadBalancer
        selector: { scope: [{ project: '*', namespace: this.namespace, guestCluster }] },
      },
    }));
    ipPool.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    return { access, pool: ipPool };
  }
}

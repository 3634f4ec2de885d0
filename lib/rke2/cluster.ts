import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { NodeAddresses } from './addresses';
import { Rke2ConfigOptions } from './config';
import { ControlPlaneEndpoint, ControlPlaneEndpointOptions } from './endpoint';
import { AirGapOptions, Rke2InstallOptions } from './install';
import { HostSpread, Rke2NodePool, Rke2VmOptions } from './node-pool';
import { mergeConfig } from './private/config-file';
import { Rke2Registries } from './registries';
import { pickPoolVm } from './private/pool-vm';
import { Rke2PoolVmOptions } from './pool-vm';
import { Rke2Release } from './release';
import { Rke2Role } from './role';
import { CloudInitFile } from '../cloud-init/cloud-config';
import { invalid, problem } from '../core/private/errors';
import { canonicalIp } from '../core/private/ip';
import { checkDnsLabel } from '../core/private/names';
import { SecretValue } from '../core/secret-value';
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
}

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

    this.controlPlane = new Rke2NodePool(this, 'cp', {
      ...this.poolBase('cp', Rke2Role.SERVER, cp, props.serverFiles),
      replicas: servers,
      bootstrap: true,
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
      config: mergeConfig(mergeConfig({ writeKubeconfigMode: '0640' }, p.config), pool.config),
      registries: p.registries,
      files: [...(roleFiles ?? []), ...(pool.files ?? [])],
      secretOutput: p.secretOutput,
    };
  }

  private checkPoolConfig(field: string, config?: Rke2ConfigOptions): void {
    if (!config) return;
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
}

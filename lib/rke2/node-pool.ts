import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { NodeAddresses } from './addresses';
import { Rke2ConfigOptions, Rke2Profile } from './config';
import { Rke2InstallOptions } from './install';
import { NodeSubnetOptions } from './node-subnet';
import { Rke2PoolVmOptions } from './pool-vm';
import { configEntries, mergeConfig } from './private/config-file';
import { AIR_GAP_DIR, DOWNLOADED_SCRIPT, INSTALL_SCRIPT_URL, installEnv } from './private/install-script';
import {
  DEFAULT_DISK_NAME_PATTERN, checkDiskNamePattern, checkNetworkConfigs, checkPoolMetadata, diskName,
} from './private/pool-vm';
import { renderRegistries } from './private/registries-file';
import { ResolvedAddresses } from './private/subnet';
import { Rke2Registries } from './registries';
import { Rke2Role } from './role';
import { CloudInitFile } from '../cloud-init/cloud-config';
import { CloudInitSecret } from '../cloud-init/cloud-init-secret';
import { Command } from '../cloud-init/command';
import { renderYaml } from '../core/private/config-yaml';
import { invalid, problem } from '../core/private/errors';
import { checkDnsLabel, isDnsLabel } from '../core/private/names';
import { SecretValue } from '../core/secret-value';
import { VmAffinity } from '../harvester/affinity';
import { Firmware } from '../harvester/firmware';
import { IHarvesterImage } from '../harvester/image';
import { IHarvesterKeyPair } from '../harvester/key-pair';
import { HarvesterVm } from '../harvester/vm';
import { IVmNetwork } from '../harvester/vm-network-attachment';
import { VmFeatures } from '../harvester/vm-features';
import { DiskSource } from '../harvester/vm-disk';
import { NetworkSource } from '../harvester/vm-network';
import { HarvesterVolume } from '../harvester/volume';
import { SecretOutput } from '../secrets/secret-output';

/** How a pool's VMs are spread across Harvester hosts. */
export enum HostSpread {
  /** Prefer different hosts (soft anti-affinity). */
  PREFERRED = 'preferred',
  /** Require different hosts (hard anti-affinity: a VM stays pending without a free host). */
  REQUIRED = 'required',
  /** No rule of GitVops' own (Harvester's default applies). */
  NONE = 'none',
}

/** VM settings of RKE2 nodes. */
export interface Rke2VmOptions {
  /**
   * Boot image, `namespace/name` of a Harvester VirtualMachineImage (declared external to
   * validation). Give this or `harvesterImage`.
   * @default - none: `harvesterImage` is required
   */
  readonly image?: string;
  /**
   * Boot image by object: a `HarvesterImage` of this app or `HarvesterImage.fromName`. Give this or `image`.
   * @default - none: `image` is required
   */
  readonly harvesterImage?: IHarvesterImage;
  /**
   * The image's storage class (its `status.storageClassName`).
   * @default - with `harvesterImage`, the image's when a manifest can know it (`longhorn-<image>` before Harvester 1.8); required with `image`
   */
  readonly storageClass?: string;
  /**
   * The Harvester VM network, `namespace/name` (declared external to validation). Give this or `vmNetwork`.
   * @default - none: `vmNetwork` is required
   */
  readonly network?: string;
  /**
   * The VM network by object: a `VmNetwork` of this app or `VmNetwork.fromName` (its cluster
   * network comes with it). Give this or `network`.
   * @default - none: `network` is required
   */
  readonly vmNetwork?: IVmNetwork;
  /**
   * The cluster network of `network` (see `VmNetworkSourceOptions.clusterNetwork`); a `vmNetwork` brings its own.
   * @default - unknown: Harvester adds the node affinity term on create
   */
  readonly clusterNetwork?: string;
  /** Boot disk size. @default Size.gibibytes(40) */
  readonly diskSize?: Size;
  /** vCPUs (cores). @default 4 */
  readonly cpu?: number;
  /** Memory. @default Size.gibibytes(8) */
  readonly memory?: Size;
  /** SSH public keys for the image's default user. @default - none */
  readonly sshKeys?: string[];
  /** Harvester KeyPairs (`ns/name`) shown in the UI. @default - none */
  readonly sshKeyPairs?: string[];
  /** Harvester KeyPairs by object (`HarvesterKeyPair` or `HarvesterKeyPair.fromName`): shown in the UI, their keys in every node's cloud-init. @default - none */
  readonly keyPairs?: IHarvesterKeyPair[];
  /** Firmware. @default Firmware.bios() */
  readonly firmware?: Firmware;
  /** Guest features, e.g. `{ acpi: true }`. @default - KubeVirt's defaults */
  readonly features?: VmFeatures;
}

/** Props of an Rke2NodePool. */
export interface Rke2NodePoolProps extends Rke2PoolVmOptions {
  /** The cluster's name: prefix of every object name. */
  readonly clusterName: string;
  /** Pool name (`cp`, `worker`, …): part of every object name. */
  readonly name: string;
  /** Namespace. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** Server or agent. */
  readonly role: Rke2Role;
  /** Number of nodes. */
  readonly replicas: number;
  /** The cluster token. */
  readonly token: SecretValue;
  /** The first node starts a new cluster (server pools only); every other node joins `serverUrl`. @default false */
  readonly bootstrap?: boolean;
  /** Join URL, `https://<endpoint>:9345`. Required unless every node bootstraps (a 1-node pool with bootstrap). @default - none */
  readonly serverUrl?: string;
  /** Which RKE2 to install. @default - the stable channel, downloaded */
  readonly install?: Rke2InstallOptions;
  /** VM settings. */
  readonly vm: Rke2VmOptions;
  /** Node addresses. @default NodeAddresses.dhcp() */
  readonly addresses?: NodeAddresses;
  /** The subnet static addresses are in, when `addresses` names none. @default - none */
  readonly nodeSubnet?: NodeSubnetOptions;
  /** RKE2 configuration. @default - RKE2's defaults */
  readonly config?: Rke2ConfigOptions;
  /** Extra TLS SANs (servers); the node name is always added. @default - none */
  readonly tlsSan?: string[];
  /** Private registries. @default - none */
  readonly registries?: Rke2Registries;
  /** Extra files, e.g. HelmChart manifests under /var/lib/rancher/rke2/server/manifests/. @default - none */
  readonly files?: CloudInitFile[];
  /** Spread across hosts. @default HostSpread.PREFERRED for servers, HostSpread.NONE for agents */
  readonly spread?: HostSpread;
  /** Label value of the anti-affinity group. @default - `<cluster>-<pool>` */
  readonly spreadGroup?: string;
  /** Servers run no workloads (`CriticalAddonsOnly=true:NoExecute`). @default false */
  readonly dedicatedControlPlane?: boolean;
  /** How the cloud-init Secrets (holding the token) are written. @default - the scope's default */
  readonly secretOutput?: SecretOutput;
}

/** One node: its cloud-init Secret, boot volume and VM. */
export interface Rke2Node {
  /** Node index in the pool. */
  readonly index: number;
  /** Node (and VM, and host) name. */
  readonly name: string;
  /** Static address, if any. @default - none (DHCP) */
  readonly address?: string;
  /** Cloud-init. */
  readonly cloudInit: CloudInitSecret;
  /** Boot volume. */
  readonly volume: HarvesterVolume;
  /** The VM. */
  readonly vm: HarvesterVm;
}

const CONFIG_PATH = '/etc/rancher/rke2/config.yaml';
const REGISTRIES_PATH = '/etc/rancher/rke2/registries.yaml';
const CIS_SYSCTL = '/etc/sysctl.d/60-rke2-cis.conf';

/** A pool of RKE2 nodes on Harvester VMs; usable alone to add nodes to an existing cluster. */
export class Rke2NodePool extends Construct {
  /** Label on every object of a pool: the cluster's name. */
  public static readonly CLUSTER_LABEL = 'gitvops.io/rke2-cluster';
  /** Label on every object of a pool: the pool's name. */
  public static readonly POOL_LABEL = 'gitvops.io/rke2-pool';
  /** Label on every object of a pool: the role (`server` or `agent`). */
  public static readonly ROLE_LABEL = 'gitvops.io/rke2-role';

  /** Pool name. */
  public readonly name: string;
  /** Role. */
  public readonly role: Rke2Role;
  /** Namespace. */
  public readonly namespace: string;
  /** The nodes, in index order. */
  public readonly nodes: Rke2Node[] = [];
  private readonly resolved: ResolvedAddresses;

  constructor(scope: Construct, id: string, props: Rke2NodePoolProps) {
    super(scope, id);
    this.name = props.name;
    this.role = props.role;
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    checkDnsLabel(this, 'clusterName', props.clusterName);
    checkDnsLabel(this, 'name', props.name);
    if (!Number.isInteger(props.replicas) || props.replicas < 0) throw invalid(this, 'replicas', props.replicas, 'an integer ≥ 0');
    props.install?.release?._check(this, 'install.release');
    const server = props.role === Rke2Role.SERVER;
    if (props.bootstrap && !server) throw problem(this, 'bootstrap', 'only a server pool can bootstrap a cluster');
    if (props.dedicatedControlPlane && !server) throw problem(this, 'dedicatedControlPlane', 'applies to server pools only');
    if (!props.serverUrl && !(props.bootstrap && props.replicas <= 1)) {
      throw problem(this, 'serverUrl', 'is required: nodes that do not bootstrap join https://<endpoint>:9345');
    }
    if (props.serverUrl !== undefined && !/^https:\/\/[^\s/]+:9345$/.test(props.serverUrl)) {
      throw invalid(this, 'serverUrl', props.serverUrl, 'https://<address or DNS name>:9345');
    }
    if (props.diskNamePattern !== undefined) checkDiskNamePattern(this, props.diskNamePattern);
    checkPoolMetadata(this, props, Object.keys(this.labels(props)));
    this.checkVmRefs(props.vm);
    this.checkNameLengths(props);
    this.resolved = (props.addresses ?? NodeAddresses.dhcp())._resolve(this, 'addresses', props.replicas, props.nodeSubnet);
    checkNetworkConfigs(this, props, props.replicas, !(props.addresses ?? NodeAddresses.dhcp()).isDhcp);
    // what every node of the pool shares is checked and rendered once
    const registries = props.registries ? renderYaml(renderRegistries(this, 'registries', props.registries)) : undefined;
    const config = this.sharedConfig(props);
    for (let i = 0; i < props.replicas; i++) this.nodes.push(this.addNode(props, i, registries, config));
  }

  /** The VM names, in index order. */
  public get vmNames(): string[] {
    return this.nodes.map((n) => n.name);
  }

  private checkNameLengths(props: Rke2NodePoolProps): void {
    const last = Math.max(props.replicas - 1, 0);
    const names = [
      ['vm name', `${props.clusterName}-${props.name}-${last}`],
      ['cloud-init Secret name', `${props.clusterName}-${props.name}-${last}-cloudinit`],
      ['volume name', diskName(props.diskNamePattern ?? DEFAULT_DISK_NAME_PATTERN, props.clusterName, props.name, last)],
    ];
    for (const [what, name] of names) {
      if (!isDnsLabel(name) && what === 'volume name' && props.diskNamePattern !== undefined) {
        throw invalid(this, 'diskNamePattern', props.diskNamePattern, `a pattern that keeps the volume name "${name}" (${name.length} characters) a DNS-1123 label of at most 63`);
      }
      if (!isDnsLabel(name)) {
        throw invalid(this, 'name', props.name, `a cluster and pool name short enough that the ${what} "${name}" (${name.length} characters) stays a DNS-1123 label of at most 63`);
      }
    }
  }

  private checkVmRefs(vm: Rke2VmOptions): void {
    if (vm.image !== undefined && vm.harvesterImage !== undefined) throw problem(this, 'vm.image', 'cannot specify both vm.image and vm.harvesterImage');
    if (vm.image === undefined && vm.harvesterImage === undefined) throw problem(this, 'vm.image', 'is required: give vm.image ("namespace/name") or vm.harvesterImage (a HarvesterImage)');
    if (vm.network !== undefined && vm.vmNetwork !== undefined) throw problem(this, 'vm.network', 'cannot specify both vm.network and vm.vmNetwork');
    if (vm.network === undefined && vm.vmNetwork === undefined) throw problem(this, 'vm.network', 'is required: give vm.network ("namespace/name") or vm.vmNetwork (a VmNetwork)');
    if (vm.vmNetwork !== undefined && vm.clusterNetwork !== undefined) throw problem(this, 'vm.clusterNetwork', 'comes with vm.vmNetwork (its cluster network): give it only with vm.network');
    if (vm.image !== undefined && vm.storageClass === undefined) throw problem(this, 'vm.storageClass', 'is required with vm.image: the image\'s storage class (its status.storageClassName)');
  }

  private addNode(props: Rke2NodePoolProps, index: number, registries: string | undefined, config: [string, unknown][]): Rke2Node {
    const node = new Construct(this, String(index));
    const name = `${props.clusterName}-${props.name}-${index}`;
    const server = props.role === Rke2Role.SERVER;
    const vmOptions = props.vm;
    const disk = {
      name: diskName(props.diskNamePattern ?? DEFAULT_DISK_NAME_PATTERN, props.clusterName, props.name, index),
      namespace: this.namespace,
      size: vmOptions.diskSize ?? Size.gibibytes(40),
      accessMode: props.diskAccessMode,
      volumeMode: props.diskVolumeMode,
      labels: this.labels(props),
    };
    const volume = vmOptions.harvesterImage
      ? HarvesterVolume.fromHarvesterImage(node, 'disk', { ...disk, image: vmOptions.harvesterImage, storageClass: vmOptions.storageClass })
      : HarvesterVolume.fromImage(node, 'disk', { ...disk, image: vmOptions.image!, storageClass: vmOptions.storageClass! });
    const install = props.install ?? {};
    const spread = props.spread ?? (server ? HostSpread.PREFERRED : HostSpread.NONE);
    const group = props.spreadGroup ?? `${props.clusterName}-${props.name}`;
    // the VM owns its cloud-init Secret (`<name>-cloudinit`)
    const vm = new HarvesterVm(node, 'vm', {
      name,
      namespace: this.namespace,
      cpu: { cores: vmOptions.cpu ?? 4 },
      memory: vmOptions.memory ?? Size.gibibytes(8),
      firmware: vmOptions.firmware,
      features: vmOptions.features,
      disks: [{ name: 'disk-0', source: DiskSource.volume(volume), bootOrder: 1 }],
      networks: [{ name: 'default', source: vmOptions.vmNetwork ? NetworkSource.fromVmNetwork(vmOptions.vmNetwork) : NetworkSource.vmNetwork(vmOptions.network!, { clusterNetwork: vmOptions.clusterNetwork }) }],
      userData: {
        hostname: name,
        sshAuthorizedKeys: vmOptions.sshKeys,
        packages: install.installGuestAgent === false ? [] : ['qemu-guest-agent'],
      },
      networkConfig: props.networkConfigs?.[index] ?? (props.addresses ?? NodeAddresses.dhcp())._networkConfig(this.resolved, index),
      secretOutput: props.secretOutput,
      sshKeyPairs: vmOptions.sshKeyPairs,
      keyPairs: vmOptions.keyPairs,
      affinity: spread === HostSpread.NONE ? undefined : VmAffinity.spreadAcrossHosts(group, { required: spread === HostSpread.REQUIRED }),
      labels: { ...props.vmLabels, ...this.labels(props) },
      annotations: props.vmAnnotations,
      templateLabels: { ...props.templateLabels, ...this.labels(props) },
    });
    const cloudInit = vm.userData!;
    cloudInit.addFile({ path: CONFIG_PATH, content: this.renderConfig(props, name, index, config), owner: 'root:root', permissions: '0600' });
    if (registries) cloudInit.addFile({ path: REGISTRIES_PATH, content: registries, owner: 'root:root', permissions: '0600' });
    (props.files ?? []).forEach((f) => cloudInit.addFile(f));
    this.addInstallCommands(cloudInit, props, server);
    return { index, name, address: this.resolved.addresses[index], cloudInit, volume, vm };
  }

  private labels(props: Rke2NodePoolProps): { [key: string]: string } {
    return { [Rke2NodePool.CLUSTER_LABEL]: props.clusterName, [Rke2NodePool.POOL_LABEL]: props.name, [Rke2NodePool.ROLE_LABEL]: props.role };
  }

  /** The node's config.yaml: token, join URL, TLS SANs, then the typed and passthrough keys. */
  private renderConfig(props: Rke2NodePoolProps, name: string, index: number, config: [string, unknown][]): string {
    const doc: { [key: string]: any } = { token: `${props.token}` };
    if (!(props.bootstrap && index === 0)) doc.server = props.serverUrl;
    if (props.role === Rke2Role.SERVER) doc['tls-san'] = [...new Set([name, ...(props.tlsSan ?? [])])];
    for (const [key, value] of config) doc[key] = value;
    return renderYaml(doc);
  }

  /** The typed and passthrough config.yaml keys, the same on every node of the pool. */
  private sharedConfig(props: Rke2NodePoolProps): [string, unknown][] {
    const config: Rke2ConfigOptions = mergeConfig(props.config, {
      nodeTaints: props.dedicatedControlPlane ? ['CriticalAddonsOnly=true:NoExecute'] : undefined,
    });
    return [...configEntries(this, 'config', config, props.role === Rke2Role.SERVER)];
  }

  private addInstallCommands(cloudInit: CloudInitSecret, props: Rke2NodePoolProps, server: boolean): void {
    const install = props.install ?? {};
    const role = server ? Rke2Role.SERVER : Rke2Role.AGENT;
    const cis = props.config?.profile === Rke2Profile.CIS;
    if (install.enableGuestAgent !== false) cloudInit.addCommand(Command.exec('systemctl', 'enable', '--now', 'qemu-guest-agent.service'));
    if (cis && server) cloudInit.addCommand(Command.shell('id -u etcd >/dev/null 2>&1 || useradd -r -c "etcd user" -s /sbin/nologin -M -U etcd'));
    let script = DOWNLOADED_SCRIPT;
    if (install.airGap) {
      script = install.airGap.installScriptPath ?? `${AIR_GAP_DIR}/install.sh`;
    } else {
      cloudInit.addCommand(Command.exec('curl', '-sfL', INSTALL_SCRIPT_URL, '-o', DOWNLOADED_SCRIPT));
    }
    cloudInit.addCommand(Command.exec('env', ...installEnv(install, role), 'sh', script));
    if (cis) {
      cloudInit.addCommand(Command.shell(`cp -f /usr/local/share/rke2/rke2-cis-sysctl.conf ${CIS_SYSCTL} 2>/dev/null || cp -f /usr/share/rke2/rke2-cis-sysctl.conf ${CIS_SYSCTL}`));
      cloudInit.addCommand(Command.exec('systemctl', 'restart', 'systemd-sysctl'));
    }
    cloudInit.addCommand(Command.exec('systemctl', 'enable', '--now', `rke2-${role}.service`));
  }
}

import { ApiObject, Chart, Duration, Lazy, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { VmAffinity } from './affinity';
import { IHarvesterKeyPair } from './key-pair';
import { Firmware } from './firmware';
import { renderFeatures } from './private/features';
import { VmFeatures } from './vm-features';
import { kubevirtJson } from './private/kubevirt-json';
import {
  DEFAULT_ARCHITECTURE, DEFAULT_MACHINE_TYPE, ResourcePatch, affinityPatch, derivedFirmwareIdentity, derivedMac, resourcePatch,
} from '../platform/private/mutator-parity';
import { VmDisk } from './vm-disk';
import { VmInterface } from './vm-network';
import {
  VirtualMachine,
  VirtualMachineSpec,
  VirtualMachineSpecTemplateSpecAffinity,
  VirtualMachineSpecTemplateSpecDomainDevicesDisks,
  VirtualMachineSpecTemplateSpecDomainDevicesInterfaces,
  VirtualMachineSpecTemplateSpecDomainMemoryGuest,
  VirtualMachineSpecTemplateSpecDomainResourcesLimits,
  VirtualMachineSpecTemplateSpecDomainResourcesRequests,
  VirtualMachineSpecTemplateSpecNetworks,
  VirtualMachineSpecTemplateSpecVolumes,
} from '../../imports/kubevirt.io';
import { CloudConfigOptions } from '../cloud-init/cloud-config';
import { CloudInitSecret, ICloudInitSecret } from '../cloud-init/cloud-init-secret';
import { NetworkConfig } from '../cloud-init/network-config';
import { invalid, problem } from '../core/private/errors';
import { checkDnsLabel, isDnsLabel, parseNamespacedName } from '../core/private/names';
import { sizeInKib, sizeToQuantity } from '../core/private/quantity';
import { warnOnce } from '../core/private/warnings';
import { HarvesterVersion, MaintainModeStrategy } from '../platform/harvester';
import { HarvesterSettings } from '../platform/harvester-settings';
import { targetOf } from '../platform/private/target-scope';
import { DiskBus, EvictionStrategy, InterfaceBinding, InterfaceModel, RunStrategy } from '../platform/kubevirt';
import {
  CLOUD_INIT_DISK, DEVICE_NAME, EMULATED_MACHINES, INTERFACE_MODELS, machineTypeAllowed, MAC_ADDRESS, RESTRICTED_VMI_LABELS, cdromBusAllowed, oneOf, readOnlyAllowed,
} from '../platform/private/facts';
import {
  CPU_MEMORY_HOTPLUG_ANNOTATION, CREATOR_LABEL, CREATOR_VALUE, MAINTAIN_MODE_LABEL, RESERVED_MEMORY_ANNOTATION, SSH_NAMES_ANNOTATION, VM_NAME_LABEL,
} from '../platform/private/labels';
import { SecretOutput } from '../secrets/secret-output';
import { SynthValidation } from '../validation/synth-validation';

/** CPU topology. vCPUs = cores × sockets × threads. */
export interface CpuTopology {
  /** Cores per socket. @default 2 */
  readonly cores?: number;
  /**
   * Sockets. More than 1 needs `cpuAndMemoryHotplug`: without it Harvester's mutator sets
   * `maxSockets` to 1 and KubeVirt refuses the VM.
   * @default 1
   */
  readonly sockets?: number;
  /** Threads per core. @default 1 */
  readonly threads?: number;
}

/** Props of a HarvesterVm. */
export interface HarvesterVmProps {
  /** VM name (a DNS-1123 label; explicit and stable). */
  readonly name: string;
  /** Namespace. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** CPU topology. @default - 2 cores, 1 socket, 1 thread */
  readonly cpu?: CpuTopology;
  /** Memory limit of the VM. @default Size.gibibytes(4) */
  readonly memory?: Size;
  /**
   * Memory reserved for the hypervisor inside the limit (annotation
   * `harvesterhci.io/reservedMemory`); the guest gets memory − reserved.
   * @default - none; the guest gets the whole limit (less 100 MiB when the cluster's
   * `additional-guest-memory-overhead-ratio` setting is 0)
   */
  readonly reservedMemory?: Size;
  /**
   * Let the VM's CPU sockets and memory be changed while it runs (Harvester annotation
   * `harvesterhci.io/enableCPUAndMemoryHotplug`); needed for more than one socket.
   * @default false
   */
  readonly cpuAndMemoryHotplug?: boolean;
  /** Run strategy. @default RunStrategy.RERUN_ON_FAILURE */
  readonly runStrategy?: RunStrategy;
  /** Machine type, e.g. `q35`. @default 'q35' (KubeVirt's default on amd64, written out) */
  readonly machineType?: string;
  /** Boot firmware. @default Firmware.bios() */
  readonly firmware?: Firmware;
  /** Guest features (ACPI, APIC, SMM, …). @default - KubeVirt's defaults (and SMM as the firmware needs) */
  readonly features?: VmFeatures;
  /** Add a (non-persistent) TPM 2.0 device. @default false */
  readonly tpm?: boolean;
  /** Guest hostname. @default - the VM name */
  readonly hostname?: string;
  /** Disks. More can be added with `addDisk`. @default - none */
  readonly disks?: VmDisk[];
  /** Network interfaces. More can be added with `addNetwork`. @default - none */
  readonly networks?: VmInterface[];
  /**
   * The VM's cloud-config (user data). The VM writes it into a cloud-init Secret of its own,
   * `<name>-cloudinit` (see `HarvesterVm.userData`), as an EC2 Instance owns its UserData.
   * Not together with `cloudInit`.
   * @default - no user data of the VM's own
   */
  readonly userData?: CloudConfigOptions;
  /**
   * The VM's network-config (network data), written into the VM's own cloud-init Secret.
   * Not together with `cloudInit`.
   * @default - none; the guest uses its image's default (usually DHCP)
   */
  readonly networkConfig?: NetworkConfig;
  /**
   * How the VM's own cloud-init Secret is written when it holds SecretValues.
   * @default - the scope's default (`SecretOutput.setDefault`)
   */
  readonly secretOutput?: SecretOutput;
  /**
   * A cloud-init Secret made elsewhere (a shared `CloudInitSecret`, or
   * `CloudInitSecret.fromSecretName`). Not together with `userData` / `networkConfig`.
   * @default - the VM's own, when `userData` or `networkConfig` is given; else no cloud-init disk
   */
  readonly cloudInit?: ICloudInitSecret;
  /** Harvester KeyPairs (`ns/name`) shown for this VM in the UI. @default - none */
  readonly sshKeyPairs?: string[];
  /**
   * Harvester key pairs by object (`HarvesterKeyPair`, or `HarvesterKeyPair.fromName`): listed in
   * the `harvesterhci.io/sshNames` annotation with `sshKeyPairs`, and — when the VM has its own
   * cloud-init and the key is known — its public key added to `ssh_authorized_keys`, as Harvester's
   * UI does.
   * @default - none
   */
  readonly keyPairs?: IHarvesterKeyPair[];
  /** Put the public keys of `keyPairs` into the VM's own cloud-init. @default true */
  readonly keyPairsInCloudInit?: boolean;
  /** Node selector. @default - none */
  readonly nodeSelector?: { [key: string]: string };
  /** Placement (e.g. `VmAffinity.spreadAcrossHosts(group)`). @default - Harvester's defaults */
  readonly affinity?: VmAffinity;
  /** Eviction strategy. @default EvictionStrategy.LIVE_MIGRATE */
  readonly evictionStrategy?: EvictionStrategy;
  /** Grace period for a guest shutdown. @default Duration.seconds(120) */
  readonly terminationGracePeriod?: Duration;
  /** What Harvester does in host maintenance. @default - Harvester's default (Migrate) */
  readonly maintainModeStrategy?: MaintainModeStrategy;
  /** Extra labels on the VM and on the cloud-init Secret it owns. @default - none */
  readonly labels?: { [key: string]: string };
  /** Extra annotations on the VM. @default - none */
  readonly annotations?: { [key: string]: string };
  /** Extra labels on the VM template (and so on its pod). @default - none */
  readonly templateLabels?: { [key: string]: string };
}

/** A Harvester virtual machine: a `kubevirt.io/v1 VirtualMachine`. */
export class HarvesterVm extends Construct {
  /** VM name. */
  public readonly name: string;
  /** VM namespace. */
  public readonly namespace: string;
  /** The generated VirtualMachine (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The cloud-init Secret the VM mounts, if any: its own or the one passed as `cloudInit`. */
  public readonly cloudInit?: ICloudInitSecret;
  /**
   * The VM's own cloud-init Secret (from `userData` / `networkConfig`): add files, commands and
   * packages to it. Undefined when the VM has none of its own.
   */
  public readonly userData?: CloudInitSecret;
  private readonly props: HarvesterVmProps;
  private readonly diskEntries: VmDisk[] = [];
  private readonly networkEntries: VmInterface[] = [];
  private readonly memoryQuantity: string;
  private readonly domainFeatures?: { [key: string]: any };

  constructor(scope: Construct, id: string, props: HarvesterVmProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.props = props;
    this.name = checkDnsLabel(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    checkDnsLabel(this, 'hostname', props.hostname ?? this.name);
    const cpu = props.cpu ?? {};
    for (const key of ['cores', 'sockets', 'threads'] as const) {
      const value = cpu[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 512)) {
        throw invalid(this, `cpu.${key}`, value, 'an integer from 1 to 512');
      }
    }
    if ((cpu.sockets ?? 1) > 1 && !props.cpuAndMemoryHotplug) {
      throw invalid(this, 'cpu.sockets', cpu.sockets, '1 unless cpuAndMemoryHotplug is true (Harvester\'s mutator sets maxSockets to 1 and KubeVirt then refuses sockets > maxSockets)');
    }
    this.memoryQuantity = sizeToQuantity(this, 'memory', this.memory);
    this.domainFeatures = renderFeatures(this, props.firmware ?? Firmware.bios(), props.features);
    if (props.reservedMemory !== undefined) {
      const reserved = sizeToQuantity(this, 'reservedMemory', props.reservedMemory);
      if (sizeInKib(props.reservedMemory) >= sizeInKib(this.memory)) {
        throw invalid(this, 'reservedMemory', reserved, `less than memory (${this.memoryQuantity})`);
      }
    }
    if (props.machineType !== undefined && !machineTypeAllowed(props.machineType)) {
      throw invalid(this, 'machineType', props.machineType, `a machine type KubeVirt accepts by default (${oneOf(EMULATED_MACHINES)})`);
    }
    const grace = props.terminationGracePeriod?.toSeconds();
    if (grace !== undefined && (!Number.isInteger(grace) || grace < 0)) {
      throw invalid(this, 'terminationGracePeriod', grace, 'a whole number of seconds ≥ 0');
    }
    if (props.cloudInit && (props.userData || props.networkConfig)) {
      throw problem(this, 'cloudInit', 'give either cloudInit (a Secret made elsewhere) or userData / networkConfig (the VM\'s own Secret), not both');
    }
    if (props.cloudInit && props.cloudInit.namespace !== this.namespace) {
      throw invalid(this, 'cloudInit', `${props.cloudInit.namespace}/${props.cloudInit.name}`, `a cloud-init Secret in the VM's namespace (${this.namespace})`);
    }
    if (props.userData || props.networkConfig) {
      this.userData = new CloudInitSecret(this, 'CloudInit', {
        ...props.userData,
        name: `${this.name}-cloudinit`,
        namespace: this.namespace,
        networkConfig: props.networkConfig,
        secretOutput: props.secretOutput,
        labels: props.labels,
      });
    }
    this.cloudInit = props.cloudInit ?? this.userData;
    for (const k of props.keyPairs ?? []) {
      if (this.userData && k.publicKey && props.keyPairsInCloudInit !== false) this.userData.addSshKey(k.publicKey);
    }
    (props.sshKeyPairs ?? []).forEach((k, i) => parseNamespacedName(this, `sshKeyPairs[${i}]`, k, this.namespace));
    const reserved = Object.keys({ ...props.templateLabels, ...props.affinity?.templateLabels }).find((k) => RESTRICTED_VMI_LABELS.includes(k));
    if (reserved) throw invalid(this, 'templateLabels', reserved, `a label key other than KubeVirt's own (${RESTRICTED_VMI_LABELS.join(', ')})`);
    props.disks?.forEach((d) => this.addDisk(d));
    props.networks?.forEach((n) => this.addNetwork(n));

    // A plain ApiObject with the imported kind's GVK, the spec typed with the imported
    // interfaces: the generated class would re-map its JSON after JSON patches are applied and
    // drop patched fields it has no type for. kubevirtJson writes what the generated
    // toJson_VirtualMachineSpec writes, in one pass (see its TSDoc; a test compares both).
    this.apiObject = new ApiObject(this, 'Resource', {
      ...VirtualMachine.GVK,
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: this.vmLabels(),
        annotations: this.vmAnnotations(),
      },
      spec: Lazy.any({ produce: () => kubevirtJson(this.renderSpec()) }),
    });
  }

  /** Memory limit. */
  public get memory(): Size {
    return this.props.memory ?? Size.gibibytes(4);
  }

  /** The disks, in order (a copy; add with `addDisk`). */
  public get disks(): VmDisk[] {
    return [...this.diskEntries];
  }

  /** The interfaces, in order (a copy; add with `addNetwork`). */
  public get networks(): VmInterface[] {
    return [...this.networkEntries];
  }

  /** Adds a disk; checks name, bus, boot order and volume namespace. */
  public addDisk(disk: VmDisk): void {
    const at = `disks[${this.diskEntries.length}]`;
    // KubeVirt turns a disk name into a container name (vmi-create-admitter.go validateDiskNameAsContainerName)
    if (!isDnsLabel(disk.name) || disk.name === CLOUD_INIT_DISK) {
      throw invalid(this, `${at}.name`, disk.name, `a DNS-1123 label (a-z, 0-9, "-", at most 63 characters) other than "${CLOUD_INIT_DISK}"`);
    }
    if (this.diskEntries.some((d) => d.name === disk.name)) throw invalid(this, `${at}.name`, disk.name, 'a disk name not used already');
    const bus = this.busOf(disk);
    if (disk.cdrom && !cdromBusAllowed(bus)) throw invalid(this, `${at}.bus`, bus, 'sata, scsi or usb for a CD-ROM (not virtio)');
    if (disk.readOnly && !readOnlyAllowed(bus, disk.cdrom ?? false)) throw invalid(this, `${at}.readOnly`, true, 'false on the sata bus');
    this.checkBootOrder(`${at}.bootOrder`, disk.bootOrder);
    const volume = disk.source.harvesterVolume;
    if (volume && volume.namespace !== this.namespace) {
      throw invalid(this, `${at}.source`, `${volume.namespace}/${volume.claimName}`, `a volume in the VM's namespace (${this.namespace})`);
    }
    this.diskEntries.push(disk);
  }

  /** Adds a network interface; checks name, binding, model, MAC and boot order. */
  public addNetwork(network: VmInterface): void {
    const at = `networks[${this.networkEntries.length}]`;
    if (!DEVICE_NAME.test(network.name)) throw invalid(this, `${at}.name`, network.name, `a name matching ${DEVICE_NAME}`);
    if (this.networkEntries.some((n) => n.name === network.name)) throw invalid(this, `${at}.name`, network.name, 'an interface name not used already');
    if (network.binding === InterfaceBinding.MASQUERADE && !network.source.isPod) {
      throw invalid(this, `${at}.binding`, network.binding, 'bridge on a VM network (masquerade works only on the pod network)');
    }
    if (network.model !== undefined && !INTERFACE_MODELS.includes(network.model)) {
      throw invalid(this, `${at}.model`, network.model, oneOf(INTERFACE_MODELS));
    }
    if (network.macAddress !== undefined && !MAC_ADDRESS.test(network.macAddress)) {
      throw invalid(this, `${at}.macAddress`, network.macAddress, 'a MAC address such as 52:54:00:ab:cd:ef');
    }
    if (network.macAddress !== undefined && this.networkEntries.some((n) => n.macAddress?.toLowerCase() === network.macAddress!.toLowerCase())) {
      throw invalid(this, `${at}.macAddress`, network.macAddress, 'a MAC address not used by another interface');
    }
    network.source._toNetworkSource(this, `${at}.source`, this.namespace);
    network.source._bind(this, `${at}.source`, this.namespace);
    this.checkBootOrder(`${at}.bootOrder`, network.bootOrder);
    this.networkEntries.push(network);
  }

  private busOf(disk: VmDisk): DiskBus {
    return disk.bus ?? (disk.cdrom ? DiskBus.SATA : DiskBus.VIRTIO);
  }

  private checkBootOrder(field: string, order: number | undefined): void {
    if (order === undefined) return;
    if (!Number.isInteger(order) || order < 1) throw invalid(this, field, order, 'an integer ≥ 1');
    const taken = [...this.diskEntries, ...this.networkEntries].find((d) => d.bootOrder === order);
    if (taken) throw invalid(this, field, order, `a boot order not used already (taken by "${taken.name}")`);
  }

  private vmLabels(): { [key: string]: string } {
    const labels: { [key: string]: string } = { [CREATOR_LABEL]: CREATOR_VALUE, ...this.props.labels };
    if (this.props.maintainModeStrategy) labels[MAINTAIN_MODE_LABEL] = this.props.maintainModeStrategy;
    return labels;
  }

  private vmAnnotations(): { [key: string]: string } | undefined {
    const annotations: { [key: string]: string } = { ...this.props.annotations };
    if (this.props.reservedMemory) annotations[RESERVED_MEMORY_ANNOTATION] = sizeToQuantity(this, 'reservedMemory', this.props.reservedMemory);
    if (this.props.cpuAndMemoryHotplug) annotations[CPU_MEMORY_HOTPLUG_ANNOTATION] = 'true';
    return Object.keys(annotations).length ? annotations : undefined;
  }

  /** Requests and guest memory as Harvester's mutator computes them for this cluster's settings. */
  private resources(settings: HarvesterSettings, vcpus: number): ResourcePatch {
    const reserved = this.props.reservedMemory;
    return resourcePatch(settings, BigInt(vcpus) * 1000n, BigInt(sizeInKib(this.memory)) * 1024n, reserved ? BigInt(sizeInKib(reserved)) * 1024n : undefined);
  }

  /** The VM's node affinity as Harvester's mutator rebuilds it: a term per VM network's cluster network. */
  private affinity(): VirtualMachineSpecTemplateSpecAffinity {
    const unknown = this.networkEntries.filter((n) => !n.source.isPod && n.source.clusterNetwork === undefined);
    if (unknown.length) {
      warnOnce(`${this.node.path}: the cluster network of ${unknown.map((n) => `"${n.name}" (${n.source.networkName})`).join(', ')} is not given `
        + '(NetworkSource.fromVmNetwork(network), or NetworkSource.vmNetwork(name, { clusterNetwork })): Harvester adds its node affinity term on create, a difference from the manifest');
    }
    const networks = [...new Set(this.networkEntries.map((n) => n.source.clusterNetwork).filter((c): c is string => c !== undefined))];
    return affinityPatch(this.props.affinity?.affinity, networks) as VirtualMachineSpecTemplateSpecAffinity;
  }

  private templateMetadata(): { [key: string]: any } {
    const labels: { [key: string]: string } = {
      [CREATOR_LABEL]: CREATOR_VALUE,
      [VM_NAME_LABEL]: this.name,
      ...this.props.affinity?.templateLabels,
      ...this.props.templateLabels,
    };
    const metadata: { [key: string]: any } = { labels };
    const keys = this.props.sshKeyPairs ?? [];
    if (keys.length || this.props.keyPairs?.length) {
      const names = [...new Set([
        ...keys.map((k) => parseNamespacedName(this, 'sshKeyPairs', k, this.namespace)).map((r) => `${r.namespace}/${r.name}`),
        ...(this.props.keyPairs ?? []).map((k) => `${k.namespace}/${k.keyPairName}`),
      ])];
      metadata.annotations = { [SSH_NAMES_ANNOTATION]: JSON.stringify(names) };
    }
    return metadata;
  }

  private renderSpec(): VirtualMachineSpec {
    const p = this.props;
    const cpu = { cores: p.cpu?.cores ?? 2, sockets: p.cpu?.sockets ?? 1, threads: p.cpu?.threads ?? 1 };
    const firmware = p.firmware ?? Firmware.bios();
    const disks: VirtualMachineSpecTemplateSpecDomainDevicesDisks[] = this.diskEntries.map((d) => {
      const target = { bus: this.busOf(d), ...(d.readOnly ? { readonly: true } : {}) };
      return { name: d.name, ...(d.cdrom ? { cdrom: target } : { disk: target }), bootOrder: d.bootOrder };
    });
    const volumes: VirtualMachineSpecTemplateSpecVolumes[] = this.diskEntries.map((d) => ({ name: d.name, ...d.source._toVolumeSource() }));
    const cloudInit = this.cloudInit;
    if (cloudInit) {
      disks.push({ name: CLOUD_INIT_DISK, disk: { bus: DiskBus.VIRTIO } });
      volumes.push({
        name: CLOUD_INIT_DISK,
        cloudInitNoCloud: {
          secretRef: { name: cloudInit.name },
          ...(cloudInit.hasNetworkData ? { networkDataSecretRef: { name: cloudInit.name } } : {}),
        },
      });
    }
    const interfaces: VirtualMachineSpecTemplateSpecDomainDevicesInterfaces[] = this.networkEntries.map((n) => {
      const binding = n.binding ?? (n.source.isPod ? InterfaceBinding.MASQUERADE : InterfaceBinding.BRIDGE);
      return {
        name: n.name,
        model: n.model ?? InterfaceModel.VIRTIO,
        [binding]: {},
        macAddress: n.macAddress?.toLowerCase().replace(/-/g, ':') ?? derivedMac(this.namespace, this.name, n.name),
        bootOrder: n.bootOrder,
      };
    });
    const networks = this.networkEntries.map((n, i) => ({
      name: n.name,
      ...n.source._toNetworkSource(this, `networks[${i}].source`, this.namespace),
    })) as VirtualMachineSpecTemplateSpecNetworks[];
    const vcpus = cpu.cores * cpu.sockets * cpu.threads;
    const target = targetOf(this);
    const settings = target.settings;
    const resources = this.resources(settings, vcpus);
    const firmwareJson: { [key: string]: any } = firmware._toFirmware();
    if (settings.version !== HarvesterVersion.V1_6) Object.assign(firmwareJson, derivedFirmwareIdentity(this.namespace, this.name));
    return {
      runStrategy: p.runStrategy ?? RunStrategy.RERUN_ON_FAILURE,
      template: {
        metadata: this.templateMetadata(),
        spec: {
          hostname: p.hostname ?? this.name,
          nodeSelector: p.nodeSelector,
          affinity: this.affinity(),
          architecture: DEFAULT_ARCHITECTURE,
          evictionStrategy: p.evictionStrategy ?? EvictionStrategy.LIVE_MIGRATE,
          terminationGracePeriodSeconds: p.terminationGracePeriod?.toSeconds() ?? settings.defaultTerminationGracePeriodSeconds,
          domain: {
            machine: { type: p.machineType ?? DEFAULT_MACHINE_TYPE },
            cpu: p.cpuAndMemoryHotplug ? cpu : { ...cpu, maxSockets: 1 },
            memory: { guest: VirtualMachineSpecTemplateSpecDomainMemoryGuest.fromString(resources.guestMemory) },
            resources: {
              requests: {
                cpu: VirtualMachineSpecTemplateSpecDomainResourcesRequests.fromString(resources.requestCpu),
                memory: VirtualMachineSpecTemplateSpecDomainResourcesRequests.fromString(resources.requestMemory),
              },
              limits: {
                cpu: VirtualMachineSpecTemplateSpecDomainResourcesLimits.fromString(String(vcpus)),
                memory: VirtualMachineSpecTemplateSpecDomainResourcesLimits.fromString(this.memoryQuantity),
              },
            },
            firmware: firmwareJson,
            features: this.domainFeatures,
            devices: {
              disks,
              interfaces,
              ...(p.tpm ? { tpm: {} } : {}),
            },
          },
          networks: networks.length ? networks : undefined,
          volumes: volumes.length ? volumes : undefined,
        },
      },
    };
  }
}


import { FAMILIES } from './families';
import { HarvesterVersion } from '../../platform/harvester';
import { HVM, LB, NET, POOL, RuleInfo, VMI, VMS, rule } from './rule-info';

export type { RuleInfo } from './rule-info';

/**
 * Every platform rule the validator applies, by id: what `gitvops rules` prints and the README's
 * rules table shows. Each problem names the rule it broke; a test checks each id has an invalid
 * manifest and a valid twin in the catalogue.
 */
const CORE_RULES: readonly RuleInfo[] = [
  rule('kubevirt.vm.run-strategy-xor', 'KubeVirt', `${VMS} (running vs runStrategy)`, 'exactly one of spec.running and spec.runStrategy'),
  rule('kubevirt.vm.run-strategy', 'KubeVirt', `${VMS} (runStrategy values)`, 'spec.runStrategy is one of Always, RerunOnFailure, Manual, Halted, Once'),
  rule('kubevirt.vm.reserved-template-labels', 'KubeVirt', `${VMI} ValidateVirtualMachineInstanceMetadata (restrictedVmiLabels)`, 'none of the kubevirt.io/ labels only KubeVirt may set (created-by, nodeName, …) on the VM template'),
  rule('kubevirt.vmi.hostname', 'KubeVirt', VMI, 'hostname is a DNS-1123 label'),
  rule('kubevirt.vmi.subdomain', 'KubeVirt', VMI, 'subdomain is a DNS-1123 subdomain'),
  rule('kubernetes.pod.subdomain', 'Kubernetes', 'kubernetes/kubernetes pkg/apis/core/validation/validation.go ValidatePodSpec (subdomain: ValidateDNS1123Label), on the virt-launcher pod KubeVirt renders from the VMI', 'subdomain is a DNS-1123 label (the pod refuses dots)'),
  rule('kubevirt.vmi.input-devices', 'KubeVirt', VMI, 'input devices are tablets on the virtio or usb bus'),
  rule('kubevirt.vmi.disk-names-unique', 'KubeVirt', VMI, 'disk and volume names are unique'),
  rule('kubevirt.vmi.disk-has-volume', 'KubeVirt', VMI, 'every disk has a volume of the same name'),
  rule('kubevirt.vmi.disk-one-target', 'KubeVirt', VMI, 'a disk has exactly one target: disk, cdrom or lun'),
  rule('kubevirt.vmi.disk-bus', 'KubeVirt', VMI, 'disk bus is virtio, sata, scsi or usb'),
  rule('kubevirt.vmi.cdrom-bus', 'KubeVirt', VMI, 'a CD-ROM is not on the virtio bus'),
  rule('kubevirt.vmi.sata-read-only', 'KubeVirt', VMI, 'a sata disk is not read-only'),
  rule('kubevirt.vmi.volume-one-source', 'KubeVirt', VMI, 'a volume has exactly one source'),
  rule('kubevirt.vmi.cloud-init-inline-size', 'KubeVirt', VMI, 'inline cloud-init user/network data at most 2048 bytes'),
  rule('kubevirt.vmi.cloud-init-sources', 'KubeVirt', `${VMI} validateVolumes (cloud-init sources)`, 'a cloud-init volume has one user-data and one network-data source at most, at least one of them, valid base64'),
  rule('kubevirt.vmi.volume-sources', 'KubeVirt', `${VMI} validateVolumes`, 'volume sources name what they need (dataVolume, configMap, secret, serviceAccount, hostDisk path/type/capacity); one serviceAccount, downwardMetrics and memoryDump volume at most'),
  rule('kubevirt.vmi.boot-order', 'KubeVirt', VMI, 'boot orders are integers ≥ 1, unique across disks and interfaces'),
  rule('kubevirt.vmi.interface-names-unique', 'KubeVirt', NET, 'interface and network names are unique'),
  rule('kubevirt.vmi.interface-name', 'KubeVirt', NET, 'interface names match ^[A-Za-z0-9-_]+$'),
  rule('kubevirt.vmi.interface-has-network', 'KubeVirt', NET, 'every interface has a network of the same name'),
  rule('kubevirt.vmi.network-has-interface', 'KubeVirt', NET, 'every network has an interface of the same name'),
  rule('kubevirt.vmi.interface-one-binding', 'KubeVirt', NET, 'an interface has exactly one binding'),
  rule('kubevirt.vmi.masquerade-pod-only', 'KubeVirt', NET, 'masquerade only on the pod network'),
  rule('kubevirt.vmi.pod-network', 'KubeVirt', `${NET}netsource.go validateSinglePodNetwork`, 'one pod network at most, one Multus default network at most, not both'),
  rule('kubevirt.vmi.interface-details', 'KubeVirt', `${NET}netiface.go validatePciAddress / validatePortConfiguration / validateDHCPOptions`, 'interface PCI address, forwarded ports (names, 1–65535, TCP/UDP) and DHCP options are valid'),
  rule('kubevirt.vmi.interface-model', 'KubeVirt', NET, 'NIC model is one KubeVirt knows'),
  rule('kubevirt.vmi.mac-address', 'KubeVirt', NET, 'a MAC address is well formed'),
  rule('kubevirt.vmi.network-one-source', 'KubeVirt', NET, 'a network has exactly one source: pod or multus (with networkName)'),
  rule('kubevirt.vmi.memory-set', 'KubeVirt', VMI, 'memory is set: guest or resources'),
  rule('kubevirt.vmi.memory-request-limit', 'KubeVirt', VMI, 'memory and CPU requests ≤ limits (guest ≤ limit is not checked under LiveUpdate, Harvester\'s rollout strategy)'),
  rule('kubevirt.vmi.firmware-bootloader', 'KubeVirt', VMI, 'EFI and BIOS are exclusive'),
  rule('kubevirt.vmi.secure-boot-smm', 'KubeVirt', VMI, 'EFI secure boot needs SMM'),
  rule('kubevirt.vmi.disk-name', 'KubeVirt', `${VMI} validateDiskNameAsContainerName`, 'a disk name is a DNS-1123 label (it becomes a container name)'),
  rule('kubevirt.vmi.disk-pci-address', 'KubeVirt', `${VMI} validatePciAddress`, 'a disk PCI address is well formed and only on the virtio bus'),
  rule('kubevirt.vmi.disk-dedicated-io-thread', 'KubeVirt', `${VMI} validateBusSupport`, 'a dedicated IO thread only for virtio disks'),
  rule('kubevirt.vmi.serial', 'KubeVirt', `${VMI} validateSerialNumValue / validateSerialNumLength / validateFirmwareSerial`, 'disk and firmware serials are [A-Za-z0-9_.+-], at most 256 characters'),
  rule('kubevirt.vmi.disk-modes', 'KubeVirt', `${VMI} validateCacheMode / validateIOMode / validateErrorPolicy`, 'disk cache, io and errorPolicy are modes KubeVirt knows'),
  rule('kubevirt.vmi.disk-block-size', 'KubeVirt', `${VMI} validateBlockSize / validateCustomBlockSize`, 'a custom block size is a power of 2 from 512 B to 2 MiB, logical ≤ physical, not with matchVolume'),
  rule('kubevirt.vmi.cpu-integer', 'KubeVirt', `${VMI} validateCpuPinning (validateCPULimitIsInteger / validateCPURequestIsInteger)`, 'with dedicatedCpuPlacement, CPU requests and limits are whole cores'),
  rule('kubevirt.vmi.resources-not-negative', 'KubeVirt', `${VMI} validateCPU*NotNegative / validateMemory*NegativeOrNull`, 'CPU and memory requests and limits are not negative; a memory request is at least 1M'),
  rule('kubevirt.vmi.machine-type', 'KubeVirt', `${VMI} (machine type) with pkg/virt-config/virt-config.go DefaultAMD64EmulatedMachines`, 'machine type is one of the emulated machines KubeVirt accepts by default: q35*, pc-q35*'),
  rule('harvester.vm.volume-claim-templates', 'Harvester', `${HVM} checkVolumeClaimTemplatesAnnotation`, 'the volumeClaimTemplates annotation is a JSON array of PVCs, each named, with a valid spec'),
  rule('harvester.vm.termination-grace-period', 'Harvester', `${HVM} checkTerminationGracePeriodSeconds`, 'terminationGracePeriodSeconds ≥ 0'),
  rule('harvester.vm.reserved-memory', 'Harvester', `${HVM} checkReservedMemoryAnnotation`, 'reservedMemory is a quantity ≥ 0, below limits.memory (and guest + reserved fit the limit)'),
  rule('harvester.vm.occupied-pvc', 'Harvester', `${HVM} checkOccupiedPVCs (v1.6.1)`, 'a PersistentVolumeClaim is used by one VM only', [HarvesterVersion.V1_6]),
  rule('harvester.vm.occupied-pvc-shareable', 'Harvester', `${HVM} checkOccupiedPVCs → pkg/util/virtualmachine CheckBlockRWXVolumeForVM (v1.8.2)`, 'a PersistentVolumeClaim shared by VMs is ReadWriteMany and not Longhorn-provisioned', [HarvesterVersion.V1_8]),
  rule('harvester.vm.duplicate-mac', 'Harvester', `${HVM} checkForDuplicateMacAddrs`, 'a MAC address is used once per network'),
  rule('harvester.vm.maintain-mode-strategy', 'GitVops', 'harvester/harvester pkg/util/constants.go (the maintain-mode strategies Harvester reads)', 'the maintain-mode-strategy label is a strategy Harvester knows (others are silently ignored)'),
  rule('harvester.backup-schedule', 'Harvester', 'harvester/harvester pkg/webhook/resources/schedulevmbackup/validator.go', 'cron at most hourly, maxFailure < retain, one schedule per VM'),
  rule('harvester.image.display-name', 'Harvester', 'harvester/harvester pkg/webhook/resources/virtualmachineimage/validator.go', 'an image has a display name that is a valid label value'),
  rule('lb.listeners', 'load-balancer-harvester', LB, 'at least one listener; names and ports unique; ports 1–65535'),
  rule('lb.health-check', 'load-balancer-harvester', LB, 'health-check port is a backend port; thresholds and periods > 0'),
  rule('lb.ippool.ranges', 'load-balancer-harvester', POOL, 'ranges lie inside their subnet (a reversed start and end is swapped)'),
  rule('lb.ippool.overlap', 'load-balancer-harvester', POOL, 'IP pools do not overlap'),
  rule('kubernetes.pvc.spec', 'Kubernetes', 'kubernetes/kubernetes pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimSpec', 'a PVC has at least one supported access mode, a storage request > 0 and a supported volume mode'),
  rule('kubernetes.data-keys', 'Kubernetes', 'kubernetes/kubernetes pkg/apis/core/validation/validation.go ValidateSecret / ValidateConfigMap (IsConfigMapKey, MaxSecretSize)', 'Secret and ConfigMap keys are valid config keys; the data is at most 1 MiB'),
  rule('kubernetes.object-meta', 'Kubernetes', 'kubernetes/apimachinery pkg/api/validation/objectmeta.go ValidateObjectMeta (annotation size, finalizers, owner references)', 'annotations total at most 256 KiB; finalizers are qualified names; owner references are complete'),
  rule('references.claim', 'GitVops', 'kubevirt/kubevirt pkg/virt-controller (a VM whose claim does not exist never starts)', 'a claim a VM uses is in the output, declared by a volumeClaimTemplates annotation, or declared external'),
  rule('references.secret', 'GitVops', 'kubevirt/kubevirt pkg/virt-controller (a VM whose cloud-init Secret does not exist never starts)', 'a cloud-init Secret a VM uses is in the output or declared external'),
  rule('cloud-init.schema', 'cloud-init', 'canonical/cloud-init cloudinit/config/schemas/schema-cloud-config-v1.json (the installed package\'s own schema)', 'the cloud-config matches cloud-init\'s JSON schema: types and shapes inside every known key'),
  rule('cloud-init.ssh-key', 'cloud-init', 'openssh authorized_keys format (PROTOCOL.key: string type, then the key)', 'an SSH public key is a key type and a base64 blob that holds that type'),
  rule('cloud-init.network.netplan', 'netplan', 'canonical/netplan src/parse.c (0.106: the network, ethernet, match, route and nameservers keys and their value forms)', 'network-config v2 has only keys netplan knows, with the value forms its parser accepts'),
  rule('cloud-init.network.match-mac', 'GitVops', 'cloud-init NoCloud network-config v2 (netplan match.macaddress)', 'a network-config interface matched by MAC matches an interface of the VM with that fixed MAC'),
  rule('cloud-init.network.static-on-masquerade', 'GitVops', 'kubevirt/kubevirt pkg/network (masquerade: the guest gets its address by DHCP from KubeVirt)', 'no static address on the guest interface of a masquerade (pod network) NIC'),
];

/** Every rule: the core rules, then each ported family's. */
export const RULES: readonly RuleInfo[] = [...CORE_RULES, ...FAMILIES.flatMap((f) => f.rules)];

/** A rule id, for `report`. */
export type RuleId = string;

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The rule of an id (throws on an unknown id: a programming error). */
export function ruleInfo(id: string): RuleInfo {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown rule ${id}`);
  return found;
}

/** The rules table as Markdown, for `gitvops rules` and the README. */
export function rulesTable(): string {
  const lines = ['| rule | source | Harvester | upstream | refuses when not |', '|---|---|---|---|---|'];
  for (const r of RULES) lines.push(`| \`${r.id}\` | ${r.source} | ${r.versions.join(', ')} | ${r.upstream} | ${r.warning ? '(drift warning) ' : ''}${r.meaning} |`);
  const counts = new Map<string, number>();
  for (const r of RULES) counts.set(r.source, (counts.get(r.source) ?? 0) + 1);
  lines.push('', `${RULES.length} rules (${RULES.filter((r) => r.warning).length} of them drift warnings): ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')}`);
  return lines.join('\n');
}

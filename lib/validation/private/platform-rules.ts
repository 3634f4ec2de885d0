import { isIP } from 'node:net';
import { parse } from 'yaml';
import { RuleProblem, RuleReport as Report, ruleReporterFor as reporterFor } from './problems';
import { FAMILIES } from './families';
import { FamilyContext, apiKindOf, kindIndex, list } from './rule-info';
import { NamedCheck, ObjectVisit, SameShapeMemo, plain } from './same-shape';
import { RuleId, ruleInfo } from './rules';
import { parseCidr } from '../../core/private/ip';
import { isDnsLabel, isDnsSubdomain, isLabelValue } from '../../core/private/names';
import { parseQuantity } from '../../core/private/parse-quantity';
import {
  DEVICE_NAME, DISK_BUSES, DISK_CACHE_MODES, DISK_ERROR_POLICIES, DISK_IO_MODES, EMULATED_MACHINES, MAX_BLOCK_SIZE,
  MAX_SERIAL_LENGTH, MIN_BLOCK_SIZE, PCI_ADDRESS, SERIAL, machineTypeAllowed, DISK_TARGETS, INPUT_BUSES, INPUT_TYPES, INTERFACE_BINDINGS, INTERFACE_MODELS, MAC_ADDRESS,
  MAINTAIN_MODES, MAX_INLINE_CLOUD_INIT, RESTRICTED_VMI_LABELS, RUN_STRATEGIES, VOLUME_SOURCES, cdromBusAllowed, oneOf,
  readOnlyAllowed,
} from '../../platform/private/facts';
import { HarvesterVersion } from '../../platform/harvester';
import { HarvesterSettings } from '../../platform/harvester-settings';
import { AccessMode, VolumeMode } from '../../platform/kubernetes';
import { MAINTAIN_MODE_LABEL, RESERVED_MEMORY_ANNOTATION, VOLUME_CLAIM_TEMPLATES_ANNOTATION } from '../../platform/private/labels';

/** What the rules may assume about the world outside the checked objects. */
export interface PlatformRuleOptions {
  /**
   * Check that the Secrets and PVCs a VM references are among the objects (or listed as
   * external). Off for partial manifests.
   * @default true
   */
  readonly checkReferences?: boolean;
  /** `namespace/name` of Secrets that exist outside the checked objects. @default - none */
  readonly externalSecrets?: string[];
  /** `namespace/name` of PVCs that exist outside the checked objects. @default - none */
  readonly externalClaims?: string[];
  /** `<Kind> <namespace>/<name>` of other objects (VMs, VM backups) that exist outside the checked objects. @default - none */
  readonly externalObjects?: string[];
  /** `namespace/name` of images that exist outside the checked objects; given, PVCs' image references are checked. @default - not checked */
  readonly externalImages?: string[];
  /**
   * `namespace/name` of VM networks (NetworkAttachmentDefinitions) that exist outside the checked
   * objects. Plain manifests do not say which networks the cluster has: only when this is given
   * are a VM's networks checked (`references.network`).
   * @default - VM network references not checked
   */
  readonly externalNetworks?: string[];
  /** The Harvester release: rules that do not apply to it report nothing. @default HarvesterVersion.V1_6 */
  readonly harvesterVersion?: HarvesterVersion;
  /** The cluster's settings, for the values the webhooks write. @default - the release's defaults */
  readonly settings?: HarvesterSettings;
  /**
   * Skip a check of one object that cannot tell it from an earlier object of the same shape it found
   * clean (`SameShapeMemo`). Off only to compare (tests).
   * @default true
   */
  readonly skipSameShape?: boolean;
  /** Each object's visit of a memo the caller keeps (the engine's, shared with its structure pass). @default - a memo of its own */
  readonly visits?: readonly ObjectVisit[];
}

function duplicates(values: string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return dup;
}

/**
 * The rules of a VM's fields that differ from node to node of a pool (host name, subdomain, MACs,
 * the cloud-init sources, which name the node's Secret), apart from `checkVirtualMachine`, whose
 * other rules then read the same in every node of a pool and are skipped after the first
 * (`SameShapeMemo`).
 */
function checkVmOwnFields(vm: any, report: Report): void {
  const t = vm.spec?.template?.spec;
  if (!t) return;
  const at = 'spec.template.spec';
  if (t.hostname !== undefined && !isDnsLabel(t.hostname)) report('kubevirt.vmi.hostname', `${at}.hostname`, t.hostname, 'must be a DNS-1123 label (at most 63 characters, no dots)');
  if (t.subdomain !== undefined && !isDnsSubdomain(t.subdomain)) report('kubevirt.vmi.subdomain', `${at}.subdomain`, t.subdomain, 'must be a DNS-1123 subdomain');
  else if (t.subdomain !== undefined && !isDnsLabel(t.subdomain)) {
    report('kubernetes.pod.subdomain', `${at}.subdomain`, t.subdomain, 'must be a DNS-1123 label (no dots): KubeVirt copies it into the virt-launcher pod, whose subdomain the API server checks as a label');
  }
  const interfaces = list(t.domain?.devices?.interfaces);
  for (let i = 0; i < interfaces.length; i++) {
    const n = interfaces[i];
    if (n.macAddress !== undefined && !MAC_ADDRESS.test(n.macAddress)) report('kubevirt.vmi.mac-address', `${at}.domain.devices.interfaces[${i}].macAddress`, n.macAddress, 'must be a MAC address such as 52:54:00:ab:cd:ef');
  }
  const volumes = list(t.volumes);
  for (let i = 0; i < volumes.length; i++) {
    for (let s = 0; s < CLOUD_INIT_VOLUMES.length; s++) {
      const key = CLOUD_INIT_VOLUMES[s];
      if (volumes[i][key] !== undefined) checkCloudInitSource(volumes[i][key], i, key, report);
    }
  }
}

/** KubeVirt and Harvester admission rules that one VirtualMachine decides by itself, but for those of `checkVmOwnFields`. */
function checkVirtualMachine(vm: any, report: Report, version: HarvesterVersion): void {
  const spec = vm.spec ?? {};
  if ((spec.running !== undefined) === (spec.runStrategy !== undefined)) {
    report('kubevirt.vm.run-strategy-xor', 'spec.runStrategy', spec.runStrategy, 'exactly one of spec.running and spec.runStrategy must be set');
  }
  if (spec.runStrategy !== undefined && !RUN_STRATEGIES.includes(spec.runStrategy)) {
    report('kubevirt.vm.run-strategy', 'spec.runStrategy', spec.runStrategy, `must be one of: ${oneOf(RUN_STRATEGIES)}`);
  }
  const labels = spec.template?.metadata?.labels ?? {};
  for (const key of Object.keys(labels)) {
    if (RESTRICTED_VMI_LABELS.includes(key)) report('kubevirt.vm.reserved-template-labels', `spec.template.metadata.labels.${key}`, key, `is a label only KubeVirt may set (reserved: ${RESTRICTED_VMI_LABELS.join(', ')})`);
  }
  const maintain = vm.metadata?.labels?.[MAINTAIN_MODE_LABEL];
  if (maintain !== undefined && !MAINTAIN_MODES.includes(maintain)) {
    report('harvester.vm.maintain-mode-strategy', `metadata.labels.${MAINTAIN_MODE_LABEL}`, maintain, `must be one of: ${oneOf(MAINTAIN_MODES)}`);
  }
  checkVolumeClaimTemplates(vm, report);
  const t = spec.template?.spec;
  if (!t) return;
  const at = 'spec.template.spec';
  if (typeof t.terminationGracePeriodSeconds === 'number' && t.terminationGracePeriodSeconds < 0) {
    report('harvester.vm.termination-grace-period', `${at}.terminationGracePeriodSeconds`, t.terminationGracePeriodSeconds, 'must be ≥ 0');
  }
  const machine = t.domain?.machine?.type;
  if (machine !== undefined && (typeof machine !== 'string' || !machineTypeAllowed(machine))) {
    report('kubevirt.vmi.machine-type', `${at}.domain.machine.type`, machine, `is not a machine type KubeVirt accepts by default (emulated machines: ${oneOf(EMULATED_MACHINES)})`);
  }
  checkDisks(t, report, version);
  checkInterfaces(t, report);
  checkMemory(vm, t, report);
  checkFirmware(t, report);
  for (const [i, input] of list(t.domain?.devices?.inputs).entries()) {
    // an input without a type is a tablet (KubeVirt's defaults); without a bus, usb
    if (input.type !== undefined && !INPUT_TYPES.includes(input.type)) report('kubevirt.vmi.input-devices', `${at}.domain.devices.inputs[${i}].type`, input.type, `must be ${oneOf(INPUT_TYPES)}`);
    if (input.bus !== undefined && !INPUT_BUSES.includes(input.bus)) report('kubevirt.vmi.input-devices', `${at}.domain.devices.inputs[${i}].bus`, input.bus, `must be ${INPUT_BUSES.join(' or ')}`);
  }
}

function checkVolumeClaimTemplates(vm: any, report: Report): void {
  const raw = vm.metadata?.annotations?.[VOLUME_CLAIM_TEMPLATES_ANNOTATION];
  if (raw === undefined) return;
  const field = `metadata.annotations.${VOLUME_CLAIM_TEMPLATES_ANNOTATION}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    report('harvester.vm.volume-claim-templates', field, raw, 'must be a JSON array of PVC-like objects');
    return;
  }
  if (!Array.isArray(parsed)) return report('harvester.vm.volume-claim-templates', field, raw, 'must be a JSON array of PVC-like objects');
  parsed.forEach((entry, i) => {
    const at = `${field}[${i}]`;
    if (typeof entry?.metadata?.name !== 'string' || !entry.metadata.name) report('harvester.vm.volume-claim-templates', `${at}.metadata.name`, undefined, 'every entry needs metadata.name');
    else if (!isDnsSubdomain(entry.metadata.name)) report('harvester.vm.volume-claim-templates', `${at}.metadata.name`, entry.metadata.name, 'must be a DNS-1123 subdomain (it names the PVC Harvester creates)');
    // the claim Harvester's VM controller creates must pass the API server's PVC validation
    // (kubernetes pkg/apis/core/validation ValidatePersistentVolumeClaimSpec)
    checkClaimSpec(entry?.spec ?? {}, `${at}.spec`, report, 'harvester.vm.volume-claim-templates');
  });
}

/**
 * A PersistentVolumeClaim spec as the API server validates it (kubernetes
 * pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimSpec): at least one access
 * mode, each a supported one; a storage request > 0; a supported volume mode.
 */
function checkClaimSpec(spec: any, at: string, report: Report, rule: RuleId): void {
  const modes = list(spec.accessModes);
  if (modes.length === 0) report(rule, `${at}.accessModes`, spec.accessModes, 'at least one access mode is required');
  modes.forEach((m, j) => {
    if (!ACCESS_MODES.includes(m)) report(rule, `${at}.accessModes[${j}]`, m, `must be one of: ${oneOf(ACCESS_MODES)}`);
  });
  const storage = parseQuantity(spec.resources?.requests?.storage);
  if (storage === undefined || storage <= 0) report(rule, `${at}.resources.requests.storage`, spec.resources?.requests?.storage, 'a storage request (a quantity > 0) is required');
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) report(rule, `${at}.volumeMode`, spec.volumeMode, `must be one of: ${oneOf(VOLUME_MODES)}`);
}

/** The total size of an object's annotations (apimachinery validation TotalAnnotationSizeLimitB). */
const MAX_ANNOTATION_BYTES = 256 * 1024;
/** A qualified name: optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/**
 * Object-metadata rules of the API server (k8s.io/apimachinery pkg/api/validation/objectmeta.go
 * ValidateObjectMeta: ValidateAnnotations total size, ValidateFinalizers, ValidateOwnerReferences).
 */
function checkObjectMeta(obj: any, report: Report): void {
  const meta = obj?.metadata;
  if (!meta || typeof meta !== 'object') return;
  if (meta.annotations && typeof meta.annotations === 'object') {
    const size = Object.entries<any>(meta.annotations).reduce((n, [k, v]) => n + k.length + String(v ?? '').length, 0);
    if (size > MAX_ANNOTATION_BYTES) report('kubernetes.object-meta', 'metadata.annotations', `${size} bytes`, `annotations may total at most ${MAX_ANNOTATION_BYTES} bytes`);
  }
  list(meta.finalizers).forEach((name, i) => {
    const ok = typeof name === 'string' && QUALIFIED_NAME.test(name) && (name.includes('/') || STANDARD_FINALIZERS.includes(name));
    if (!ok) report('kubernetes.object-meta', `metadata.finalizers[${i}]`, name, 'a finalizer is a qualified name with a domain prefix ("example.com/name"), or kubernetes, orphan, foregroundDeletion');
  });
  list(meta.ownerReferences).forEach((ref, i) => {
    for (const key of ['apiVersion', 'kind', 'name', 'uid']) {
      if (typeof ref?.[key] !== 'string' || ref[key] === '') report('kubernetes.object-meta', `metadata.ownerReferences[${i}].${key}`, undefined, `an owner reference needs ${key}`);
    }
  });
}

/** Secret and ConfigMap data keys (kubernetes validation.go ValidateSecret / ValidateConfigMap: IsConfigMapKey). */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
/** The most a Secret or ConfigMap may hold (kubernetes pkg/apis/core/types.go MaxSecretSize, 1 MiB). */
const MAX_DATA_BYTES = 1024 * 1024;

const DATA_SOURCES = ['data', 'stringData', 'binaryData'] as const;

/** The bytes of a Secret's or ConfigMap's data: data and binaryData decoded from base64, stringData by `stringBytes`. */
function dataBytes(obj: any, stringBytes: (text: string) => number): number {
  let total = 0;
  for (let s = 0; s < DATA_SOURCES.length; s++) {
    const data = obj[DATA_SOURCES[s]];
    if (!data || typeof data !== 'object') continue;
    for (const key in data) {
      const value = Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
      if (typeof value === 'string') total += s === 1 ? stringBytes(value) : Math.floor((value.length * 3) / 4);
    }
  }
  return total;
}

/** At most 3 UTF-8 bytes per UTF-16 unit: a bound that needs no encoding. */
const UTF8_BOUND = (text: string): number => text.length * 3;
const UTF8_BYTES = (text: string): number => Buffer.byteLength(text);

/** The data keys of a Secret or ConfigMap (a check of the memo: a pool's Secrets have the same keys). */
function checkDataKeys(obj: any, report: Report, rule: RuleId): void {
  for (let s = 0; s < DATA_SOURCES.length; s++) {
    const source = DATA_SOURCES[s];
    const data = obj[source];
    if (!data || typeof data !== 'object') continue;
    for (const key of Object.keys(data)) {
      if (key.length > 253 || !CONFIG_KEY.test(key) || key === '.' || key === '..') {
        report(rule, `${source}.${key}`, key, 'a data key is at most 253 characters of a-z, A-Z, 0-9, "-", "_" and "." (not "." or "..")');
      }
    }
  }
}

/** The size of a Secret's or ConfigMap's data (run for every object: each node's data is its own). */
function checkDataSize(obj: any, report: Report, rule: RuleId): void {
  // stringData counted in UTF-8 only when the bound says it may be too big
  if (dataBytes(obj, UTF8_BOUND) <= MAX_DATA_BYTES) return;
  const total = dataBytes(obj, UTF8_BYTES);
  if (total > MAX_DATA_BYTES) report(rule, 'data', `${total} bytes`, `the data may be at most ${MAX_DATA_BYTES} bytes (1 MiB)`);
}

const ACCESS_MODES: readonly string[] = [...Object.values(AccessMode), 'ReadWriteOncePod'];
const VOLUME_MODES: readonly string[] = Object.values(VolumeMode);

/** The PVCs a VM's volumeClaimTemplates annotation declares (Harvester's VM controller creates them). */
function declaredClaims(vm: any): any[] {
  const raw = vm.metadata?.annotations?.[VOLUME_CLAIM_TEMPLATES_ANNOTATION];
  if (typeof raw !== 'string') return [];
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((e) => typeof e?.metadata?.name === 'string' && e.metadata.name) : [];
  } catch {
    return [];
  }
}

function checkDisks(t: any, report: Report, version: HarvesterVersion): void {
  const at = 'spec.template.spec';
  const disks = list(t.domain?.devices?.disks);
  const volumes = list(t.volumes);
  const volumeNames = new Set(volumes.map((v) => v.name));
  duplicates(disks.map((d) => d.name)).forEach((n) => report('kubevirt.vmi.disk-names-unique', `${at}.domain.devices.disks`, n, `disk name "${n}" is used more than once`));
  duplicates(volumes.map((v) => v.name)).forEach((n) => report('kubevirt.vmi.disk-names-unique', `${at}.volumes`, n, `volume name "${n}" is used more than once`));
  disks.forEach((d, i) => {
    const f = `${at}.domain.devices.disks[${i}]`;
    checkDiskDevice(d, f, report);
    // KubeVirt 1.7 with DeclarativeHotplugVolumes (on in Harvester 1.8) accepts an empty CD-ROM
    const emptyCdrom = version !== HarvesterVersion.V1_6 && d.cdrom !== undefined;
    if (!volumeNames.has(d.name) && !emptyCdrom) report('kubevirt.vmi.disk-has-volume', `${f}.name`, d.name, `disk "${d.name}" has no volume of the same name (volumes: ${[...volumeNames].join(', ') || 'none'})`);
    const targets = DISK_TARGETS.filter((k) => d[k] !== undefined);
    if (targets.length > 1) report('kubevirt.vmi.disk-one-target', f, targets, 'a disk has exactly one target: disk, cdrom or lun');
    const target = d[targets[0] ?? 'disk'] ?? {};
    if (target.bus !== undefined && !DISK_BUSES.includes(target.bus)) report('kubevirt.vmi.disk-bus', `${f}.${targets[0]}.bus`, target.bus, `must be one of: ${oneOf(DISK_BUSES)}`);
    if (targets[0] === 'cdrom' && target.bus !== undefined && !cdromBusAllowed(target.bus)) report('kubevirt.vmi.cdrom-bus', `${f}.cdrom.bus`, target.bus, 'a cdrom cannot use the virtio bus');
    if ((targets[0] ?? 'disk') === 'disk' && target.bus !== undefined && target.readonly === true && !readOnlyAllowed(target.bus, false)) report('kubevirt.vmi.sata-read-only', `${f}.disk.readonly`, true, 'a sata disk cannot be read-only');
  });
  volumes.forEach((v, i) => {
    const f = `${at}.volumes[${i}]`;
    // a volume without a disk is not refused: KubeVirt adds a virtio disk for it (pkg/util SetDefaultVolumeDisk,
    // applied to the VMI before validateVirtualMachineInstanceSpecVolumeDisks runs)
    const sources = VOLUME_SOURCES.filter((k) => v[k] !== undefined);
    if (sources.length !== 1) report('kubevirt.vmi.volume-one-source', f, sources, 'a volume has exactly one source');
    checkVolumeSourceRefs(v, f, report);
  });
  // vmi-create-admitter.go validateVolumes: at most one of these per VM
  for (const source of ['serviceAccount', 'downwardMetrics', 'memoryDump']) {
    if (volumes.filter((v) => v[source] !== undefined).length > 1) report('kubevirt.vmi.volume-sources', `${at}.volumes`, source, `at most one ${source} volume`);
  }
  const orders = [
    ...disks.map((d, i) => ({ order: d.bootOrder, field: `${at}.domain.devices.disks[${i}].bootOrder` })),
    ...list(t.domain?.devices?.interfaces).map((n, i) => ({ order: n.bootOrder, field: `${at}.domain.devices.interfaces[${i}].bootOrder` })),
  ].filter((o) => o.order !== undefined);
  const seen = new Set<number>();
  for (const o of orders) {
    if (!Number.isInteger(o.order) || o.order < 1) report('kubevirt.vmi.boot-order', o.field, o.order, 'bootOrder must be an integer ≥ 1');
    else if (seen.has(o.order)) report('kubevirt.vmi.boot-order', o.field, o.order, 'bootOrder must be unique across disks and interfaces');
    seen.add(o.order);
  }
}

/**
 * The per-disk device checks of kubevirt v1.5 vmi-create-admitter.go validateDisks: the name
 * becomes a container name (DNS-1123 label), PCI address and dedicated IO thread only on virtio,
 * serial characters and length, cache / IO / error-policy modes, custom block sizes.
 */
function checkDiskDevice(d: any, f: string, report: Report): void {
  if (typeof d.name === 'string' && !isDnsLabel(d.name)) report('kubevirt.vmi.disk-name', `${f}.name`, d.name, 'a disk name becomes a container name: a DNS-1123 label (a-z, 0-9, "-", at most 63)');
  const target = d.disk ?? d.lun ?? d.cdrom ?? {};
  if (d.disk?.pciAddress !== undefined) {
    if ((d.disk.bus ?? 'virtio') !== 'virtio') report('kubevirt.vmi.disk-pci-address', `${f}.disk.pciAddress`, d.disk.pciAddress, 'a PCI address only on the virtio bus');
    if (!PCI_ADDRESS.test(String(d.disk.pciAddress))) report('kubevirt.vmi.disk-pci-address', `${f}.disk.pciAddress`, d.disk.pciAddress, 'must be a PCI address such as 0000:00:0a.0');
  }
  if (d.dedicatedIOThread === true && (target.bus ?? 'virtio') !== 'virtio') report('kubevirt.vmi.disk-dedicated-io-thread', `${f}.dedicatedIOThread`, true, `IOThreads are not supported for disks on a ${target.bus} bus`);
  if (d.serial !== undefined && d.serial !== '') {
    if (!SERIAL.test(String(d.serial))) report('kubevirt.vmi.serial', `${f}.serial`, d.serial, 'must be made up of A-Z, a-z, 0-9, "_", ".", "+" and "-"');
    else if ([...String(d.serial)].length > MAX_SERIAL_LENGTH) report('kubevirt.vmi.serial', `${f}.serial`, d.serial, `must be at most ${MAX_SERIAL_LENGTH} characters`);
  }
  if (d.cache !== undefined && d.cache !== '' && !DISK_CACHE_MODES.includes(d.cache)) report('kubevirt.vmi.disk-modes', `${f}.cache`, d.cache, `must be one of: ${oneOf(DISK_CACHE_MODES)}`);
  if (d.io !== undefined && d.io !== '' && !DISK_IO_MODES.includes(d.io)) report('kubevirt.vmi.disk-modes', `${f}.io`, d.io, `must be one of: ${oneOf(DISK_IO_MODES)}`);
  if (d.errorPolicy !== undefined && !DISK_ERROR_POLICIES.includes(d.errorPolicy)) report('kubevirt.vmi.disk-modes', `${f}.errorPolicy`, d.errorPolicy, `must be one of: ${oneOf(DISK_ERROR_POLICIES)}`);
  const custom = d.blockSize?.custom;
  if (custom) {
    if (d.blockSize.matchVolume && d.blockSize.matchVolume.enabled !== false) report('kubevirt.vmi.disk-block-size', `${f}.blockSize`, d.blockSize, 'block size matching cannot be enabled together with a custom size');
    for (const key of ['logical', 'physical']) {
      const size = custom[key];
      if (typeof size !== 'number') continue;
      if (size < MIN_BLOCK_SIZE || size > MAX_BLOCK_SIZE || (size & (size - 1)) !== 0) {
        report('kubevirt.vmi.disk-block-size', `${f}.blockSize.custom.${key}`, size, `must be a power of 2 from ${MIN_BLOCK_SIZE} to ${MAX_BLOCK_SIZE}`);
      }
    }
    if (typeof custom.logical === 'number' && typeof custom.physical === 'number' && custom.logical > custom.physical) {
      report('kubevirt.vmi.disk-block-size', `${f}.blockSize.custom.logical`, custom.logical, `must be at most the physical size (${custom.physical})`);
    }
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** The volume sources that carry cloud-init data. */
const CLOUD_INIT_VOLUMES = ['cloudInitNoCloud', 'cloudInitConfigDrive'] as const;
/** Per kind of cloud-init data: its inline key, its base64 key and its Secret reference. */
const CLOUD_INIT_SOURCES = [['userData', 'userDataBase64', 'secretRef'], ['networkData', 'networkDataBase64', 'networkDataSecretRef']] as const;
/** The Secret references of a cloud-init volume source. */
const SECRET_REFS = CLOUD_INIT_SOURCES.map((source) => source[2]);

/**
 * A cloudInitNoCloud / cloudInitConfigDrive source (vmi-create-admitter.go validateVolumes): at
 * most one user-data and one network-data source (secret reference, base64, plain), at least one
 * of the two, base64 that decodes, and inline data (decoded) of at most 2048 bytes.
 */
function checkCloudInitSource(source: any, volume: number, key: string, report: Report): void {
  let any = false;
  for (let i = 0; i < CLOUD_INIT_SOURCES.length; i++) {
    // (no array destructuring: it iterates)
    const data = CLOUD_INIT_SOURCES[i][0];
    const b64Key = CLOUD_INIT_SOURCES[i][1];
    const ref = CLOUD_INIT_SOURCES[i][2];
    const b64 = source[b64Key];
    const hasB64 = typeof b64 === 'string' && b64 !== '';
    const name = source[ref]?.name;
    const hasRef = typeof name === 'string' && name !== '';
    const inlineText = source[data];
    const hasInline = typeof inlineText === 'string' && inlineText !== '';
    any ||= hasB64 || hasRef || hasInline;
    if (hasB64 && (b64.length % 4 !== 0 || !BASE64.test(b64))) {
      report('kubevirt.vmi.cloud-init-sources', `${sourceField(volume, key)}.${b64Key}`, b64.slice(0, 40), 'is not a valid base64 value');
    }
    if (Number(hasRef) + Number(hasB64) + Number(hasInline) > 1) report('kubevirt.vmi.cloud-init-sources', sourceField(volume, key), undefined, `only one ${data} source: ${ref}, ${b64Key} or ${data}`);
    const inline = hasInline ? Buffer.byteLength(inlineText) : hasB64 ? Buffer.from(b64, 'base64').length : 0;
    if (inline > MAX_INLINE_CLOUD_INIT) {
      report('kubevirt.vmi.cloud-init-inline-size', `${sourceField(volume, key)}.${hasInline ? data : b64Key}`, `${inline} bytes`, `inline ${data} is limited to ${MAX_INLINE_CLOUD_INIT} bytes; use a Secret (${ref})`);
    }
  }
  if (!any) report('kubevirt.vmi.cloud-init-sources', sourceField(volume, key), source, 'needs at least one user-data or network-data source');
}

/** A MAC address as one spelling: lower case, colons (`52-54-00-AB-CD-EF` is `52:54:00:ab:cd:ef`). */
function normalMac(mac: string): string {
  const lower = mac.toLowerCase();
  return lower.includes('-') ? lower.replace(/-/g, ':') : lower;
}

/** The field of a VM's cloud-init volume source, named only for a problem (no string or function made per VM). */
function sourceField(volume: number, key: string): string {
  return `spec.template.spec.volumes[${volume}].${key}`;
}

/** Names a volume source must carry, and hostDisk's path, type and capacity (validateVolumes). */
function checkVolumeSourceRefs(v: any, f: string, report: Report): void {
  const required: Array<[string, string]> = [['dataVolume', 'name'], ['configMap', 'name'], ['secret', 'secretName'], ['serviceAccount', 'serviceAccountName']];
  for (const [source, key] of required) {
    if (v[source] !== undefined && (typeof v[source]?.[key] !== 'string' || v[source][key] === '')) report('kubevirt.vmi.volume-sources', `${f}.${source}.${key}`, undefined, `is required for a ${source} volume`);
  }
  const host = v.hostDisk;
  if (host !== undefined) {
    if (!host.path) report('kubevirt.vmi.volume-sources', `${f}.hostDisk.path`, undefined, 'is required for a hostDisk volume');
    if (host.type !== 'Disk' && host.type !== 'DiskOrCreate') report('kubevirt.vmi.volume-sources', `${f}.hostDisk.type`, host.type, 'must be Disk or DiskOrCreate');
    if (host.type === 'Disk' && host.capacity !== undefined && parseQuantity(host.capacity) !== 0) report('kubevirt.vmi.volume-sources', `${f}.hostDisk.capacity`, host.capacity, 'only with type DiskOrCreate');
  }
}

/** A Kubernetes port name (k8s.io/apimachinery validation IsValidPortName). */
function validPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

/**
 * pkg/network/admitter/netiface.go: an interface's PCI address, its forwarded ports on the pod
 * network (validatePortConfiguration: names unique and valid, port 1–65535, TCP or UDP) and
 * its DHCP options (NTP servers IPv4, private options 224–254 and unique).
 */
function checkInterfaceDetails(n: any, network: any, f: string, report: Report): void {
  if (typeof n.pciAddress === 'string' && n.pciAddress !== '' && !PCI_ADDRESS.test(n.pciAddress)) {
    report('kubevirt.vmi.interface-details', `${f}.pciAddress`, n.pciAddress, 'must be a PCI address such as 0000:00:0a.0');
  }
  if (network?.pod !== undefined && Array.isArray(n.ports)) {
    const names = new Set<string>();
    n.ports.forEach((p: any, j: number) => {
      const at = `${f}.ports[${j}]`;
      if (typeof p?.name === 'string' && p.name !== '') {
        if (names.has(p.name)) report('kubevirt.vmi.interface-details', `${at}.name`, p.name, 'duplicate port name');
        if (!validPortName(p.name)) report('kubevirt.vmi.interface-details', `${at}.name`, p.name, 'must be a port name: at most 15 of a-z, 0-9 and "-", with a letter');
        names.add(p.name);
      }
      if (!p?.port) report('kubevirt.vmi.interface-details', `${at}.port`, p?.port, 'is required');
      else if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) report('kubevirt.vmi.interface-details', `${at}.port`, p.port, 'must be in range 0 < x < 65536');
      if (p?.protocol !== undefined && p.protocol !== '' && p.protocol !== 'TCP' && p.protocol !== 'UDP') report('kubevirt.vmi.interface-details', `${at}.protocol`, p.protocol, 'must be TCP or UDP');
    });
  }
  const dhcp = n.dhcpOptions;
  if (dhcp && typeof dhcp === 'object') {
    list(dhcp.ntpServers).forEach((s, j) => {
      if (isIP(String(s)) !== 4) report('kubevirt.vmi.interface-details', `${f}.dhcpOptions.ntpServers[${j}]`, s, 'NTP servers must be IPv4 addresses');
    });
    const options = list(dhcp.privateOptions);
    options.forEach((o, j) => {
      if (!Number.isInteger(o?.option) || o.option < 224 || o.option > 254) report('kubevirt.vmi.interface-details', `${f}.dhcpOptions.privateOptions[${j}].option`, o?.option, 'must be in range 224 to 254');
    });
    if (new Set(options.map((o) => o?.option)).size !== options.length) report('kubevirt.vmi.interface-details', `${f}.dhcpOptions.privateOptions`, undefined, 'duplicate DHCP private options');
  }
}

function checkInterfaces(t: any, report: Report): void {
  const at = 'spec.template.spec';
  const interfaces = list(t.domain?.devices?.interfaces);
  const networks = list(t.networks);
  const byName = new Map(networks.map((n) => [n.name, n]));
  const ifNames = new Set(interfaces.map((n) => n.name));
  duplicates(interfaces.map((n) => n.name)).forEach((n) => report('kubevirt.vmi.interface-names-unique', `${at}.domain.devices.interfaces`, n, `interface name "${n}" is used more than once`));
  duplicates(networks.map((n) => n.name)).forEach((n) => report('kubevirt.vmi.interface-names-unique', `${at}.networks`, n, `network name "${n}" is used more than once`));
  interfaces.forEach((n, i) => {
    const f = `${at}.domain.devices.interfaces[${i}]`;
    if (typeof n.name !== 'string' || !DEVICE_NAME.test(n.name)) report('kubevirt.vmi.interface-name', `${f}.name`, n.name, `must match ${DEVICE_NAME}`);
    const network = byName.get(n.name);
    checkInterfaceDetails(n, network, f, report);
    if (!network) report('kubevirt.vmi.interface-has-network', `${f}.name`, n.name, `interface "${n.name}" has no network of the same name`);
    const bindings = INTERFACE_BINDINGS.filter((b) => n[b] !== undefined);
    if (bindings.length !== 1) report('kubevirt.vmi.interface-one-binding', f, bindings, 'an interface has exactly one binding (bridge, masquerade, sriov, …)');
    if (n.masquerade !== undefined && network && network.pod === undefined) report('kubevirt.vmi.masquerade-pod-only', `${f}.masquerade`, {}, 'masquerade works only on the pod network');
    if (n.model !== undefined && !INTERFACE_MODELS.includes(n.model)) report('kubevirt.vmi.interface-model', `${f}.model`, n.model, `must be one of: ${oneOf(INTERFACE_MODELS)}`);
  });
  // pkg/network/admitter/netsource.go validateSinglePodNetwork
  const pods = networks.filter((n) => n.pod !== undefined).length;
  const multusDefaults = networks.filter((n) => n.multus?.default === true).length;
  if (pods > 1) report('kubevirt.vmi.pod-network', `${at}.networks`, pods, 'at most one interface on the pod network');
  if (multusDefaults > 1) report('kubevirt.vmi.pod-network', `${at}.networks`, multusDefaults, 'at most one Multus default network');
  if (pods > 0 && multusDefaults > 0) report('kubevirt.vmi.pod-network', `${at}.networks`, undefined, 'the pod network cannot be defined together with a Multus default network');
  networks.forEach((n, i) => {
    const f = `${at}.networks[${i}]`;
    if (!ifNames.has(n.name)) report('kubevirt.vmi.network-has-interface', `${f}.name`, n.name, `network "${n.name}" has no interface of the same name`);
    if (n.multus !== undefined && !n.multus.networkName) report('kubevirt.vmi.network-one-source', `${f}.multus.networkName`, undefined, 'a multus network needs networkName');
    if ((n.pod !== undefined) === (n.multus !== undefined)) report('kubevirt.vmi.network-one-source', f, n, 'a network has exactly one source: pod or multus');
  });
}

function checkMemory(vm: any, t: any, report: Report): void {
  const at = 'spec.template.spec.domain';
  const d = t.domain ?? {};
  const guest = parseQuantity(d.memory?.guest);
  const limit = parseQuantity(d.resources?.limits?.memory);
  const request = parseQuantity(d.resources?.requests?.memory);
  if (guest === undefined && limit === undefined && request === undefined) {
    report('kubevirt.vmi.memory-set', `${at}.memory.guest`, undefined, 'memory must be set: memory.guest or resources.requests/limits.memory');
  }
  if (request !== undefined && limit !== undefined && request > limit) report('kubevirt.vmi.memory-request-limit', `${at}.resources.requests.memory`, d.resources.requests.memory, `must be ≤ limits.memory (${d.resources.limits.memory})`);
  // guest ≤ limits.memory is not checked: KubeVirt skips validateGuestMemoryLimit under the LiveUpdate
  // rollout strategy Harvester sets, and Harvester's mutator rewrites memory.guest from the limit
  const cpuRequest = parseQuantity(d.resources?.requests?.cpu);
  const cpuLimit = parseQuantity(d.resources?.limits?.cpu);
  // vmi-create-admitter.go validateCPU*NotNegative, validateMemory*NegativeOrNull; with
  // dedicatedCpuPlacement (validateCpuPinning) CPU requests and limits must be whole cores
  const dedicated = d.cpu?.dedicatedCpuPlacement === true;
  for (const [kind, value] of [['limits', cpuLimit], ['requests', cpuRequest]] as const) {
    if (value === undefined) continue;
    if (value < 0) report('kubevirt.vmi.resources-not-negative', `${at}.resources.${kind}.cpu`, d.resources[kind].cpu, 'must not be negative');
    // with a CPU limit, Harvester's mutator replaces requests.cpu by the limit for dedicated CPUs
    // (mutator.go patchResourceOvercommit) before KubeVirt sees it
    else if (kind === 'requests' && cpuLimit) continue;
    else if (dedicated && value > 0 && !Number.isInteger(value)) report('kubevirt.vmi.cpu-integer', `${at}.resources.${kind}.cpu`, d.resources[kind].cpu, 'with dedicatedCpuPlacement, CPU must be a whole number of cores');
  }
  for (const [kind, value] of [['limits', limit], ['requests', request]] as const) {
    if (value !== undefined && value < 0) report('kubevirt.vmi.resources-not-negative', `${at}.resources.${kind}.memory`, d.resources[kind].memory, 'must not be negative');
  }
  if (request !== undefined && request > 0 && request < 1e6) report('kubevirt.vmi.resources-not-negative', `${at}.resources.requests.memory`, d.resources.requests.memory, 'must be at least 1M');
  const serial = d.firmware?.serial;
  if (serial !== undefined && serial !== '') {
    if ([...String(serial)].length > MAX_SERIAL_LENGTH) report('kubevirt.vmi.serial', `${at}.firmware.serial`, serial, `must be at most ${MAX_SERIAL_LENGTH} characters`);
    else if (!SERIAL.test(String(serial))) report('kubevirt.vmi.serial', `${at}.firmware.serial`, serial, 'must be made up of A-Z, a-z, 0-9, "_", ".", "+" and "-"');
  }
  if (cpuRequest !== undefined && cpuLimit !== undefined && cpuRequest > cpuLimit) report('kubevirt.vmi.memory-request-limit', `${at}.resources.requests.cpu`, d.resources.requests.cpu, `must be ≤ limits.cpu (${d.resources.limits.cpu})`);
  const reservedRaw = vm.metadata?.annotations?.[RESERVED_MEMORY_ANNOTATION];
  if (reservedRaw !== undefined) {
    const field = `metadata.annotations.${RESERVED_MEMORY_ANNOTATION}`;
    const reserved = parseQuantity(reservedRaw);
    if (reserved === undefined || reserved < 0) report('harvester.vm.reserved-memory', field, reservedRaw, 'must be a quantity ≥ 0');
    else if (limit !== undefined && reserved >= limit) report('harvester.vm.reserved-memory', field, reservedRaw, `must be less than resources.limits.memory (${d.resources.limits.memory})`);
    else if (limit !== undefined && guest !== undefined && guest + reserved > limit) report('harvester.vm.reserved-memory', field, reservedRaw, `memory.guest + reservedMemory must be ≤ resources.limits.memory (${d.resources.limits.memory})`);
  }
}

function checkFirmware(t: any, report: Report): void {
  const at = 'spec.template.spec.domain';
  const boot = t.domain?.firmware?.bootloader;
  if (!boot) return;
  if (boot.efi !== undefined && boot.bios !== undefined) report('kubevirt.vmi.firmware-bootloader', `${at}.firmware.bootloader`, boot, 'efi and bios are mutually exclusive');
  if (boot.efi !== undefined && boot.efi.secureBoot !== false) {
    const smm = t.domain?.features?.smm;
    if (smm === undefined || smm.enabled === false) {
      report('kubevirt.vmi.secure-boot-smm', `${at}.features.smm.enabled`, smm?.enabled, 'EFI secure boot (on unless secureBoot: false) needs features.smm.enabled: true');
    }
  }
}

function checkLoadBalancer(lb: any, report: Report): void {
  // load-balancer-harvester validator.go checkListeners / checkHealthyCheck: a cluster-type load
  // balancer is balanced in the guest cluster, neither is checked
  if (lb.spec?.workloadType === 'cluster') return;
  const listeners = list(lb.spec?.listeners);
  if (listeners.length === 0) report('lb.listeners', 'spec.listeners', lb.spec?.listeners, 'at least one listener is required');
  duplicates(listeners.map((l) => String(l.name))).forEach((v) => report('lb.listeners', 'spec.listeners', v, `listener name ${v} is used more than once`));
  // ports are unique per protocol (the same port may serve TCP and UDP)
  for (const key of ['port', 'backendPort'] as const) {
    duplicates(listeners.map((l) => `${l.protocol ?? 'TCP'}:${l[key]}`)).forEach((v) => report('lb.listeners', 'spec.listeners', v, `listener ${key} ${v} is used more than once`));
  }
  listeners.forEach((l, i) => {
    for (const key of ['port', 'backendPort']) {
      if (!Number.isInteger(l[key]) || l[key] < 1 || l[key] > 65535) report('lb.listeners', `spec.listeners[${i}].${key}`, l[key], 'must be a port from 1 to 65535');
    }
  });
  const hc = lb.spec?.healthCheck;
  if (hc) {
    if (hc.port !== undefined && !listeners.some((l) => l.backendPort === hc.port)) {
      report('lb.health-check', 'spec.healthCheck.port', hc.port, `must be one of the backend ports (${listeners.map((l) => l.backendPort).join(', ')})`);
    }
    for (const key of ['successThreshold', 'failureThreshold', 'periodSeconds', 'timeoutSeconds']) {
      if (hc[key] !== undefined && !(hc[key] > 0)) report('lb.health-check', `spec.healthCheck.${key}`, hc[key], 'must be > 0');
    }
  }
}

const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** True when a cron schedule fires at most once an hour: a fixed minute (or a coarse descriptor). */
function cronAtMostHourly(cron: string): boolean {
  const text = cron.trim();
  if (CRON_DESCRIPTORS.includes(text)) return true;
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return false;
  return /^\d{1,2}$/.test(fields[0]) && Number(fields[0]) < 60;
}

function checkScheduleBackup(s: any, report: Report): void {
  const spec = s.spec ?? {};
  if (typeof spec.cron !== 'string' || !cronAtMostHourly(spec.cron)) {
    report('harvester.backup-schedule', 'spec.cron', spec.cron, 'must be a 5-field cron schedule with a fixed minute (at most one run an hour), or @hourly/@daily/…');
  }
  if (Number.isInteger(spec.maxFailure) && Number.isInteger(spec.retain) && spec.maxFailure >= spec.retain) {
    report('harvester.backup-schedule', 'spec.maxFailure', spec.maxFailure, `must be less than retain (${spec.retain})`);
  }
}

function checkImage(image: any, report: Report): void {
  const name = image.spec?.displayName;
  if (typeof name !== 'string' || !name || !isLabelValue(name)) {
    report('harvester.image.display-name', 'spec.displayName', name, 'is required and must be a valid label value (at most 63 characters: alphanumerics, "-", "_", ".")');
  }
}

interface Range { lo: bigint; hi: bigint; field: string; owner: string }

function ipValue(text: string): bigint | undefined {
  const cidr = parseCidr(`${text}/${isIP(text) === 6 ? 128 : 32}`);
  return cidr?.address.value;
}

function poolRanges(pool: any, report: Report): Range[] {
  return list(pool.spec?.ranges).flatMap((r, i) => {
    const field = `spec.ranges[${i}]`;
    const cidr = parseCidr(String(r.subnet));
    if (!cidr) {
      report('lb.ippool.ranges', `${field}.subnet`, r.subnet, 'must be a subnet in CIDR notation');
      return [];
    }
    const width = cidr.address.family === 4 ? 32n : 128n;
    const size = 1n << (width - BigInt(cidr.prefix));
    const net = (cidr.address.value / size) * size;
    const start = r.rangeStart ? ipValue(r.rangeStart) : net;
    const end = r.rangeEnd ? ipValue(r.rangeEnd) : net + size - 1n;
    // load-balancer-harvester's allocator swaps a reversed start and end (ipam MakeRange) rather than refusing it
    const [lo, hi] = start !== undefined && end !== undefined && start > end ? [end, start] : [start, end];
    if (lo === undefined || hi === undefined || lo < net || hi > net + size - 1n) {
      report('lb.ippool.ranges', field, { rangeStart: r.rangeStart, rangeEnd: r.rangeEnd }, `rangeStart..rangeEnd must be a range inside ${r.subnet}`);
      return [];
    }
    return [{ lo, hi, field, owner: pool.metadata?.name }];
  });
}

/**
 * Checks the KubeVirt, Harvester and load-balancer admission rules (PLATFORM.md §3) that
 * manifests decide, within each object and across them. Works on plain objects, so it serves
 * synth-time validation and the CLI alike.
 */
/** `namespace/name` of an object (namespace `default` when it has none), as references name it. */
const namespacedName = (obj: any): string => `${obj?.metadata?.namespace ?? 'default'}/${obj?.metadata?.name}`;

export function checkPlatformRules(objects: any[], options: PlatformRuleOptions = {}): RuleProblem[] {
  const out: RuleProblem[] = [];
  const allRanges: Array<Range & { report: Report }> = [];
  const secrets = new Set(options.externalSecrets ?? []);
  const claims = new Map<string, any>();
  const networkDataBySecret = new Map<string, NetworkData>();
  for (const c of options.externalClaims ?? []) claims.set(c, undefined);
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i];
    if (obj?.kind === 'Secret' && obj.apiVersion === 'v1') secrets.add(namespacedName(obj));
    if (obj?.kind === 'PersistentVolumeClaim' && obj.apiVersion === 'v1') claims.set(namespacedName(obj), obj);
    if (obj?.kind === 'VirtualMachine' && String(obj.apiVersion).startsWith('kubevirt.io/')) {
      for (const entry of declaredClaims(obj)) {
        const claimKey = `${obj.metadata?.namespace ?? 'default'}/${entry.metadata.name}`;
        if (!claims.has(claimKey)) claims.set(claimKey, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...entry, metadata: { ...entry.metadata, namespace: obj.metadata?.namespace ?? 'default' } });
      }
    }
    const networkData = networkDataOf(obj, out);
    if (networkData) networkDataBySecret.set(`${obj.metadata?.namespace ?? 'default'}/${networkData.secretName}`, networkData);
    if (obj?.kind === 'ExternalSecret' || obj?.kind === 'SealedSecret') {
      const target = obj.kind === 'ExternalSecret' ? obj.spec?.target?.name ?? obj.metadata?.name : obj.spec?.template?.metadata?.name ?? obj.metadata?.name;
      secrets.add(`${obj.metadata?.namespace ?? 'default'}/${target}`);
    }
  }
  const harvesterVersion = options.settings?.version ?? options.harvesterVersion ?? HarvesterVersion.V1_6;
  const context: FamilyContext = {
    harvesterVersion, settings: options.settings ?? HarvesterSettings.defaults(harvesterVersion), objects, ofKind: kindIndex(objects),
    externalObjects: new Set(options.externalObjects ?? []), checkReferences: options.checkReferences !== false,
    ...(options.externalImages ? { externalImages: new Set(options.externalImages) } : {}),
    externalNetworks: options.checkReferences === false ? undefined : options.externalNetworks,
  };
  const claimUsers = new Map<string, string[]>();
  const macs = new Map<string, string>();
  const schedules = new Map<string, string>();
  // the checks of one object alone (no state across objects) may be skipped: see SameShapeMemo
  const memo = options.visits || options.skipSameShape === false ? undefined : new SameShapeMemo();
  const version = context.harvesterVersion;
  // the checks as functions made once (not once per object), with their names in the memo
  const vmCheck = (o: any, r: Report) => checkVirtualMachine(o, r, version);
  // the checks every object gets, in order (a family's own fields before its check), then a PVC's
  // or a Secret's / ConfigMap's own; one list per kind of object, for the memo's plans
  const everyObject: NamedCheck[] = [{ name: 'object-meta', fn: checkObjectMeta }];
  FAMILIES.forEach((family, i) => {
    if (family.checkOwnFields) everyObject.push({ name: `family-${i}-own`, fn: (o, r) => family.checkOwnFields!(o, r, context) });
    everyObject.push({ name: `family-${i}`, fn: (o, r) => family.check(o, r, context) });
  });
  const claimChecks: NamedCheck[] = [...everyObject, { name: 'pvc', fn: (o, r) => checkClaimSpec(o.spec ?? {}, 'spec', r, 'kubernetes.pvc.spec') }];
  const dataChecks: NamedCheck[] = [...everyObject, { name: 'data-keys', fn: (o, r) => checkDataKeys(o, r, 'kubernetes.data-keys') }];
  objects.forEach((obj, index) => {
    const report = reporterFor(obj, out);
    const alone = options.visits?.[index] ?? memo?.visit(apiKindOf(obj), obj) ?? plain(obj);
    if (obj?.kind === 'VirtualMachine' && String(obj.apiVersion).startsWith('kubevirt.io/')) {
      alone.run('vm', vmCheck, report);
      checkVmOwnFields(obj, report);
      checkVmReferences(obj, report, options.checkReferences !== false, secrets, claims, claimUsers, macs);
      checkVmNetworkData(obj, report, networkDataBySecret);
    }
    if (obj?.kind === 'LoadBalancer' && String(obj.apiVersion).startsWith('loadbalancer.harvesterhci.io/')) alone.run('lb', checkLoadBalancer, report);
    if (obj?.kind === 'ScheduleVMBackup' && String(obj.apiVersion).startsWith('harvesterhci.io/')) {
      alone.run('schedule', checkScheduleBackup, report);
      const vm = `${obj.spec?.vmbackup?.source?.kind}/${obj.metadata?.namespace ?? 'default'}/${obj.spec?.vmbackup?.source?.name}`;
      const other = schedules.get(vm);
      if (other) report('harvester.backup-schedule', 'spec.vmbackup.source.name', obj.spec?.vmbackup?.source?.name, `the VM already has a backup schedule (${other})`);
      schedules.set(vm, obj.metadata?.name);
    }
    if (obj?.kind === 'VirtualMachineImage' && String(obj.apiVersion).startsWith('harvesterhci.io/')) alone.run('image', checkImage, report);
    const core = obj?.apiVersion === 'v1';
    const data = core && (obj.kind === 'Secret' || obj.kind === 'ConfigMap');
    alone.runEach(core && obj.kind === 'PersistentVolumeClaim' ? claimChecks : data ? dataChecks : everyObject, report);
    if (data) checkDataSize(obj, report, 'kubernetes.data-keys');
    if (obj?.kind === 'IPPool' && String(obj.apiVersion).startsWith('loadbalancer.harvesterhci.io/')) {
      allRanges.push(...poolRanges(obj, report).map((r) => ({ ...r, report })));
    }
  });
  // harvester virtualmachine/validator.go checkOccupiedPVCs: 1.6 refuses any PVC another VM uses;
  // 1.8 (pkg/util/virtualmachine CheckBlockRWXVolumeForVM) only one that is not ReadWriteMany or is
  // Longhorn-provisioned (decided here when its StorageClass is in the output)
  let longhornClasses: Set<string> | undefined; // found only when a PVC has two users
  // forEach, not for-of over entries: a pair per claim (one per node) is allocated otherwise
  claimUsers.forEach((users, claim) => {
    if (users.length < 2) return;
    const pvc = claims.get(claim);
    if (!pvc) return;
    const report = reporterFor(pvc, out);
    report('harvester.vm.occupied-pvc', 'metadata.name', claim, `is used by ${users.join(', ')}: Harvester 1.6 lets one VM use a PersistentVolumeClaim`);
    const rwx = list(pvc.spec?.accessModes).includes(AccessMode.READ_WRITE_MANY);
    longhornClasses ??= new Set(objects.filter((o) => o?.kind === 'StorageClass' && o.provisioner === 'driver.longhorn.io').map((o) => o.metadata?.name));
    const longhorn = longhornClasses.has(pvc.spec?.storageClassName);
    if (!rwx || longhorn) {
      report('harvester.vm.occupied-pvc-shareable', 'metadata.name', claim,
        `is used by ${users.join(', ')}: a PersistentVolumeClaim may be shared by VMs only when it is ReadWriteMany and not Longhorn-provisioned (${!rwx ? 'it is not ReadWriteMany' : `StorageClass ${pvc.spec.storageClassName} is Longhorn`})`);
    }
  });
  for (let i = 0; i < allRanges.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = allRanges[i];
      const b = allRanges[j];
      if (a.lo <= b.hi && b.lo <= a.hi) a.report('lb.ippool.overlap', a.field, undefined, `overlaps ${b.owner} ${b.field}`);
    }
  }
  for (const family of FAMILIES) family.checkAll?.(objects, (obj) => reporterFor(obj, out), context);
  return out.flatMap((p) => {
    if (p.rule === undefined) return [p];
    const info = ruleInfo(p.rule);
    if (!info.versions.includes(context.harvesterVersion)) return [];
    return [info.warning ? { ...p, warning: true } : p];
  });
}

/** A Secret's network-config as written in the manifest (plain Secret, or the readable template of an ExternalSecret / SealedSecret). */
class NetworkData {
  private reporter?: Report;

  public constructor(public readonly secretName: string, public readonly text: string, public readonly field: string, private readonly obj: any, private readonly out: RuleProblem[]) {}

  /** The reporter of the object that carries it, made when a rule reads the network-config (most VMs need none). */
  public get report(): Report {
    return (this.reporter ??= reporterFor(this.obj, this.out));
  }
}

function networkDataOf(obj: any, out: RuleProblem[]): NetworkData | undefined {
  let text: unknown;
  let field = '';
  let secretName = obj?.metadata?.name;
  if (obj?.kind === 'Secret' && obj.apiVersion === 'v1') {
    if (typeof obj.stringData?.networkdata === 'string') [text, field] = [obj.stringData.networkdata, 'stringData.networkdata'];
    else if (typeof obj.data?.networkdata === 'string') [text, field] = [Buffer.from(obj.data.networkdata, 'base64').toString('utf8'), 'data.networkdata'];
  } else if (obj?.kind === 'SealedSecret' && typeof obj.spec?.template?.data?.networkdata === 'string') {
    [text, field] = [obj.spec.template.data.networkdata, 'spec.template.data.networkdata'];
    secretName = obj.spec.template.metadata?.name ?? secretName;
  } else if (obj?.kind === 'ExternalSecret' && typeof obj.spec?.target?.template?.data?.networkdata === 'string') {
    [text, field] = [obj.spec.target.template.data.networkdata, 'spec.target.template.data.networkdata'];
    secretName = obj.spec.target.name ?? secretName;
  }
  // a template with expressions is only known in the cluster
  if (typeof text !== 'string' || text.includes('{{')) return undefined;
  return new NetworkData(secretName, text, field, obj, out);
}

/** The network-config document of a text (under `network:` or bare), or undefined when it does not parse (reported elsewhere). */
function networkDocument(text: string): any {
  try {
    const doc = parse(text, { version: '1.1' });
    return doc?.network ?? doc;
  } catch {
    return undefined;
  }
}

/** The guest interface name of the n-th (0-based) NIC of a q35 VM, as systemd names the virtio NICs. */
const GUEST_NIC = /^enp(\d+)s0$/;

/**
 * Rules cloud-init.network.match-mac and cloud-init.network.static-on-masquerade: the VM's
 * network-config against its interfaces. An ethernet matched by MAC must match an interface with
 * that fixed MAC (an interface without one gets a random MAC); an ethernet that is a masquerade
 * NIC (by MAC, or by its `enp<n>s0` name) must not get a static address: KubeVirt's DHCP inside
 * the pod gives it its address.
 */
function checkVmNetworkData(vm: any, report: Report, bySecret: Map<string, NetworkData>): void {
  const ns = vm.metadata?.namespace ?? 'default';
  const t = vm.spec?.template?.spec ?? {};
  const interfaces = list(t.domain?.devices?.interfaces);
  // parsing every node's network-config costs (~0.15 ms each): only when a rule can apply,
  // i.e. the VM has a masquerade NIC or the config matches by MAC
  let masquerade = false;
  for (let i = 0; i < interfaces.length && !masquerade; i++) masquerade = interfaces[i].masquerade !== undefined;
  const found: Array<{ text: string; field: string; report: Report }> = [];
  const volumes = list(t.volumes);
  for (let i = 0; i < volumes.length; i++) {
    for (let s = 0; s < CLOUD_INIT_VOLUMES.length; s++) {
      const source = volumes[i][CLOUD_INIT_VOLUMES[s]];
      if (source === undefined || source === null) continue;
      const ref = source.networkDataSecretRef?.name;
      const data = ref ? bySecret.get(`${ns}/${ref}`) : undefined;
      if (data && (masquerade || data.text.includes('macaddress'))) found.push({ text: data.text, field: data.field, report: data.report });
      const inline = source.networkData;
      if (typeof inline === 'string' && !inline.includes('{{') && (masquerade || inline.includes('macaddress'))) {
        found.push({ text: inline, field: `${sourceField(i, CLOUD_INIT_VOLUMES[s])}.networkData`, report });
      }
    }
  }
  let vmName: string | undefined;
  let macs: Array<string | undefined> | undefined;
  for (const { text, field, report: at } of found) {
    vmName ??= `${ns}/${vm.metadata?.name}`;
    macs ??= interfaces.map((n) => (typeof n.macAddress === 'string' ? normalMac(n.macAddress) : undefined));
    const doc = networkDocument(text);
    if (doc?.version !== 2 || !doc.ethernets || typeof doc.ethernets !== 'object') continue;
    for (const [id, eth] of Object.entries<any>(doc.ethernets)) {
      const mac = typeof eth?.match?.macaddress === 'string' ? eth.match.macaddress.toLowerCase() : undefined;
      let index: number | undefined;
      if (mac !== undefined) {
        index = macs.indexOf(mac);
        if (index < 0) {
          at('cloud-init.network.match-mac', `${field}.ethernets.${id}.match.macaddress`, eth.match.macaddress,
            `matches no interface of VirtualMachine ${vmName} (fixed MACs: ${macs.filter(Boolean).join(', ') || 'none'}; an interface without macAddress gets a random one)`);
          continue;
        }
      } else if (!eth?.match) {
        const named = GUEST_NIC.exec(id);
        if (named) index = Number(named[1]) - 1;
      }
      const nic = index !== undefined ? interfaces[index] : undefined;
      if (nic?.masquerade !== undefined && list(eth?.addresses).length > 0) {
        at('cloud-init.network.static-on-masquerade', `${field}.ethernets.${id}.addresses`, eth.addresses,
          `interface "${nic.name}" of VirtualMachine ${vmName} is masquerade on the pod network: KubeVirt's DHCP gives the guest its address; a static one cuts the VM off`);
      }
    }
  }
}

function checkVmReferences(
  vm: any, report: Report, checkReferences: boolean, secrets: Set<string>, claims: Map<string, any>,
  claimUsers: Map<string, string[]>, macs: Map<string, string>,
): void {
  const ns = vm.metadata?.namespace ?? 'default';
  const t = vm.spec?.template?.spec ?? {};
  const self = `${ns}/${vm.metadata?.name}`;
  const volumes = list(t.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i];
    const claim = v.persistentVolumeClaim?.claimName;
    if (claim) {
      const key = `${ns}/${claim}`;
      const users = claimUsers.get(key);
      if (users) users.push(self);
      else claimUsers.set(key, [self]);
      if (checkReferences && !claims.has(key)) report('references.claim', `spec.template.spec.volumes[${i}].persistentVolumeClaim.claimName`, claim, 'no PersistentVolumeClaim of that name in the output (declare it external if it exists)');
    }
    if (!checkReferences) continue;
    for (let s = 0; s < CLOUD_INIT_VOLUMES.length; s++) {
      const source = CLOUD_INIT_VOLUMES[s];
      const data = v[source];
      if (data === undefined || data === null) continue;
      for (let r = 0; r < SECRET_REFS.length; r++) {
        const ref = SECRET_REFS[r];
        const name = data[ref]?.name;
        if (name && !secrets.has(`${ns}/${name}`)) {
          report('references.secret', `${sourceField(i, source)}.${ref}.name`, name, 'no Secret of that name in the output (declare it external if it exists)');
        }
      }
    }
  }
  const interfaces = list(t.domain?.devices?.interfaces);
  if (interfaces.length === 0) return;
  const networks = list(t.networks);
  for (let i = 0; i < interfaces.length; i++) {
    const n = interfaces[i];
    if (!n.macAddress) continue;
    // the interface's network (the last of its name): its multus network, or the pod network (a VM has a few networks: no map per VM)
    let network: string | undefined;
    for (let j = networks.length - 1; j >= 0; j--) {
      if (networks[j].name === n.name) {
        network = networks[j].multus?.networkName ?? 'pod';
        break;
      }
    }
    const key = `${network}|${normalMac(String(n.macAddress))}`;
    const other = macs.get(key);
    if (other && other !== self) report('harvester.vm.duplicate-mac', `spec.template.spec.domain.devices.interfaces[${i}].macAddress`, n.macAddress, `MAC address already used on network ${network} by ${other}`);
    macs.set(key, self);
  }
}

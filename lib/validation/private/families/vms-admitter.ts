import { HarvesterVersion } from '../../../platform/harvester';
import { RESERVED_MEMORY_ANNOTATION } from '../../../platform/private/labels';
import { isDnsLabel, isDnsSubdomain } from '../../../core/private/names';
import { parseQuantity } from '../../../core/private/parse-quantity';
import type { RuleReport } from '../problems';
import { NET, RuleFamily, VMS, isKind, list, rule } from '../rule-info';

const KV = 'kubevirt/kubevirt';
const DVT = `${KV} pkg/storage/admitters/data-volume-template.go`;
const IT = `${KV} pkg/instancetype`;

/** The binding plugins Harvester's KubeVirt CR declares (networkConfiguration.binding), both releases. */
const BINDING_PLUGINS: readonly string[] = ['managedtap'];
/** The MAC address KubeVirt keeps for the in-pod bridge of a masquerade interface (pkg/network/link/mac.go). */
const MASQUERADE_BRIDGE_MAC = '02:00:00:00:00:00';
/** Interface states (api/core/v1 schema.go InterfaceState). */
const INTERFACE_STATES: readonly string[] = ['absent', 'down', 'up'];
/** The sources of a DataVolume (CDI api core/v1beta1 DataVolumeSource): exactly one. */
const DATA_VOLUME_SOURCES: readonly string[] = ['http', 's3', 'gcs', 'registry', 'pvc', 'upload', 'blank', 'imageio', 'vddk', 'snapshot'];
/** Matcher kinds the instancetype and preference finders know (compared lower-case; empty means the cluster-wide kind). */
const INSTANCETYPE_KINDS: readonly string[] = ['virtualmachineinstancetype', 'virtualmachineinstancetypes', 'virtualmachineclusterinstancetype', 'virtualmachineclusterinstancetypes'];
const PREFERENCE_KINDS: readonly string[] = ['virtualmachinepreference', 'virtualmachinepreferences', 'virtualmachineclusterpreference', 'virtualmachineclusterpreferences'];
/** inferFromVolumeFailurePolicy values. */
const INFER_FAILURE_POLICIES: readonly string[] = ['Ignore', 'Reject'];
/** spec.updateVolumesStrategy values the VM controller knows. */
const UPDATE_VOLUMES_STRATEGIES: readonly string[] = ['Replacement', 'Migration'];
/** Memory hotplug: block alignment (2 MiB, 1 GiB with 1Gi hugepages) and the least guest memory (1 GiB), pkg/liveupdate/memory. */
const HOTPLUG_BLOCK = 2 * 1024 ** 2;
const HOTPLUG_BLOCK_1G_HUGEPAGES = 1024 ** 3;
const HOTPLUG_MIN_GUEST = 1024 ** 3;
/** Harvester's annotation that keeps the user's maxSockets and memory.guest (pkg/util/constants.go). */
const HOTPLUG_ANNOTATION = 'harvesterhci.io/enableCPUAndMemoryHotplug';

const INTERFACES = 'spec.template.spec.domain.devices.interfaces';
/** Template annotations that need an alpha feature gate Harvester does not enable (vmi-create-admitter.go ValidateVirtualMachineInstanceMetadata). */
const GATED_ANNOTATIONS: ReadonlyArray<[string, string]> = [['kubevirt.io/ignitiondata', 'ExperimentalIgnitionSupport'], ['hooks.kubevirt.io/hookSidecars', 'Sidecar']];

/**
 * KubeVirt's VirtualMachine admission beyond the core rules: vms-admitter.go (template, live-update
 * CPU and memory limits), the storage admitter's dataVolumeTemplates checks, the instancetype
 * mutator / admitter (matchers, what an instancetype owns in the template), and the network
 * admitter's binding and interface-state checks as Harvester's KubeVirt configuration decides them.
 */
export const vmsAdmitter: RuleFamily = {
  rules: [
    rule('kubevirt.vm.template-required', 'KubeVirt', `${VMS} ValidateVirtualMachineSpec`, 'a VirtualMachine has spec.template'),
    rule('kubevirt.vm.template-annotation-gates', 'KubeVirt', `${KV} pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go ValidateVirtualMachineInstanceMetadata`,
      `no template annotation whose feature gate Harvester does not enable: ${GATED_ANNOTATIONS.map(([a, g]) => `${a} (${g})`).join(', ')}`),
    rule('kubevirt.vm.data-volume-templates', 'KubeVirt', `${DVT} ValidateDataVolumeTemplate / validateDataVolume / validateNumberOfSources`,
      'a dataVolumeTemplate is named, has one of pvc or storage, one way to be populated (source with exactly one kind, sourceRef, or dataSource/dataSourceRef) and is used by a volume'),
    rule('kubevirt.vm.data-volume-template-namespace', 'KubeVirt', `${DVT} validateVirtualMachineDataVolumeTemplateNamespace`, 'a dataVolumeTemplate namespace, when set, is the VM\'s'),
    rule('kubevirt.vm.instancetype-matchers', 'KubeVirt', `${IT}/webhooks/vm/mutator.go validateInstancetypeMatcher / validatePreferenceMatcher, ${IT}/infer/volume.go fromVolumes`,
      'an instancetype or preference matcher has name or inferFromVolume (not both, no kind with inferFromVolume), a known failure policy, and inferFromVolume names a PVC or dataVolume volume of the template'),
    rule('kubevirt.vm.instancetype-kind', 'KubeVirt', `${IT}/find/spec.go / ${IT}/preference/find/spec.go (KubeVirt 1.5 refuses a failed lookup; 1.7 only warns)`,
      'an instancetype or preference kind is one the finders know', [HarvesterVersion.V1_6]),
    rule('kubevirt.vm.instancetype-conflicts', 'KubeVirt', `${IT}/apply/cpu.go validateCPU, ${IT}/apply/memory.go (1.7 validateMemory); harvester/harvester v1.8 pkg/webhook/resources/virtualmachine/mutator.go patchDefaultCPU`,
      'with an instancetype, the template sets no CPU requests/limits, sockets/cores/threads, memory requests/limits or guest memory (1.5: no domain.memory at all); on Harvester 1.8 every VM gets a CPU topology, so none may use an instancetype'),
    rule('kubevirt.vm.live-update-cpu', 'KubeVirt', `${VMS} validateLiveUpdateCPU, vmi-create-admitter.go validateCPUHotplug`, 'CPU sockets (as KubeVirt defaults them) are at most maxSockets'),
    rule('kubevirt.vm.live-update-memory', 'KubeVirt', `${VMS} validateLiveUpdateFeatures, ${KV} pkg/liveupdate/memory/memory.go ValidateLiveUpdateMemory`,
      'with memory.maxGuest: no realtime, guest mapping passthrough or launch security; guest memory set, ≥ 1Gi, ≤ maxGuest; both block aligned; an architecture memory hotplug supports'),
    rule('kubevirt.vm.update-volumes-strategy', 'KubeVirt', `${KV} pkg/virt-controller/watch/vm/vm.go (updateVolumes strategy)`, 'spec.updateVolumesStrategy is Replacement or Migration (the controller fails every volume update otherwise)'),
    rule('kubevirt.vmi.interface-state', 'KubeVirt', `${NET}admit.go validateInterfaceStateValue`, 'an interface state is absent, down or up; not up/down on SR-IOV; absent only with bridge binding and not on the default network'),
    rule('kubevirt.vmi.slirp-binding', 'KubeVirt', `${NET}slirp.go validateCreationSlirpBinding`, 'no slirp interface (discontinued since KubeVirt 1.3, refused when the VM is created)'),
    rule('kubevirt.vmi.macvtap-passt-binding', 'KubeVirt', `${NET}macvtap.go validateMacvtapBinding / passt.go validatePasstBinding`,
      'no macvtap or passt interface method (they need the Macvtap / Passt feature gates, which Harvester does not enable); macvtap only on Multus, passt only on the pod network'),
    rule('kubevirt.vmi.masquerade-reserved-mac', 'KubeVirt', `${NET}binding.go validateMasqueradeBinding`, `a masquerade interface does not use ${MASQUERADE_BRIDGE_MAC}, the in-pod bridge's MAC`),
    rule('kubevirt.vmi.binding-plugin', 'KubeVirt', `${KV} pkg/network/multus/annotation.go newBindingPluginAnnotationData, with Harvester's networkConfiguration.binding`,
      `a binding plugin is one Harvester declares (${BINDING_PLUGINS.join(', ')}); another one fails the VM's pod`),
    rule('kubevirt.vmi.multus-network-name', 'GitVops', `${KV} pkg/network/multus/nad.go NetAttachDefNamespacedName (networkName split at the first "/")`,
      'a Multus networkName is "name" or "namespace/name" that a NetworkAttachmentDefinition can have'),
  ],
  check(obj: any, report: RuleReport, context) {
    if (!isKind(obj, 'kubevirt.io', 'VirtualMachine')) return;
    const spec = obj.spec ?? {};
    const version = context.harvesterVersion;
    if (spec.template === undefined || spec.template === null) {
      report('kubevirt.vm.template-required', 'spec.template', undefined, 'a VirtualMachine needs spec.template (the VMI it runs)');
      return;
    }
    const annotations = spec.template.metadata?.annotations ?? {};
    for (const [key, gate] of GATED_ANNOTATIONS) {
      if (typeof annotations[key] === 'string' && annotations[key] !== '') {
        report('kubevirt.vm.template-annotation-gates', `spec.template.metadata.annotations.${key}`, annotations[key], `needs KubeVirt's ${gate} feature gate, which Harvester does not enable`);
      }
    }
    const t = spec.template.spec ?? {};
    checkDataVolumeTemplates(obj, t, report);
    checkMatchers(spec, t, report);
    checkInstancetypeConflicts(spec, t, report, version);
    checkLiveUpdateCpu(t, report, version);
    checkLiveUpdateMemory(obj, t, report, version);
    if (spec.updateVolumesStrategy !== undefined && !UPDATE_VOLUMES_STRATEGIES.includes(spec.updateVolumesStrategy)) {
      report('kubevirt.vm.update-volumes-strategy', 'spec.updateVolumesStrategy', spec.updateVolumesStrategy, `must be one of: ${UPDATE_VOLUMES_STRATEGIES.join(', ')}`);
    }
    checkNetworkBindings(t, report);
  },
};

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function checkDataVolumeTemplates(vm: any, t: any, report: RuleReport): void {
  const volumes = list(t.volumes);
  const vmNamespace = vm.metadata?.namespace;
  list(vm.spec.dataVolumeTemplates).forEach((dvt, i) => {
    const at = `spec.dataVolumeTemplates[${i}]`;
    const name = dvt?.metadata?.name;
    const ns = dvt?.metadata?.namespace;
    if (typeof vmNamespace === 'string' && vmNamespace !== '' && typeof ns === 'string' && ns !== '' && ns !== vmNamespace) {
      report('kubevirt.vm.data-volume-template-namespace', `${at}.metadata.namespace`, ns, `must be the VM's namespace (${vmNamespace}) or unset`);
    }
    const problem = dataVolumeProblem(dvt, at);
    if (problem) return report('kubevirt.vm.data-volume-templates', problem.field, problem.value, problem.message);
    const used = volumes.some((v) => v?.persistentVolumeClaim?.claimName === name || v?.dataVolume?.name === name);
    if (!used) report('kubevirt.vm.data-volume-templates', `${at}.metadata.name`, name, `dataVolumeTemplate "${name}" is used by no volume of the template (persistentVolumeClaim.claimName or dataVolume.name)`);
  });
}

/** The first problem of one dataVolumeTemplate, as the storage admitter stops at the first. */
function dataVolumeProblem(dvt: any, at: string): { field: string; value: unknown; message: string } | undefined {
  const name = dvt?.metadata?.name;
  if (typeof name !== 'string' || name === '') return { field: `${at}.metadata.name`, value: name, message: 'a dataVolumeTemplate needs metadata.name' };
  const s = dvt.spec ?? {};
  if (!present(s.pvc) && !present(s.storage)) return { field: `${at}.spec`, value: undefined, message: 'needs spec.pvc or spec.storage (the claim to create)' };
  if (present(s.pvc) && present(s.storage)) return { field: `${at}.spec`, value: undefined, message: 'only one of spec.pvc and spec.storage' };
  const claim = s.pvc ?? s.storage;
  const external = present(claim.dataSource) || present(claim.dataSourceRef);
  const sourced = present(s.source) || present(s.sourceRef);
  if (external && sourced) return { field: `${at}.spec.source`, value: undefined, message: 'a dataSource/dataSourceRef (external population) cannot be combined with source or sourceRef' };
  if (!external && !sourced) return { field: `${at}.spec.source`, value: undefined, message: 'needs source, sourceRef, or a dataSource/dataSourceRef to be populated from' };
  if (present(s.source)) {
    const kinds = DATA_VOLUME_SOURCES.filter((k) => present(s.source[k]));
    if (kinds.length !== 1) return { field: `${at}.spec.source`, value: kinds, message: `needs exactly one source kind: ${DATA_VOLUME_SOURCES.join(', ')}` };
  }
  return undefined;
}

/** Instancetype and preference matchers: the mutator's matcher checks and the inference's volume lookup. */
function checkMatchers(spec: any, t: any, report: RuleReport): void {
  const volumes = list(t.volumes);
  for (const [key, kinds] of [['instancetype', INSTANCETYPE_KINDS], ['preference', PREFERENCE_KINDS]] as const) {
    const m = spec[key];
    if (!m || typeof m !== 'object') continue;
    const at = `spec.${key}`;
    const infer = typeof m.inferFromVolume === 'string' && m.inferFromVolume !== '' ? m.inferFromVolume : undefined;
    const named = typeof m.name === 'string' && m.name !== '';
    if (!named && !infer) report('kubevirt.vm.instancetype-matchers', at, m, 'needs name or inferFromVolume');
    if (infer && named) report('kubevirt.vm.instancetype-matchers', `${at}.name`, m.name, 'no name with inferFromVolume');
    if (infer && typeof m.kind === 'string' && m.kind !== '') report('kubevirt.vm.instancetype-matchers', `${at}.kind`, m.kind, 'no kind with inferFromVolume');
    const policy = m.inferFromVolumeFailurePolicy;
    if (policy !== undefined && !INFER_FAILURE_POLICIES.includes(policy)) {
      report('kubevirt.vm.instancetype-matchers', `${at}.inferFromVolumeFailurePolicy`, policy, `must be one of: ${INFER_FAILURE_POLICIES.join(', ')}`);
    }
    if (infer) {
      const volume = volumes.find((v) => v?.name === infer);
      if (!volume) {
        report('kubevirt.vm.instancetype-matchers', `${at}.inferFromVolume`, infer, `names no volume of the template (volumes: ${volumes.map((v) => v?.name).join(', ') || 'none'})`);
      } else if (!present(volume.persistentVolumeClaim) && !present(volume.dataVolume) && policy !== 'Ignore') {
        report('kubevirt.vm.instancetype-matchers', `${at}.inferFromVolume`, infer, 'can infer only from a persistentVolumeClaim or dataVolume volume (or set inferFromVolumeFailurePolicy: Ignore)');
      }
    }
    // KubeVirt 1.5 refuses a lookup that fails; the kind is checked before any lookup
    const kind = m.kind;
    if (named && !infer && !m.revisionName && typeof kind === 'string' && kind !== '' && !kinds.includes(kind.toLowerCase())) {
      report('kubevirt.vm.instancetype-kind', `${at}.kind`, kind, `must be one of: ${kinds.filter((k) => !k.endsWith('s')).join(', ')} (any case, singular or plural)`);
    }
  }
}

/** What an instancetype owns in the template, whatever the instancetype holds (pkg/instancetype/apply). */
function checkInstancetypeConflicts(spec: any, t: any, report: RuleReport, version: HarvesterVersion): void {
  const m = spec.instancetype;
  if (!m || typeof m.name !== 'string' || m.name === '') return;
  const at = 'spec.template.spec.domain';
  const d = t.domain ?? {};
  const owned = 'is set by the instancetype: remove it from the template';
  for (const kind of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) {
      if (present(d.resources?.[kind]?.[resource])) report('kubevirt.vm.instancetype-conflicts', `${at}.resources.${kind}.${resource}`, d.resources[kind][resource], owned);
    }
  }
  const cpu = d.cpu ?? {};
  let topology = false;
  for (const key of ['sockets', 'cores', 'threads']) {
    if (typeof cpu[key] === 'number' && cpu[key] !== 0) {
      topology = true;
      report('kubevirt.vm.instancetype-conflicts', `${at}.cpu.${key}`, cpu[key], owned);
    }
  }
  if (version === HarvesterVersion.V1_6) {
    if (present(d.memory)) report('kubevirt.vm.instancetype-conflicts', `${at}.memory`, d.memory, 'is set by the instancetype (KubeVirt 1.5 takes the whole domain.memory from it): remove it from the template');
  } else {
    if (present(d.memory?.guest)) report('kubevirt.vm.instancetype-conflicts', `${at}.memory.guest`, d.memory.guest, owned);
    // Harvester 1.8's mutator gives every VM cores, sockets and threads (1 when unset), which the
    // instancetype owns: the VM is refused whenever the instancetype exists
    if (!topology) {
      report('kubevirt.vm.instancetype-conflicts', 'spec.instancetype.name', m.name,
        'Harvester 1.8 sets cpu cores/sockets/threads on every VM (patchDefaultCPU), which conflicts with any instancetype: give the CPU and memory in the template instead');
    }
  }
}

/** A CPU quantity as a whole number of CPUs, rounded up (resource.Quantity Value()). */
function wholeCpus(value: unknown): number | undefined {
  const n = parseQuantity(value);
  return n === undefined ? undefined : Math.ceil(n);
}

/**
 * Sockets at most maxSockets, on the template as KubeVirt defaults it: with no topology set, the
 * CPU limit (else the request) becomes the socket count (defaults.go SetDefaultGuestCPUTopology);
 * Harvester 1.8 first sets an unset count to 1 (mutator patchDefaultCPU).
 */
function checkLiveUpdateCpu(t: any, report: RuleReport, version: HarvesterVersion): void {
  const cpu = t.domain?.cpu;
  if (!cpu || typeof cpu.maxSockets !== 'number' || cpu.maxSockets === 0) return;
  const field = 'spec.template.spec.domain.cpu.sockets';
  const given = ['sockets', 'cores', 'threads'].some((k) => typeof cpu[k] === 'number' && cpu[k] !== 0);
  if (given || version === HarvesterVersion.V1_8) {
    const sockets = typeof cpu.sockets === 'number' && cpu.sockets !== 0 ? cpu.sockets : version === HarvesterVersion.V1_8 ? 1 : 0;
    if (sockets > cpu.maxSockets) report('kubevirt.vm.live-update-cpu', field, sockets, `must be at most maxSockets (${cpu.maxSockets})`);
    return;
  }
  const resources = t.domain?.resources ?? {};
  const derived = wholeCpus(resources.limits?.cpu) ?? wholeCpus(resources.requests?.cpu) ?? 1;
  if (derived > cpu.maxSockets) {
    report('kubevirt.vm.live-update-cpu', field, derived, `with no CPU topology KubeVirt makes the CPU count (${derived}) the sockets, more than maxSockets (${cpu.maxSockets}): set sockets/cores/threads`);
  }
}

/**
 * The guest memory KubeVirt checks, or undefined when the cluster decides it. Harvester's mutator
 * (when limits.memory is set) rewrites memory.guest to limits.memory less the reserved memory,
 * keeping the user's value only with the CPU-and-memory-hotplug annotation; without limits,
 * KubeVirt defaults it from requests or limits (defaults.go setGuestMemory).
 */
function effectiveGuestMemory(vm: any, d: any): number | undefined {
  const guest = parseQuantity(d.memory?.guest);
  const limit = parseQuantity(d.resources?.limits?.memory);
  if (limit !== undefined && limit > 0) {
    if (String(vm.metadata?.annotations?.[HOTPLUG_ANNOTATION] ?? '').toLowerCase() === 'true') return guest;
    const reserved = parseQuantity(vm.metadata?.annotations?.[RESERVED_MEMORY_ANNOTATION]);
    return reserved !== undefined && reserved < limit ? limit - reserved : undefined;
  }
  return guest ?? parseQuantity(d.resources?.requests?.memory) ?? parseQuantity(d.memory?.hugepages?.pageSize);
}

function checkLiveUpdateMemory(vm: any, t: any, report: RuleReport, version: HarvesterVersion): void {
  const d = t.domain ?? {};
  const maxGuest = parseQuantity(d.memory?.maxGuest);
  if (maxGuest === undefined) return;
  const at = 'spec.template.spec.domain';
  const r = 'kubevirt.vm.live-update-memory';
  if (present(d.cpu?.realtime)) report(r, `${at}.cpu.realtime`, d.cpu.realtime, 'memory hotplug (memory.maxGuest) is not compatible with realtime VMs');
  if (present(d.cpu?.numa?.guestMappingPassthrough)) report(r, `${at}.cpu.numa.guestMappingPassthrough`, {}, 'memory hotplug (memory.maxGuest) is not compatible with guest mapping passthrough');
  if (present(d.launchSecurity)) report(r, `${at}.launchSecurity`, d.launchSecurity, 'memory hotplug (memory.maxGuest) is not compatible with encrypted VMs');
  const align = d.memory?.hugepages?.pageSize === '1Gi' ? HOTPLUG_BLOCK_1G_HUGEPAGES : HOTPLUG_BLOCK;
  const alignText = align === HOTPLUG_BLOCK ? '2Mi' : '1Gi';
  if (maxGuest % align !== 0) report(r, `${at}.memory.maxGuest`, d.memory.maxGuest, `must be ${alignText} aligned`);
  const guest = effectiveGuestMemory(vm, d);
  const hasAny = present(d.memory?.guest) || present(d.resources?.requests?.memory) || present(d.resources?.limits?.memory) || present(d.memory?.hugepages);
  if (!hasAny) report(r, `${at}.memory.guest`, undefined, 'guest memory must be set with memory.maxGuest');
  if (guest !== undefined) {
    const shown = d.memory?.guest ?? `${guest} bytes`;
    if (guest > maxGuest) report(r, `${at}.memory.guest`, shown, `must be at most memory.maxGuest (${d.memory.maxGuest})`);
    if (guest % align !== 0) report(r, `${at}.memory.guest`, shown, `must be ${alignText} aligned with memory.maxGuest`);
    if (guest < HOTPLUG_MIN_GUEST) report(r, `${at}.memory.guest`, shown, 'memory hotplug (memory.maxGuest) needs at least 1Gi of guest memory');
  }
  const arch = typeof t.architecture === 'string' && t.architecture !== '' ? t.architecture : 'amd64';
  const arches = version === HarvesterVersion.V1_6 ? ['amd64', 'arm64'] : ['amd64'];
  if (!arches.includes(arch)) report(r, 'spec.template.spec.architecture', arch, `memory hotplug (memory.maxGuest) is only for ${arches.join(' and ')} VMs`);
}

/** The default network: the first that is not a secondary Multus network (vmispec LookUpDefaultNetwork). */
function defaultNetworkName(networks: any[]): string | undefined {
  return networks.find((n) => !(present(n?.multus) && n.multus.default !== true))?.name;
}

function checkNetworkBindings(t: any, report: RuleReport): void {
  const networks = list(t.networks);
  const byName = new Map(networks.map((n) => [n?.name, n]));
  const defaultNet = defaultNetworkName(networks);
  list(t.domain?.devices?.interfaces).forEach((n, i) => {
    const f = `${INTERFACES}[${i}]`;
    const net = byName.get(n?.name);
    const state = n?.state;
    if (state !== undefined && state !== '') {
      if (!INTERFACE_STATES.includes(state)) report('kubevirt.vmi.interface-state', `${f}.state`, state, `must be one of: ${INTERFACE_STATES.join(', ')}`);
      if (present(n.sriov) && (state === 'up' || state === 'down')) report('kubevirt.vmi.interface-state', `${f}.state`, state, `state "${state}" is not supported for SR-IOV interfaces`);
      if (state === 'absent' && !present(n.bridge)) report('kubevirt.vmi.interface-state', `${f}.state`, state, 'state "absent" is supported only with bridge binding');
      if (state === 'absent' && defaultNet !== undefined && defaultNet === n.name) report('kubevirt.vmi.interface-state', `${f}.state`, state, 'state "absent" is not supported on the default network (pod or Multus default)');
    }
    if (present(n?.slirp)) report('kubevirt.vmi.slirp-binding', `${f}.slirp`, {}, 'slirp is discontinued since KubeVirt 1.3 and refused when the VM is created: use masquerade on the pod network');
    if (present(n?.macvtap)) {
      report('kubevirt.vmi.macvtap-passt-binding', `${f}.macvtap`, {}, 'the macvtap method needs the Macvtap feature gate, which Harvester does not enable (discontinued since KubeVirt 1.3): use bridge');
      if (net && !present(net.multus)) report('kubevirt.vmi.macvtap-passt-binding', `${f}.macvtap`, {}, 'macvtap works only on a Multus network');
    }
    if (present(n?.passt)) {
      report('kubevirt.vmi.macvtap-passt-binding', `${f}.passt`, {}, 'the passt method needs the Passt feature gate, which Harvester does not enable (discontinued since KubeVirt 1.3): use masquerade');
      if (net && !present(net.pod)) report('kubevirt.vmi.macvtap-passt-binding', `${f}.passt`, {}, 'passt works only on the pod network');
    }
    if (present(n?.masquerade) && n.macAddress === MASQUERADE_BRIDGE_MAC) {
      report('kubevirt.vmi.masquerade-reserved-mac', `${f}.macAddress`, n.macAddress, `${MASQUERADE_BRIDGE_MAC} is reserved for the in-pod bridge of masquerade: choose another MAC`);
    }
    if (present(n?.binding)) {
      const name = n.binding.name;
      if (!BINDING_PLUGINS.includes(name)) report('kubevirt.vmi.binding-plugin', `${f}.binding.name`, name, `must be a binding plugin Harvester declares: ${BINDING_PLUGINS.join(', ')}`);
    }
  });
  networks.forEach((n, i) => {
    const name = n?.multus?.networkName;
    if (typeof name !== 'string' || name === '') return;
    const slash = name.indexOf('/');
    const [ns, nad] = slash < 0 ? [undefined, name] : [name.slice(0, slash), name.slice(slash + 1)];
    if ((ns !== undefined && !isDnsLabel(ns)) || !isDnsSubdomain(nad)) {
      report('kubevirt.vmi.multus-network-name', `spec.template.spec.networks[${i}].multus.networkName`, name,
        'must be "name" or "namespace/name" of a NetworkAttachmentDefinition (namespace a DNS-1123 label, name a DNS-1123 subdomain)');
    }
  });
}

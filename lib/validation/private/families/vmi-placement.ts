import { HarvesterVersion } from '../../../platform/harvester';
import { RESERVED_MEMORY_ANNOTATION } from '../../../platform/private/labels';
import { parseQuantity } from '../../../core/private/parse-quantity';
import type { RuleReport } from '../problems';
import { RuleFamily, VMI, VMS, isKind, list, rule } from '../rule-info';

/**
 * CPU, memory and placement checks of KubeVirt's VMI admitter (vmi-create-admitter.go
 * ValidateVirtualMachineInstanceSpec, shared by the VM admitter for `spec.template.spec`) and
 * the VM admitter's live-update checks, at KubeVirt v1.5 (Harvester 1.6) and v1.7 (Harvester 1.8).
 *
 * KubeVirt validates a VM after every mutating webhook ran and on a copy with its defaults
 * applied, so each check reads the values it would see:
 * - Harvester's VM mutator (harvester/harvester pkg/webhook/resources/virtualmachine/mutator.go
 *   patchResourceOvercommit / generateMemoryPatch) replaces the requests when limits are set: with
 *   dedicatedCpuPlacement by the limits themselves, otherwise by a cluster overcommit setting
 *   (then unknown here); it rewrites memory.guest to limits.memory − reserved memory unless the
 *   CPU and memory hotplug annotation is "true". On Harvester 1.8 (patchDefaultCPU) it sets every
 *   unset CPU topology field to 1.
 * - KubeVirt's defaults (pkg/defaults/defaults.go SetDefaultVirtualMachineInstanceSpec): requests
 *   from limits, guest memory from requests / limits / the hugepage size, and (v1.5, when no
 *   topology field is set) sockets from the CPU limit or request.
 */

/** KubeVirt's CPU feature policies (vmi-create-admitter.go validCPUFeaturePolicies; '' is the default, require). */
const CPU_FEATURE_POLICIES: readonly string[] = ['force', 'require', 'optional', 'disable', 'forbid'];
/** KubeVirt's eviction strategies (vmi-create-admitter.go isValidEvictionStrategy). */
const EVICTION_STRATEGIES: readonly string[] = ['LiveMigrate', 'LiveMigrateIfPossible', 'None', 'External'];
/** The only start strategy KubeVirt knows (api/core/v1 StartStrategyPaused). */
const START_STRATEGY_PAUSED = 'Paused';
/** The architecture of Harvester's nodes; others need the MultiArchitecture feature gate, which Harvester does not enable. */
const NODE_ARCHITECTURE = 'amd64';
/** VM annotation that turns on CPU and memory hotplug in Harvester (harvester/harvester pkg/util/constants.go). */
const HOTPLUG_ANNOTATION = 'harvesterhci.io/enableCPUAndMemoryHotplug';
/** Memory hotplug block sizes (kubevirt pkg/liveupdate/memory/memory.go): 2 MiB, or 1 GiB with 1Gi hugepages. */
const HOTPLUG_ALIGNMENT = 2 * 1024 ** 2;
const HOTPLUG_ALIGNMENT_1G_PAGES = 1024 ** 3;
/** Memory hotplug needs at least this much guest memory (memory.go requiredMinGuestMemory, 1 GiB). */
const HOTPLUG_MIN_GUEST = 1024 ** 3;

const CPU_PINNING = `${VMI} validateCpuPinning`;

/** The rules of this family. */
const RULES = [
  rule('kubevirt.vmi.dedicated-cpu-topology', 'KubeVirt', `${CPU_PINNING} (validateRequestOrLimitWithCoresProvidedOnDedicatedCPUPlacement / validateThreadCountOnDedicatedCPUPlacement), with Harvester's VM mutator and KubeVirt's topology defaults`,
    'with dedicatedCpuPlacement, the CPU limit (or request) equals sockets × cores × threads and threads ≤ 2'),
  rule('kubevirt.vmi.isolate-emulator-thread', 'KubeVirt', `${VMI} validateCPUIsolatorThread`, 'isolateEmulatorThread only with dedicatedCpuPlacement'),
  rule('kubevirt.vmi.numa-passthrough', 'KubeVirt', `${VMI} validateNUMA`, 'numa.guestMappingPassthrough needs dedicatedCpuPlacement and hugepages'),
  rule('kubevirt.vmi.realtime', 'KubeVirt', `${VMI} validateRealtime (validateCPURealtime / validateMemoryRealtime)`, 'cpu.realtime needs dedicatedCpuPlacement and numa.guestMappingPassthrough'),
  rule('kubevirt.vmi.cpu-feature-policy', 'KubeVirt', `${VMI} validateCPUFeaturePolicies`, 'a CPU feature policy is force, require, optional, disable or forbid'),
  rule('kubevirt.vmi.max-sockets', 'KubeVirt', `${VMI} validateCPUHotplug; ${VMS} validateLiveUpdateCPU`, 'CPU sockets ≤ maxSockets when maxSockets is set (Harvester makes it 1 when limits.memory is set without its hotplug annotation)'),
  rule('kubevirt.vmi.hugepages', 'KubeVirt', `${VMI} validateHugepagesMemoryRequests, with Harvester's VM mutator and KubeVirt's memory defaults`,
    'the hugepage size is a quantity; the VM memory is at least one page and a multiple of the page size'),
  rule('kubevirt.vm.memory-hotplug', 'KubeVirt', `${VMS} validateLiveUpdateFeatures with kubevirt/kubevirt pkg/liveupdate/memory/memory.go ValidateLiveUpdateMemory (Harvester rolls out by LiveUpdate)`,
    'with maxGuest: no realtime, NUMA passthrough or launch security; guest ≤ maxGuest, both 2Mi-aligned (1Gi with 1Gi hugepages), guest ≥ 1Gi'),
  rule('kubevirt.vmi.eviction-strategy', 'KubeVirt', `${VMI} validateLiveMigration (isValidEvictionStrategy)`, 'evictionStrategy is LiveMigrate, LiveMigrateIfPossible, None or External'),
  rule('kubevirt.vmi.start-strategy', 'KubeVirt', `${VMI} validateStartStrategy`, 'startStrategy is Paused, and not with a livenessProbe'),
  rule('kubevirt.vmi.architecture', 'KubeVirt', `${VMI} validateArchitecture / validateThreadCountOnArchitecture (MultiArchitecture feature gate, not enabled on Harvester)`,
    'architecture is amd64 (or unset): another needs the MultiArchitecture feature gate'),
];

/** A quantity's integer value as Kubernetes' Quantity.Value() gives it: rounded up. */
function ceilValue(value: number): number {
  return Math.ceil(Math.round(value * 1e6) / 1e6);
}

/** A positive quantity, or undefined (absent, zero, negative or not a quantity). */
function positive(value: unknown): number | undefined {
  const n = parseQuantity(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/** A topology field as KubeVirt reads it (uint32; anything else as unset). */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}

/** The CPU topology KubeVirt validates, after Harvester's mutator and KubeVirt's defaults. */
interface Topology {
  readonly sockets: number;
  /** sockets × cores × threads (hwutil.GetNumberOfVCPUs: unset fields are skipped). */
  readonly vcpus: number;
  /** Where the topology came from, for messages. */
  readonly source: string;
}

function topology(domain: any, version: HarvesterVersion): Topology {
  const cpu = domain.cpu ?? {};
  const [cores, sockets, threads] = [count(cpu.cores), count(cpu.sockets), count(cpu.threads)];
  if (cores || sockets || threads) {
    const vcpus = [cores, sockets, threads].filter((n) => n > 0).reduce((a, b) => a * b, 1);
    // Harvester 1.8 sets an unset field to 1; KubeVirt 1.5 leaves it 0 (and skips it in the product)
    return { sockets: sockets || (version === HarvesterVersion.V1_8 ? 1 : 0), vcpus, source: `sockets × cores × threads = ${vcpus}` };
  }
  if (version === HarvesterVersion.V1_8) return { sockets: 1, vcpus: 1, source: 'Harvester sets an unset topology to 1 socket × 1 core × 1 thread' };
  // KubeVirt v1.5 puts the CPU limit (else the request) into sockets when no topology field is set
  const resources = domain.resources ?? {};
  const from = resources.limits?.cpu !== undefined ? resources.limits.cpu : resources.requests?.cpu;
  const n = from !== undefined ? ceilValue(parseQuantity(from) ?? 0) : 1;
  return { sockets: n, vcpus: n, source: `KubeVirt sets an unset topology to ${n} socket(s) from the CPU resources` };
}

function checkCpu(vm: any, t: any, at: string, report: RuleReport, version: HarvesterVersion): void {
  const d = t.domain ?? {};
  const cpu = d.cpu ?? {};
  const dedicated = cpu.dedicatedCpuPlacement === true;
  const passthrough = cpu.numa?.guestMappingPassthrough !== undefined && cpu.numa?.guestMappingPassthrough !== null;
  const topo = topology(d, version);
  if (dedicated) {
    const limit = ceilValue(Math.max(parseQuantity(d.resources?.limits?.cpu) ?? 0, 0));
    // Harvester's mutator sets requests.cpu to limits.cpu for dedicated CPUs; KubeVirt also defaults it so
    const request = limit > 0 ? limit : ceilValue(Math.max(parseQuantity(d.resources?.requests?.cpu) ?? 0, 0));
    if ((request > 0 || limit > 0) && topo.vcpus > 0 && request !== topo.vcpus && limit !== topo.vcpus) {
      report('kubevirt.vmi.dedicated-cpu-topology', `${at}.domain.cpu.dedicatedCpuPlacement`, true,
        `with dedicatedCpuPlacement, the CPU ${limit > 0 ? 'limit' : 'request'} (${limit > 0 ? d.resources.limits.cpu : d.resources.requests.cpu}) must equal the vCPUs of the topology (${topo.source})`);
    }
    if (count(cpu.threads) > 2) report('kubevirt.vmi.dedicated-cpu-topology', `${at}.domain.cpu.threads`, cpu.threads, 'with dedicatedCpuPlacement, at most 2 threads per core');
  }
  if (cpu.isolateEmulatorThread === true && !dedicated) {
    report('kubevirt.vmi.isolate-emulator-thread', `${at}.domain.cpu.isolateEmulatorThread`, true, 'isolateEmulatorThread needs cpu.dedicatedCpuPlacement: true');
  }
  if (passthrough) {
    const field = `${at}.domain.cpu.numa.guestMappingPassthrough`;
    if (!dedicated) report('kubevirt.vmi.numa-passthrough', field, cpu.numa.guestMappingPassthrough, 'NUMA guestMappingPassthrough needs cpu.dedicatedCpuPlacement: true');
    if (d.memory?.hugepages === undefined || d.memory?.hugepages === null) report('kubevirt.vmi.numa-passthrough', field, cpu.numa.guestMappingPassthrough, 'NUMA guestMappingPassthrough needs memory.hugepages');
  }
  if (cpu.realtime !== undefined && cpu.realtime !== null) {
    if (!dedicated) report('kubevirt.vmi.realtime', `${at}.domain.cpu.dedicatedCpuPlacement`, cpu.dedicatedCpuPlacement, 'cpu.realtime needs cpu.dedicatedCpuPlacement: true');
    if (!passthrough) report('kubevirt.vmi.realtime', `${at}.domain.cpu.numa.guestMappingPassthrough`, undefined, 'cpu.realtime needs cpu.numa.guestMappingPassthrough');
  }
  list(cpu.features).forEach((f, i) => {
    const policy = f?.policy;
    if (policy !== undefined && policy !== '' && !CPU_FEATURE_POLICIES.includes(policy)) {
      report('kubevirt.vmi.cpu-feature-policy', `${at}.domain.cpu.features[${i}].policy`, policy, `CPU feature ${f?.name} uses an unsupported policy; must be one of: ${CPU_FEATURE_POLICIES.join(', ')}`);
    }
  });
  // Harvester's mutator sets maxSockets to 1 when limits.memory is set and hotplug is off; only
  // read here when the manifest sets maxSockets (see the family's report on the unset case)
  const written = count(cpu.maxSockets);
  const mutated = written > 0 && positive(d.resources?.limits?.memory) !== undefined && !hotplugOn(vm);
  const maxSockets = mutated ? 1 : written;
  if (maxSockets > 0 && topo.sockets > maxSockets) {
    const why = mutated && written !== 1 ? ` (Harvester sets maxSockets to 1 unless the ${HOTPLUG_ANNOTATION} annotation is "true")` : '';
    report('kubevirt.vmi.max-sockets', `${at}.domain.cpu.sockets`, cpu.sockets ?? topo.sockets, `${topo.sockets} sockets is more than maxSockets (${maxSockets})${why}${cpu.sockets === undefined ? ` (${topo.source})` : ''}`);
  }
  if (t.architecture !== undefined && t.architecture !== '' && t.architecture !== NODE_ARCHITECTURE) {
    report('kubevirt.vmi.architecture', `${at}.architecture`, t.architecture, `must be ${NODE_ARCHITECTURE} (or unset): another architecture needs KubeVirt's MultiArchitecture feature gate, which Harvester does not enable`);
  }
}

/** Whether Harvester's CPU and memory hotplug is on for a VM (pkg/util/virtualmachine SupportCPUAndMemoryHotplug). */
function hotplugOn(vm: any): boolean {
  return String(vm.metadata?.annotations?.[HOTPLUG_ANNOTATION] ?? '').toLowerCase() === 'true';
}

/** The memory KubeVirt checks against the hugepage size, and the field it comes from (undefined: set by a cluster setting). */
function hugepageMemory(d: any, at: string): { bytes: number; field: string; text: string } | undefined {
  const limit = positive(d.resources?.limits?.memory);
  if (limit !== undefined) {
    // with limits, Harvester's mutator sets requests.memory: the limit for dedicated CPUs, else limit / overcommit
    if (d.cpu?.dedicatedCpuPlacement !== true) return undefined;
    return { bytes: limit, field: `${at}.resources.limits.memory`, text: `${d.resources.limits.memory} (Harvester sets requests.memory to limits.memory for dedicated CPUs)` };
  }
  const request = positive(d.resources?.requests?.memory);
  if (request !== undefined) return { bytes: request, field: `${at}.resources.requests.memory`, text: String(d.resources.requests.memory) };
  const guest = positive(d.memory?.guest);
  if (guest !== undefined) return { bytes: guest, field: `${at}.memory.guest`, text: String(d.memory.guest) };
  return undefined;
}

function checkHugepages(t: any, at: string, report: RuleReport): void {
  const d = t.domain ?? {};
  const hugepages = d.memory?.hugepages;
  if (hugepages === undefined || hugepages === null) return;
  const page = parseQuantity(hugepages.pageSize);
  if (page === undefined || page <= 0) {
    report('kubevirt.vmi.hugepages', `${at}.domain.memory.hugepages.pageSize`, hugepages.pageSize, 'must be a page size quantity such as 2Mi or 1Gi');
    return;
  }
  const memory = hugepageMemory(d, `${at}.domain`);
  if (!memory) return;
  if (memory.bytes < page) report('kubevirt.vmi.hugepages', memory.field, memory.text, `must be at least the hugepage size (${hugepages.pageSize})`);
  else if (memory.bytes % page !== 0) report('kubevirt.vmi.hugepages', memory.field, memory.text, `must be a multiple of the hugepage size (${hugepages.pageSize})`);
}

/**
 * The guest memory KubeVirt's live-update check sees: Harvester's mutator rewrites it to
 * limits.memory − reserved memory unless hotplug is on and the guest is set (the reserved memory
 * without the annotation depends on a cluster setting: undefined); without limits KubeVirt
 * defaults it from requests.memory or the hugepage size. `null`: no guest memory at all.
 */
function hotplugGuest(vm: any, d: any): number | null | undefined {
  const hotplug = hotplugOn(vm);
  const limit = positive(d.resources?.limits?.memory);
  const guest = positive(d.memory?.guest);
  if (limit !== undefined) {
    if (hotplug && guest !== undefined) return guest;
    const reserved = parseQuantity(vm.metadata?.annotations?.[RESERVED_MEMORY_ANNOTATION]);
    return reserved !== undefined && reserved >= 0 ? limit - reserved : undefined;
  }
  return guest ?? positive(d.resources?.requests?.memory) ?? positive(d.memory?.hugepages?.pageSize) ?? null;
}

function checkMemoryHotplug(vm: any, t: any, at: string, report: RuleReport): void {
  const d = t.domain ?? {};
  const maxGuest = parseQuantity(d.memory?.maxGuest);
  if (maxGuest === undefined) return;
  const id = 'kubevirt.vm.memory-hotplug';
  const guestField = `${at}.domain.memory.guest`;
  // ValidateLiveUpdateMemory stops at its first failed check: so does this
  if (d.cpu?.realtime !== undefined && d.cpu?.realtime !== null) return report(id, guestField, d.memory.guest, 'memory hotplug (memory.maxGuest) is not compatible with cpu.realtime');
  if (d.cpu?.numa?.guestMappingPassthrough !== undefined && d.cpu?.numa?.guestMappingPassthrough !== null) return report(id, guestField, d.memory.guest, 'memory hotplug (memory.maxGuest) is not compatible with NUMA guestMappingPassthrough');
  if (d.launchSecurity !== undefined && d.launchSecurity !== null) return report(id, guestField, d.memory.guest, 'memory hotplug (memory.maxGuest) is not compatible with launchSecurity (encrypted VMs)');
  const alignment = d.memory?.hugepages?.pageSize === '1Gi' ? HOTPLUG_ALIGNMENT_1G_PAGES : HOTPLUG_ALIGNMENT;
  const aligned = alignment === HOTPLUG_ALIGNMENT ? '2Mi' : '1Gi';
  const guest = hotplugGuest(vm, d);
  if (guest === null) return report(id, guestField, undefined, 'memory hotplug (memory.maxGuest) needs guest memory');
  const shown = d.memory?.guest ?? (guest !== undefined ? `${guest} bytes` : undefined);
  if (guest !== undefined && guest > maxGuest) return report(id, guestField, shown, `guest memory must be ≤ memory.maxGuest (${d.memory.maxGuest})`);
  if (guest !== undefined && guest % alignment !== 0) return report(id, guestField, shown, `with memory hotplug, guest memory must be ${aligned} aligned`);
  if (maxGuest % alignment !== 0) return report(id, `${at}.domain.memory.maxGuest`, d.memory.maxGuest, `must be ${aligned} aligned`);
  if (guest !== undefined && guest < HOTPLUG_MIN_GUEST) return report(id, guestField, shown, 'memory hotplug needs at least 1Gi of guest memory');
}

function checkStrategies(t: any, at: string, report: RuleReport): void {
  if (t.evictionStrategy !== undefined && t.evictionStrategy !== null && !EVICTION_STRATEGIES.includes(t.evictionStrategy)) {
    report('kubevirt.vmi.eviction-strategy', `${at}.evictionStrategy`, t.evictionStrategy, `must be one of: ${EVICTION_STRATEGIES.join(', ')}`);
  }
  if (t.startStrategy !== undefined && t.startStrategy !== null) {
    if (t.startStrategy !== START_STRATEGY_PAUSED) report('kubevirt.vmi.start-strategy', `${at}.startStrategy`, t.startStrategy, `must be ${START_STRATEGY_PAUSED} (or unset)`);
    else if (t.livenessProbe !== undefined && t.livenessProbe !== null) report('kubevirt.vmi.start-strategy', `${at}.startStrategy`, t.startStrategy, 'a VM cannot start Paused with a livenessProbe: set one of startStrategy and livenessProbe');
  }
}

/**
 * KubeVirt's CPU topology, dedicated CPU, NUMA, realtime, hugepages, memory hotplug, eviction /
 * start strategy and architecture checks on a VirtualMachine's template.
 */
export const vmiPlacement: RuleFamily = {
  rules: RULES,
  check(obj, report, context) {
    if (!isKind(obj, 'kubevirt.io', 'VirtualMachine')) return;
    const t = obj.spec?.template?.spec;
    if (!t || typeof t !== 'object') return;
    const at = 'spec.template.spec';
    checkCpu(obj, t, at, report, context.harvesterVersion);
    checkHugepages(t, at, report);
    checkMemoryHotplug(obj, t, at, report);
    checkStrategies(t, at, report);
  },
};

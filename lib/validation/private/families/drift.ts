/**
 * Drift warnings: fields Harvester's and KubeVirt's mutating webhooks write (or overwrite) on
 * create, so the stored object differs from the manifest and a GitOps tool shows it OutOfSync or
 * fights the webhook. Not errors — the cluster accepts the object — but warnings with the value
 * the webhook would write, computed as GitVops' constructs compute it (lib/platform/private/
 * mutator-parity.ts) with the cluster's settings (a target's, else the release's defaults). GitVops' own output has none.
 */
import { HarvesterVersion } from '../../../platform/harvester';
import { CPU_MEMORY_HOTPLUG_ANNOTATION, RESERVED_MEMORY_ANNOTATION } from '../../../platform/private/labels';
import { DEFAULT_ARCHITECTURE, DEFAULT_MACHINE_TYPE, NETWORK_LABEL_PREFIX, resourcePatch } from '../../../platform/private/mutator-parity';
import { parseQuantity } from '../../../core/private/parse-quantity';
import { FamilyContext, RuleFamily, isKind, list, rule } from '../rule-info';

const HMUT = 'harvester/harvester pkg/webhook/resources/virtualmachine/mutator.go';
const V1_8 = [HarvesterVersion.V1_8];

const milli = (q: unknown) => {
  const n = parseQuantity(q);
  return n === undefined ? undefined : BigInt(Math.round(n * 1000));
};
const bytes = (q: unknown) => {
  const n = parseQuantity(q);
  return n === undefined ? undefined : BigInt(Math.round(n));
};
const same = (a: unknown, b: string) => parseQuantity(a) === parseQuantity(b);

function checkVm(vm: any, report: (rule: string, field: string, value: unknown, message: string) => void, ctx: FamilyContext): void {
  const t = vm.spec?.template?.spec;
  const d = t?.domain;
  if (!d) return;
  const at = 'spec.template.spec';
  const hotplug = String(vm.metadata?.annotations?.[CPU_MEMORY_HOTPLUG_ANNOTATION] ?? '').toLowerCase() === 'true';
  const dedicated = d.cpu?.dedicatedCpuPlacement === true;
  const limitCpu = milli(d.resources?.limits?.cpu);
  const limitMemory = bytes(d.resources?.limits?.memory);
  const reservedRaw = vm.metadata?.annotations?.[RESERVED_MEMORY_ANNOTATION];
  const reserved = reservedRaw ? bytes(reservedRaw) : undefined;
  if (limitCpu !== undefined && limitMemory !== undefined && (reservedRaw === undefined || reserved !== undefined)) {
    const hostDevices = list(d.devices?.hostDevices).length + list(d.devices?.gpus).length > 0;
    const patch = resourcePatch(ctx.settings, limitCpu, limitMemory, reserved, dedicated);
    const want = { cpu: patch.requestCpu, memory: hostDevices && !dedicated ? patch.guestMemory : patch.requestMemory };
    for (const key of ['cpu', 'memory'] as const) {
      const have = d.resources?.requests?.[key];
      if (have === undefined || !same(have, want[key])) {
        report('drift.vm.requests', `${at}.domain.resources.requests.${key}`, have,
          `Harvester's mutator writes ${want[key]} (limits × 100 / overcommit-config): write it, or the stored VM differs from the manifest`);
      }
    }
    if (!hotplug && (d.memory?.guest === undefined || !same(d.memory.guest, patch.guestMemory))) {
      report('drift.vm.guest-memory', `${at}.domain.memory.guest`, d.memory?.guest, `Harvester's mutator writes ${patch.guestMemory}`);
    }
  }
  if (limitMemory !== undefined && !hotplug && d.cpu?.maxSockets !== 1) {
    report('drift.vm.max-sockets', `${at}.domain.cpu.maxSockets`, d.cpu?.maxSockets, `Harvester's mutator writes 1 (without the ${CPU_MEMORY_HOTPLUG_ANNOTATION} annotation)`);
  }
  if (!d.machine?.type) report('drift.vm.kubevirt-defaults', `${at}.domain.machine.type`, undefined, `KubeVirt's mutator writes ${DEFAULT_MACHINE_TYPE}`);
  if (!t.architecture) report('drift.vm.kubevirt-defaults', `${at}.architecture`, undefined, `KubeVirt's mutator writes ${DEFAULT_ARCHITECTURE}`);
  if (t.terminationGracePeriodSeconds === undefined) {
    report('drift.vm.termination-grace-period', `${at}.terminationGracePeriodSeconds`, undefined, `Harvester's mutator writes ${ctx.settings.defaultTerminationGracePeriodSeconds} (default-vm-termination-grace-period-seconds)`);
  }
  const multus = list(t.networks).filter((n) => n?.multus?.networkName);
  const terms = list(t.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms);
  if (multus.length && !(terms.length && terms.every((term) => list(term?.matchExpressions).some((e) => String(e?.key).startsWith(`${NETWORK_LABEL_PREFIX}/`))))) {
    report('drift.vm.network-affinity', `${at}.affinity`, undefined,
      `Harvester's mutator adds the node term ${NETWORK_LABEL_PREFIX}/<cluster network> In [true] of each VM network to every required term (NetworkSource.vmNetwork(name, { clusterNetwork }) writes it)`);
  }
  if (ctx.harvesterVersion === HarvesterVersion.V1_8) {
    list(d.devices?.interfaces).forEach((n, i) => {
      if (!n?.macAddress) report('drift.vm.random-fields', `${at}.domain.devices.interfaces[${i}].macAddress`, undefined, 'Harvester 1.8 writes a random MAC address on create: give one (GitVops derives a stable one)');
    });
    for (const key of ['uuid', 'serial']) {
      if (!d.firmware?.[key]) report('drift.vm.random-fields', `${at}.domain.firmware.${key}`, undefined, `KubeVirt 1.7 writes a random firmware ${key} on create: give one (GitVops derives it from the VM)`);
    }
  }
}

function checkLoadBalancer(lb: any, report: (rule: string, field: string, value: unknown, message: string) => void): void {
  if ((lb.spec?.workloadType ?? 'vm') === 'vm' && lb.metadata?.annotations?.['loadbalancer.harvesterhci.io/namespace'] !== lb.metadata?.namespace) {
    report('drift.lb.mutator-fields', 'metadata.annotations.loadbalancer.harvesterhci.io/namespace', undefined, `load-balancer-harvester's mutator writes the namespace (${lb.metadata?.namespace})`);
  }
  const hc = lb.spec?.healthCheck;
  if (hc?.port) {
    for (const [key, value] of [['successThreshold', 2], ['failureThreshold', 2], ['periodSeconds', 1], ['timeoutSeconds', 1]] as const) {
      if (!hc[key]) report('drift.lb.mutator-fields', `spec.healthCheck.${key}`, hc[key], `load-balancer-harvester's mutator writes ${value} when it is unset or 0`);
    }
  }
}

/** The drift warnings (severity warning: the cluster accepts the object, but stores something else). */
export const drift: RuleFamily = {
  rules: [
    rule('drift.vm.requests', 'Harvester', `${HMUT} patchResourceOvercommit`, 'requests are what the overcommit mutator writes from the limits', undefined, true),
    rule('drift.vm.guest-memory', 'Harvester', `${HMUT} generateMemoryPatch`, 'memory.guest is what the mutator writes (limit, less reservedMemory)', undefined, true),
    rule('drift.vm.max-sockets', 'Harvester', `${HMUT} generateMemoryPatch`, 'maxSockets is 1 unless CPU/memory hotplug is on', undefined, true),
    rule('drift.vm.kubevirt-defaults', 'KubeVirt', 'kubevirt/kubevirt pkg/defaults/defaults.go SetVirtualMachineDefaults', 'machine type and architecture are written out (q35, amd64)', undefined, true),
    rule('drift.vm.termination-grace-period', 'Harvester', `${HMUT} patchTerminationGracePeriodSeconds`, 'terminationGracePeriodSeconds is written out', undefined, true),
    rule('drift.vm.network-affinity', 'Harvester', `${HMUT} patchAffinity / addNodeSelectorTerms`, 'a VM on VM networks carries their cluster-network node terms', undefined, true),
    rule('drift.vm.random-fields', 'Harvester', `${HMUT} patchInterfaceMacAddress (1.8); kubevirt v1.7 vm-mutator.go setFirmwareDefaultsIfEmpty`, 'every interface has a MAC and the firmware a UUID and serial (else random ones are written)', V1_8, true),
    rule('drift.lb.mutator-fields', 'load-balancer-harvester', 'harvester/load-balancer-harvester pkg/webhook/loadbalancer/mutator.go getAnnotationsPatchVM / getHealthyCheckPatch', 'a VM load balancer has its namespace annotation and health-check thresholds', undefined, true),
  ],
  check(obj, report, ctx) {
    if (isKind(obj, 'kubevirt.io', 'VirtualMachine')) checkVm(obj, report, ctx);
    if (isKind(obj, 'loadbalancer.harvesterhci.io', 'LoadBalancer')) checkLoadBalancer(obj, report);
  },
};

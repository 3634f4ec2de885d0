/**
 * A model of what the cluster's mutating webhooks do to a VirtualMachine on create, written from
 * the upstream code independently of lib/ (so a test can compare): Harvester's VM mutator
 * (harvester/harvester pkg/webhook/resources/virtualmachine/mutator.go `Create` at v1.6.1 and
 * v1.8.2), then KubeVirt's VM mutator (pkg/virt-api/webhooks/mutating-webhook/mutators/vm-mutator.go
 * with pkg/defaults SetVirtualMachineDefaults at v1.5.0 / v1.7.0), then the re-serialisation of
 * /spec (quantities in canonical form). Random values are written as `<random ...>` so a manifest
 * without them can never compare equal.
 */
import { parseQuantity } from '../../lib/core/private/parse-quantity';

export interface ClusterModel {
  readonly version: '1.6' | '1.8';
  readonly overcommit: { cpu: number; memory: number };
  readonly terminationGracePeriodSeconds: number;
  /** additional-guest-memory-overhead-ratio; 0 = empty. */
  readonly guestMemoryOverheadRatio: number;
  /** `namespace/name` of each NetworkAttachmentDefinition → its clusternetwork label. */
  readonly nads: Record<string, string | undefined>;
}

export const CLUSTER_1_6: ClusterModel = { version: '1.6', overcommit: { cpu: 1600, memory: 150 }, terminationGracePeriodSeconds: 120, guestMemoryOverheadRatio: 1.5, nads: {} };
export const CLUSTER_1_8: ClusterModel = { version: '1.8', overcommit: { cpu: 1000, memory: 150 }, terminationGracePeriodSeconds: 120, guestMemoryOverheadRatio: 1.5, nads: {} };

const Mi = 1048576n;

/** Bytes or millicores of a quantity string, exactly. */
function exact(q: unknown, milli: boolean): bigint {
  const n = parseQuantity(q);
  if (n === undefined) throw new Error(`model: not a quantity: ${String(q)}`);
  return BigInt(Math.round(milli ? n * 1000 : n));
}

/** apimachinery Quantity.String() for a BinarySI value (resource.NewQuantity(x, BinarySI)). */
function binarySI(bytes: bigint): string {
  if (bytes > -1024n && bytes < 1024n) return String(bytes);
  let unit = 0;
  let v = bytes;
  while (v % 1024n === 0n && unit < 6) { v /= 1024n; unit++; }
  return unit === 0 ? String(bytes) : `${v}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][unit]}`;
}

/** apimachinery Quantity.String() for a DecimalSI milli value. */
function decimalMilli(m: bigint): string {
  return m % 1000n === 0n ? String(m / 1000n) : `${m}m`;
}

const isMulti = (n: any) => n.multus?.networkName;

/** The VM as the cluster stores it after create. Throws where the webhooks would refuse it. */
export function mutateOnCreate(input: any, cluster: ClusterModel): any {
  const vm = JSON.parse(JSON.stringify(input));
  const t = vm.spec.template.spec;
  const ann = vm.metadata.annotations ?? {};
  const hotplug = String(ann['harvesterhci.io/enableCPUAndMemoryHotplug'] ?? '').toLowerCase() === 'true';
  const dedicated = t.domain.cpu?.dedicatedCpuPlacement === true;
  // --- Harvester: patchResourceOvercommit
  const limits = t.domain.resources?.limits ?? {};
  const requests: any = {};
  if (limits.cpu !== undefined) {
    const m = exact(limits.cpu, true);
    requests.cpu = decimalMilli(dedicated ? m : (m * 100n) / BigInt(cluster.overcommit.cpu));
  }
  if (limits.memory !== undefined) {
    const mem = exact(limits.memory, false);
    let guest = mem;
    if (ann['harvesterhci.io/reservedMemory']) guest -= exact(ann['harvesterhci.io/reservedMemory'], false);
    else if (cluster.guestMemoryOverheadRatio === 0) guest -= 100n * Mi;
    if (hotplug && t.domain.memory?.guest) guest = exact(t.domain.memory.guest, false);
    if (guest < 10n * Mi) throw new Error('model: guest memory under 10Mi');
    requests.memory = binarySI(dedicated ? mem : ((mem * 100n) / BigInt(cluster.overcommit.memory) / Mi) * Mi);
    if (!t.domain.memory) t.domain.memory = { guest: binarySI(guest) };
    else if (!hotplug) t.domain.memory.guest = binarySI(guest);
    if (!hotplug) {
      if (!t.domain.cpu) throw new Error('model: maxSockets patch on a VM without domain.cpu');
      t.domain.cpu.maxSockets = 1;
    }
  }
  t.domain.resources = { ...t.domain.resources, requests: { ...t.domain.resources?.requests, ...requests } };
  // --- 1.8: patchDefaultCPU
  if (cluster.version === '1.8') {
    t.domain.cpu = t.domain.cpu ?? {};
    for (const k of ['cores', 'sockets', 'threads']) if (!t.domain.cpu[k]) t.domain.cpu[k] = 1;
  }
  // --- patchAffinity
  const affinity = JSON.parse(JSON.stringify(t.affinity ?? {}));
  affinity.nodeAffinity = affinity.nodeAffinity ?? {};
  const req = affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {};
  let terms = (req.nodeSelectorTerms ?? []).map((term: any) => ({ ...term, matchExpressions: (term.matchExpressions ?? []).filter((e: any) => !e.key.startsWith('network.harvesterhci.io') && e.key !== 'cpumanager') }))
    .filter((term: any) => term.matchExpressions.length > 0);
  const addReq = (r: any) => {
    const key = JSON.stringify(r);
    for (const term of terms) if (!term.matchExpressions.some((e: any) => JSON.stringify({ key: e.key, operator: e.operator, values: e.values }) === key)) term.matchExpressions.push(r);
    if (terms.length === 0) terms = [{ matchExpressions: [r] }];
  };
  for (const n of t.networks ?? []) {
    if (!isMulti(n)) continue;
    const words = n.multus.networkName.split('/');
    const ref = words.length === 1 ? `${vm.metadata.namespace}/${words[0]}` : n.multus.networkName;
    if (!(ref in cluster.nads)) throw new Error(`model: NAD ${ref} not in the cluster`);
    const cn = cluster.nads[ref];
    if (cn) addReq({ key: `network.harvesterhci.io/${cn}`, operator: 'In', values: ['true'] });
  }
  if (dedicated) addReq({ key: 'cpumanager', operator: 'In', values: ['true'] });
  if (terms.length) affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { ...req, nodeSelectorTerms: terms };
  else {
    delete affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    if (!(affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).length) delete affinity.nodeAffinity;
  }
  t.affinity = affinity;
  // --- patchTerminationGracePeriodSeconds
  if (t.terminationGracePeriodSeconds === undefined) t.terminationGracePeriodSeconds = cluster.terminationGracePeriodSeconds;
  // --- 1.8: patchInterfaceMacAddress (random MAC unless the MAC annotation has one)
  if (cluster.version === '1.8') {
    const known = JSON.parse(ann['harvesterhci.io/mac-address'] ?? '{}');
    for (const i of t.domain.devices?.interfaces ?? []) if (!i.macAddress && !known[i.name]) i.macAddress = `<random MAC of ${i.name}>`;
  }
  // --- KubeVirt: 1.7 firmware defaults on create, architecture and machine type
  if (cluster.version === '1.8') {
    t.domain.firmware = t.domain.firmware ?? {};
    if (!t.domain.firmware.uuid) t.domain.firmware.uuid = '<random uuid>';
    if (!t.domain.firmware.serial) t.domain.firmware.serial = '<random serial>';
  }
  if (!t.architecture) t.architecture = 'amd64';
  t.domain.machine = t.domain.machine ?? {};
  if (!t.domain.machine.type) t.domain.machine.type = 'q35';
  // --- re-serialisation: canonical quantities
  for (const group of ['limits', 'requests']) {
    const g = t.domain.resources?.[group];
    if (!g) continue;
    if (g.cpu !== undefined) g.cpu = decimalMilli(exact(g.cpu, true));
    if (g.memory !== undefined) g.memory = binarySI(exact(g.memory, false));
  }
  if (t.domain.memory?.guest) t.domain.memory.guest = binarySI(exact(t.domain.memory.guest, false));
  // KubeVirt's validator after the patch: sockets within maxSockets
  const cpu = t.domain.cpu ?? {};
  if (cpu.maxSockets && cpu.sockets > cpu.maxSockets) throw new Error(`model: KubeVirt refuses sockets ${cpu.sockets} > maxSockets ${cpu.maxSockets}`);
  return vm;
}

/**
 * load-balancer-harvester's LoadBalancer mutator on create (pkg/webhook/loadbalancer/mutator.go
 * `Create`): the namespace annotation of a VM-type load balancer, health-check defaults when a
 * port is set (thresholds 2, period and timeout 1).
 */
export function mutateLoadBalancerOnCreate(input: any): any {
  const lb = JSON.parse(JSON.stringify(input));
  if (lb.spec.workloadType === 'vm' || !lb.spec.workloadType) {
    lb.metadata.annotations = { ...lb.metadata.annotations, 'loadbalancer.harvesterhci.io/namespace': lb.metadata.namespace };
  }
  const hc = lb.spec.healthCheck;
  if (hc?.port) {
    hc.successThreshold ||= 2;
    hc.failureThreshold ||= 2;
    hc.periodSeconds ||= 1;
    hc.timeoutSeconds ||= 1;
  }
  return lb;
}

/** The IPPool mutator on create (pkg/webhook/ippool/mutator.go `getLabelPatch`): VLAN id of the selected network (0 without one), global flag. */
export function mutateIpPoolOnCreate(input: any, vlanOf: Record<string, number> = {}): any {
  const pool = JSON.parse(JSON.stringify(input));
  const network = pool.spec.selector?.network;
  const scope = pool.spec.selector?.scope ?? [];
  const global = scope.length === 1 && scope[0].namespace === '*' && scope[0].project === '*' && scope[0].guestCluster === '*';
  pool.metadata.labels = {
    ...pool.metadata.labels,
    'loadbalancer.harvesterhci.io/vid': String(network ? vlanOf[network] : 0),
    'loadbalancer.harvesterhci.io/global-ip-pool': String(global),
  };
  return pool;
}

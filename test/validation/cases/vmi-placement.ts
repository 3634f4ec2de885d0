import { HarvesterVersion } from '../../../lib/platform/harvester';
import { Case, T, VM } from './fixture';

const cpu = (o: any[]) => T(o).domain.cpu;
const memory = (o: any[]) => T(o).domain.memory;
const resources = (o: any[]) => T(o).domain.resources;
/** Dedicated CPUs on the fixture VM (2 cores × 1 socket × 1 thread, limits.cpu 2). */
const dedicated = (o: any[]) => { cpu(o).dedicatedCpuPlacement = true; };
/** A VM that sizes its memory by requests only (no limits, no guest): what the hugepage check reads as is. */
const requestsOnly = (o: any[], request: string) => {
  delete resources(o).limits.memory;
  delete memory(o).guest;
  delete VM(o).metadata.annotations['harvesterhci.io/reservedMemory'];
  resources(o).requests = { memory: request };
};
const hotplug = (o: any[], guest: string, maxGuest: string) => {
  VM(o).metadata.annotations['harvesterhci.io/enableCPUAndMemoryHotplug'] = 'true';
  memory(o).guest = guest;
  memory(o).maxGuest = maxGuest;
};

/** Cases of lib/validation/private/families/vmi-placement.ts: each breaks one rule, with a valid twin. */
export const vmiPlacementCases: Case[] = [
  {
    name: 'dedicated CPUs: limit differs from the topology',
    bad: (o) => { dedicated(o); cpu(o).cores = 4; },
    good: (o) => { dedicated(o); cpu(o).cores = 1; cpu(o).threads = 2; },
    field: 'spec.template.spec.domain.cpu.dedicatedCpuPlacement',
    message: /the CPU limit \(2\) must equal the vCPUs of the topology \(sockets × cores × threads = 4\)/,
  },
  {
    name: 'dedicated CPUs: Harvester 1.8 sets an unset topology to one vCPU',
    bad: (o) => { dedicated(o); T(o).domain.cpu = { dedicatedCpuPlacement: true }; },
    good: (o) => { dedicated(o); T(o).domain.cpu = { dedicatedCpuPlacement: true, cores: 2 }; },
    field: 'spec.template.spec.domain.cpu.dedicatedCpuPlacement',
    message: /Harvester sets an unset topology to 1 socket × 1 core × 1 thread/,
    version: HarvesterVersion.V1_8,
  },
  {
    name: 'dedicated CPUs: KubeVirt 1.5 takes an unset topology from the CPU limit',
    bad: (o) => { dedicated(o); T(o).domain.cpu = { dedicatedCpuPlacement: true, threads: 1 }; },
    good: (o) => { dedicated(o); T(o).domain.cpu = { dedicatedCpuPlacement: true }; },
    field: 'spec.template.spec.domain.cpu.dedicatedCpuPlacement',
    message: /must equal the vCPUs of the topology \(sockets × cores × threads = 1\)/,
  },
  {
    name: 'dedicated CPUs: more than two threads per core',
    bad: (o) => { dedicated(o); Object.assign(cpu(o), { cores: 1, threads: 4, sockets: 1 }); resources(o).limits.cpu = '4'; },
    good: (o) => { dedicated(o); Object.assign(cpu(o), { cores: 2, threads: 2, sockets: 1 }); resources(o).limits.cpu = '4'; },
    field: 'spec.template.spec.domain.cpu.threads',
    message: /with dedicatedCpuPlacement, at most 2 threads per core/,
  },
  {
    name: 'isolateEmulatorThread without dedicated CPUs',
    bad: (o) => { cpu(o).isolateEmulatorThread = true; },
    good: (o) => { dedicated(o); cpu(o).isolateEmulatorThread = true; },
    field: 'spec.template.spec.domain.cpu.isolateEmulatorThread',
    message: /needs cpu.dedicatedCpuPlacement: true/,
  },
  {
    name: 'NUMA passthrough without hugepages',
    bad: (o) => { dedicated(o); cpu(o).numa = { guestMappingPassthrough: {} }; },
    good: (o) => { dedicated(o); cpu(o).numa = { guestMappingPassthrough: {} }; memory(o).hugepages = { pageSize: '2Mi' }; },
    field: 'spec.template.spec.domain.cpu.numa.guestMappingPassthrough',
    message: /NUMA guestMappingPassthrough needs memory.hugepages/,
  },
  {
    name: 'NUMA passthrough without dedicated CPUs',
    bad: (o) => { cpu(o).numa = { guestMappingPassthrough: {} }; memory(o).hugepages = { pageSize: '1Gi' }; },
    good: (o) => { dedicated(o); cpu(o).numa = { guestMappingPassthrough: {} }; memory(o).hugepages = { pageSize: '1Gi' }; },
    field: 'spec.template.spec.domain.cpu.numa.guestMappingPassthrough',
    message: /needs cpu.dedicatedCpuPlacement: true/,
  },
  {
    name: 'realtime without NUMA passthrough',
    bad: (o) => { dedicated(o); cpu(o).realtime = {}; },
    good: (o) => { dedicated(o); cpu(o).realtime = { mask: '0' }; cpu(o).numa = { guestMappingPassthrough: {} }; memory(o).hugepages = { pageSize: '2Mi' }; },
    field: 'spec.template.spec.domain.cpu.numa.guestMappingPassthrough',
    message: /cpu.realtime needs cpu.numa.guestMappingPassthrough/,
  },
  {
    name: 'realtime without dedicated CPUs',
    bad: (o) => { cpu(o).realtime = {}; },
    good: () => undefined,
    field: 'spec.template.spec.domain.cpu.dedicatedCpuPlacement',
    message: /cpu.realtime needs cpu.dedicatedCpuPlacement: true/,
  },
  {
    name: 'CPU feature policy',
    bad: (o) => { cpu(o).features = [{ name: 'vmx', policy: 'enable' }]; },
    good: (o) => { cpu(o).features = [{ name: 'vmx', policy: 'require' }, { name: 'pcid' }, { name: 'svm', policy: 'forbid' }]; },
    field: 'spec.template.spec.domain.cpu.features[0].policy',
    message: /CPU feature vmx uses an unsupported policy; must be one of: force, require, optional, disable, forbid/,
  },
  {
    name: 'more sockets than maxSockets',
    bad: (o) => { Object.assign(cpu(o), { cores: 1, sockets: 2, maxSockets: 1 }); },
    good: (o) => { Object.assign(cpu(o), { cores: 1, sockets: 2, maxSockets: 4 }); VM(o).metadata.annotations['harvesterhci.io/enableCPUAndMemoryHotplug'] = 'true'; },
    field: 'spec.template.spec.domain.cpu.sockets',
    message: /2 sockets is more than maxSockets \(1\)/,
  },
  {
    name: 'maxSockets without Harvester\'s hotplug annotation: Harvester makes it 1',
    bad: (o) => { Object.assign(cpu(o), { cores: 1, sockets: 2, maxSockets: 4 }); },
    good: (o) => { Object.assign(cpu(o), { cores: 2, sockets: 1, maxSockets: 4 }); },
    field: 'spec.template.spec.domain.cpu.sockets',
    message: /2 sockets is more than maxSockets \(1\) \(Harvester sets maxSockets to 1 unless the harvesterhci.io\/enableCPUAndMemoryHotplug annotation is "true"\)/,
  },
  {
    name: 'more sockets than maxSockets: KubeVirt 1.5 takes an unset topology from the CPU limit',
    bad: (o) => { T(o).domain.cpu = { maxSockets: 1 }; },
    good: (o) => { T(o).domain.cpu = { maxSockets: 2 }; VM(o).metadata.annotations['harvesterhci.io/enableCPUAndMemoryHotplug'] = 'true'; },
    field: 'spec.template.spec.domain.cpu.sockets',
    message: /2 sockets is more than maxSockets \(1\) \(KubeVirt sets an unset topology to 2 socket\(s\) from the CPU resources\)/,
  },
  {
    name: 'maxSockets with an unset topology on Harvester 1.8 (one socket)',
    bad: (o) => { T(o).domain.cpu = { maxSockets: 1, sockets: 3 }; },
    good: (o) => { T(o).domain.cpu = { maxSockets: 1 }; },
    field: 'spec.template.spec.domain.cpu.sockets',
    message: /3 sockets is more than maxSockets \(1\)/,
    version: HarvesterVersion.V1_8,
  },
  {
    name: 'hugepage size not a quantity',
    bad: (o) => { memory(o).hugepages = { pageSize: '2MB' }; },
    good: (o) => { memory(o).hugepages = { pageSize: '2Mi' }; },
    field: 'spec.template.spec.domain.memory.hugepages.pageSize',
    message: /must be a page size quantity such as 2Mi or 1Gi/,
  },
  {
    name: 'hugepages: memory request below the page size',
    bad: (o) => { requestsOnly(o, '512Mi'); memory(o).hugepages = { pageSize: '1Gi' }; },
    good: (o) => { requestsOnly(o, '2Gi'); memory(o).hugepages = { pageSize: '1Gi' }; },
    field: 'spec.template.spec.domain.resources.requests.memory',
    message: /must be at least the hugepage size \(1Gi\)/,
  },
  {
    name: 'hugepages: guest memory not a multiple of the page size',
    bad: (o) => { delete resources(o).limits.memory; delete resources(o).requests; delete VM(o).metadata.annotations['harvesterhci.io/reservedMemory']; memory(o).guest = '3Gi'; memory(o).hugepages = { pageSize: '2Gi' }; },
    good: (o) => { delete resources(o).limits.memory; delete resources(o).requests; delete VM(o).metadata.annotations['harvesterhci.io/reservedMemory']; memory(o).guest = '4Gi'; memory(o).hugepages = { pageSize: '2Gi' }; },
    field: 'spec.template.spec.domain.memory.guest',
    message: /must be a multiple of the hugepage size \(2Gi\)/,
  },
  {
    name: 'hugepages with dedicated CPUs: the memory limit becomes the request',
    bad: (o) => { dedicated(o); resources(o).limits.memory = '4097Mi'; memory(o).hugepages = { pageSize: '2Mi' }; },
    good: (o) => { dedicated(o); memory(o).hugepages = { pageSize: '2Mi' }; },
    field: 'spec.template.spec.domain.resources.limits.memory',
    message: /must be a multiple of the hugepage size \(2Mi\)/,
  },
  {
    name: 'memory hotplug: guest above maxGuest',
    bad: (o) => { hotplug(o, '3840Mi', '2Gi'); },
    good: (o) => { hotplug(o, '3840Mi', '8Gi'); },
    field: 'spec.template.spec.domain.memory.guest',
    message: /guest memory must be ≤ memory.maxGuest \(2Gi\)/,
  },
  {
    name: 'memory hotplug: maxGuest not 2Mi aligned',
    bad: (o) => { hotplug(o, '2Gi', '8193Mi'); },
    good: (o) => { hotplug(o, '2Gi', '8194Mi'); },
    field: 'spec.template.spec.domain.memory.maxGuest',
    message: /must be 2Mi aligned/,
  },
  {
    name: 'memory hotplug: less than 1Gi of guest memory',
    bad: (o) => { hotplug(o, '512Mi', '4Gi'); },
    good: (o) => { hotplug(o, '1Gi', '4Gi'); },
    field: 'spec.template.spec.domain.memory.guest',
    message: /needs at least 1Gi of guest memory/,
  },
  {
    name: 'memory hotplug without the Harvester annotation: the guest is limits − reserved memory',
    bad: (o) => { memory(o).maxGuest = '8Gi'; VM(o).metadata.annotations['harvesterhci.io/reservedMemory'] = '255Mi'; },
    good: (o) => { memory(o).maxGuest = '8Gi'; },
    field: 'spec.template.spec.domain.memory.guest',
    message: /guest memory must be 2Mi aligned/,
  },
  {
    name: 'memory hotplug with NUMA passthrough',
    bad: (o) => { hotplug(o, '2Gi', '8Gi'); dedicated(o); cpu(o).numa = { guestMappingPassthrough: {} }; memory(o).hugepages = { pageSize: '2Mi' }; },
    good: (o) => { dedicated(o); cpu(o).numa = { guestMappingPassthrough: {} }; memory(o).hugepages = { pageSize: '2Mi' }; },
    field: 'spec.template.spec.domain.memory.guest',
    message: /not compatible with NUMA guestMappingPassthrough/,
  },
  {
    name: 'evictionStrategy value',
    bad: (o) => { T(o).evictionStrategy = 'Migrate'; },
    good: (o) => { T(o).evictionStrategy = 'LiveMigrateIfPossible'; },
    field: 'spec.template.spec.evictionStrategy',
    message: /must be one of: LiveMigrate, LiveMigrateIfPossible, None, External/,
  },
  {
    name: 'startStrategy value',
    bad: (o) => { T(o).startStrategy = 'Running'; },
    good: (o) => { T(o).startStrategy = 'Paused'; },
    field: 'spec.template.spec.startStrategy',
    message: /must be Paused \(or unset\)/,
  },
  {
    name: 'startStrategy Paused with a livenessProbe',
    bad: (o) => { T(o).startStrategy = 'Paused'; T(o).livenessProbe = { tcpSocket: { port: 22 } }; },
    good: (o) => { T(o).livenessProbe = { tcpSocket: { port: 22 } }; },
    field: 'spec.template.spec.startStrategy',
    message: /cannot start Paused with a livenessProbe/,
  },
  {
    name: 'architecture other than amd64',
    bad: (o) => { T(o).architecture = 'arm64'; },
    good: (o) => { T(o).architecture = 'amd64'; },
    field: 'spec.template.spec.architecture',
    message: /must be amd64 \(or unset\): another architecture needs KubeVirt's MultiArchitecture feature gate/,
  },
];

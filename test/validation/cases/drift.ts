import { HarvesterVersion } from '../../../lib/platform/harvester';
import { Case, LB, T, VM } from './fixture';

const at = 'spec.template.spec';

/** Cases of lib/validation/private/families/drift.ts (warnings): each breaks one rule, with a twin. */
export const driftCases: Case[] = [
  { name: 'drift: requests not what the overcommit mutator writes', bad: (o) => { T(o).domain.resources.requests.cpu = '2'; }, good: (o) => { T(o).domain.resources.requests.cpu = '125m'; }, field: `${at}.domain.resources.requests.cpu`, message: /Harvester's mutator writes 125m/ },
  { name: 'drift: requests missing (1.8 overcommit 1000)', version: HarvesterVersion.V1_8, bad: (o) => { delete T(o).domain.resources.requests; }, good: (o) => { T(o).domain.resources.requests = { cpu: '200m', memory: '2730Mi' }; }, field: `${at}.domain.resources.requests.cpu`, message: /writes 200m/ },
  { name: 'drift: guest memory the mutator rewrites', bad: (o) => { T(o).domain.memory.guest = '3Gi'; }, good: (o) => { VM(o).metadata.annotations['harvesterhci.io/enableCPUAndMemoryHotplug'] = 'true'; T(o).domain.memory.guest = '3Gi'; delete T(o).domain.cpu.maxSockets; }, field: `${at}.domain.memory.guest`, message: /Harvester's mutator writes 3840Mi/ },
  { name: 'drift: maxSockets missing', bad: (o) => { delete T(o).domain.cpu.maxSockets; }, good: (o) => { T(o).domain.cpu.maxSockets = 1; }, field: `${at}.domain.cpu.maxSockets`, message: /writes 1 \(without the harvesterhci.io\/enableCPUAndMemoryHotplug annotation\)/ },
  { name: 'drift: machine type and architecture not written', bad: (o) => { delete T(o).domain.machine; }, good: (o) => { T(o).domain.machine = { type: 'pc-q35-rhel9.4.0' }; }, field: `${at}.domain.machine.type`, message: /KubeVirt's mutator writes q35/ },
  { name: 'drift: termination grace period not written', bad: (o) => { delete T(o).terminationGracePeriodSeconds; }, good: (o) => { T(o).terminationGracePeriodSeconds = 30; }, field: `${at}.terminationGracePeriodSeconds`, message: /writes 120/ },
  { name: 'drift: VM network without its cluster-network node term', bad: (o) => { delete T(o).affinity.nodeAffinity; }, good: (o) => { T(o).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key = 'network.harvesterhci.io/data'; }, field: `${at}.affinity`, message: /adds the node term network.harvesterhci.io\/<cluster network>/ },
  { name: 'drift: no MAC on 1.8 (random on create)', version: HarvesterVersion.V1_8, bad: (o) => { delete T(o).domain.devices.interfaces[0].macAddress; }, good: (o) => { T(o).domain.devices.interfaces[0].macAddress = '52:54:00:00:00:02'; }, field: `${at}.domain.devices.interfaces[0].macAddress`, message: /Harvester 1.8 writes a random MAC/ },
  { name: 'drift: no MAC is fine on 1.6', bad: (o) => { delete T(o).domain.machine; }, good: (o) => { delete T(o).domain.devices.interfaces[0].macAddress; }, field: `${at}.domain.machine.type`, message: /q35/ },
  { name: 'drift: no firmware UUID on 1.8', version: HarvesterVersion.V1_8, bad: (o) => { delete T(o).domain.firmware.uuid; }, good: (o) => { T(o).domain.firmware.uuid = '5f3a0c39-2b1e-5d7a-9c1f-0a1b2c3d4e5f'; }, field: `${at}.domain.firmware.uuid`, message: /KubeVirt 1.7 writes a random firmware uuid/ },
  { name: 'drift: load balancer without its namespace annotation', bad: (o) => { delete LB(o).metadata.annotations; }, good: (o) => { LB(o).spec.workloadType = 'cluster'; delete LB(o).metadata.annotations; }, field: 'metadata.annotations.loadbalancer.harvesterhci.io/namespace', message: /writes the namespace \(default\)/ },
  { name: 'drift: health-check threshold left to the mutator', bad: (o) => { delete LB(o).spec.healthCheck.successThreshold; }, good: (o) => { LB(o).spec.healthCheck.successThreshold = 5; }, field: 'spec.healthCheck.successThreshold', message: /writes 2 when it is unset or 0/ },
];

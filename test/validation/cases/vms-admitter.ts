import { Case, T, VM } from './fixture';
import { HarvesterVersion } from '../../../lib/platform/harvester';

const V1_8 = HarvesterVersion.V1_8;
const IFACES = 'spec.template.spec.domain.devices.interfaces';

/** A storage dataVolumeTemplate named vm-data. */
const dvt = (spec: any, metadata: any = { name: 'vm-data' }) => ({ metadata, spec });
const storage = { resources: { requests: { storage: '10Gi' } } };
/** Adds a disk and a dataVolume volume vm-data, and the VM's dataVolumeTemplates. */
const withDataVolume = (o: any[], ...templates: any[]) => {
  T(o).domain.devices.disks.push({ name: 'data', disk: { bus: 'virtio' } });
  T(o).volumes.push({ name: 'data', dataVolume: { name: 'vm-data' } });
  VM(o).spec.dataVolumeTemplates = templates;
};
const blankDataVolume = (o: any[]) => withDataVolume(o, dvt({ storage, source: { blank: {} } }));
/** The template without the CPU and memory an instancetype owns. */
const withoutSizing = (o: any[]) => {
  delete T(o).domain.cpu;
  delete T(o).domain.memory;
  delete T(o).domain.resources;
  delete VM(o).metadata.annotations['harvesterhci.io/reservedMemory'];
};

/** Cases of lib/validation/private/families/vms-admitter.ts: each breaks one rule, with a valid twin. */
export const vmsAdmitterCases: Case[] = [
  { name: 'VM without a template', bad: (o) => { delete VM(o).spec.template; }, good: (o) => { delete VM(o).spec.template.metadata.labels['harvesterhci.io/creator']; }, field: 'spec.template', message: /needs spec.template/ },
  { name: 'sidecar hook annotation on the template', bad: (o) => { VM(o).spec.template.metadata.annotations = { 'hooks.kubevirt.io/hookSidecars': '[{"image": "x"}]' }; }, good: (o) => { VM(o).spec.template.metadata.annotations = { 'hooks.kubevirt.io/hookSidecars': '' }; }, field: 'spec.template.metadata.annotations.hooks.kubevirt.io/hookSidecars', message: /needs KubeVirt's Sidecar feature gate/ },
  { name: 'ignition annotation on the template', bad: (o) => { VM(o).spec.template.metadata.annotations = { 'kubevirt.io/ignitiondata': '{}' }; }, good: (o) => { VM(o).spec.template.metadata.annotations = { 'example.io/ignitiondata': '{}' }; }, field: 'spec.template.metadata.annotations.kubevirt.io/ignitiondata', message: /ExperimentalIgnitionSupport feature gate/ },
  // dataVolumeTemplates (storage admitter)
  { name: 'dataVolumeTemplate without a name', bad: (o) => { withDataVolume(o, dvt({ storage, source: { blank: {} } }, {})); }, good: blankDataVolume, field: 'spec.dataVolumeTemplates[0].metadata.name', message: /needs metadata.name/ },
  { name: 'dataVolumeTemplate with both pvc and storage', bad: (o) => { withDataVolume(o, dvt({ storage, pvc: { accessModes: ['ReadWriteOnce'], ...storage }, source: { blank: {} } })); }, good: (o) => { withDataVolume(o, dvt({ pvc: { accessModes: ['ReadWriteOnce'], ...storage }, source: { blank: {} } })); }, field: 'spec.dataVolumeTemplates[0].spec', message: /only one of spec.pvc and spec.storage/ },
  { name: 'dataVolumeTemplate without pvc or storage', bad: (o) => { withDataVolume(o, dvt({ source: { blank: {} } })); }, good: blankDataVolume, field: 'spec.dataVolumeTemplates[0].spec', message: /needs spec.pvc or spec.storage/ },
  { name: 'dataVolumeTemplate populated externally and from a source', bad: (o) => { withDataVolume(o, dvt({ storage: { ...storage, dataSourceRef: { kind: 'VolumeSnapshot', name: 's' } }, source: { blank: {} } })); }, good: (o) => { withDataVolume(o, dvt({ storage: { ...storage, dataSourceRef: { kind: 'VolumeSnapshot', name: 's' } } })); }, field: 'spec.dataVolumeTemplates[0].spec.source', message: /cannot be combined with source or sourceRef/ },
  { name: 'dataVolumeTemplate with nothing to populate it', bad: (o) => { withDataVolume(o, dvt({ storage })); }, good: (o) => { withDataVolume(o, dvt({ storage, sourceRef: { kind: 'DataSource', name: 'fedora' } })); }, field: 'spec.dataVolumeTemplates[0].spec.source', message: /needs source, sourceRef, or a dataSource/ },
  { name: 'dataVolumeTemplate source with two kinds', bad: (o) => { withDataVolume(o, dvt({ storage, source: { blank: {}, http: { url: 'https://example.com/x.img' } } })); }, good: (o) => { withDataVolume(o, dvt({ storage, source: { http: { url: 'https://example.com/x.img' } } })); }, field: 'spec.dataVolumeTemplates[0].spec.source', message: /needs exactly one source kind/ },
  { name: 'dataVolumeTemplate no volume uses', bad: (o) => { withDataVolume(o, dvt({ storage, source: { blank: {} } }, { name: 'vm-other' })); }, good: blankDataVolume, field: 'spec.dataVolumeTemplates[0].metadata.name', message: /is used by no volume of the template/ },
  { name: 'dataVolumeTemplate in another namespace', bad: (o) => { withDataVolume(o, dvt({ storage, source: { blank: {} } }, { name: 'vm-data', namespace: 'other' })); }, good: (o) => { withDataVolume(o, dvt({ storage, source: { blank: {} } }, { name: 'vm-data', namespace: 'default' })); }, field: 'spec.dataVolumeTemplates[0].metadata.namespace', message: /must be the VM's namespace \(default\)/ },
  // instancetype and preference matchers
  { name: 'preference matcher without name or inferFromVolume', bad: (o) => { VM(o).spec.preference = {}; }, good: (o) => { VM(o).spec.preference = { name: 'fedora' }; }, field: 'spec.preference', message: /needs name or inferFromVolume/ },
  { name: 'preference matcher with name and inferFromVolume', bad: (o) => { VM(o).spec.preference = { name: 'fedora', inferFromVolume: 'root' }; }, good: (o) => { VM(o).spec.preference = { inferFromVolume: 'root' }; }, field: 'spec.preference.name', message: /no name with inferFromVolume/ },
  { name: 'preference matcher with kind and inferFromVolume', bad: (o) => { VM(o).spec.preference = { kind: 'VirtualMachinePreference', inferFromVolume: 'root' }; }, good: (o) => { VM(o).spec.preference = { kind: 'VirtualMachinePreference', name: 'fedora' }; }, field: 'spec.preference.kind', message: /no kind with inferFromVolume/ },
  { name: 'inferFromVolumeFailurePolicy unknown', bad: (o) => { VM(o).spec.preference = { inferFromVolume: 'root', inferFromVolumeFailurePolicy: 'Skip' }; }, good: (o) => { VM(o).spec.preference = { inferFromVolume: 'root', inferFromVolumeFailurePolicy: 'Reject' }; }, field: 'spec.preference.inferFromVolumeFailurePolicy', message: /must be one of: Ignore, Reject/ },
  { name: 'inferFromVolume naming no volume', bad: (o) => { VM(o).spec.preference = { inferFromVolume: 'data' }; }, good: (o) => { VM(o).spec.preference = { inferFromVolume: 'root' }; }, field: 'spec.preference.inferFromVolume', message: /names no volume of the template \(volumes: root, cloudinitdisk\)/ },
  { name: 'inferFromVolume from a cloud-init volume', bad: (o) => { VM(o).spec.preference = { inferFromVolume: 'cloudinitdisk' }; }, good: (o) => { VM(o).spec.preference = { inferFromVolume: 'cloudinitdisk', inferFromVolumeFailurePolicy: 'Ignore' }; }, field: 'spec.preference.inferFromVolume', message: /only from a persistentVolumeClaim or dataVolume volume/ },
  { name: 'preference kind unknown (1.6)', bad: (o) => { VM(o).spec.preference = { name: 'fedora', kind: 'Preference' }; }, good: (o) => { VM(o).spec.preference = { name: 'fedora', kind: 'VirtualMachineClusterPreferences' }; }, field: 'spec.preference.kind', message: /must be one of: virtualmachinepreference, virtualmachineclusterpreference/ },
  { name: 'preference kind unknown: only warned by KubeVirt 1.7 (1.8)', version: V1_8, bad: (o) => { VM(o).spec.preference = {}; }, good: (o) => { VM(o).spec.preference = { name: 'fedora', kind: 'Preference' }; }, field: 'spec.preference', message: /needs name or inferFromVolume/ },
  // what an instancetype owns
  { name: 'CPU and memory alongside an instancetype (1.6)', bad: (o) => { VM(o).spec.instancetype = { name: 'u1.medium' }; }, good: (o) => { VM(o).spec.preference = { name: 'u1.medium' }; }, field: 'spec.template.spec.domain.resources.limits.cpu', message: /is set by the instancetype/ },
  { name: 'any domain.memory alongside an instancetype (1.6)', bad: (o) => { VM(o).spec.instancetype = { name: 'u1.medium' }; }, good: (o) => { VM(o).spec.preference = { name: 'u1.medium' }; }, field: 'spec.template.spec.domain.memory', message: /takes the whole domain.memory/ },
  { name: 'guest memory alongside an instancetype (1.8)', version: V1_8, bad: (o) => { VM(o).spec.instancetype = { name: 'u1.medium' }; }, good: (o) => { VM(o).spec.preference = { name: 'u1.medium' }; }, field: 'spec.template.spec.domain.memory.guest', message: /is set by the instancetype/ },
  { name: 'instancetype with the CPU topology Harvester 1.8 adds', version: V1_8, bad: (o) => { VM(o).spec.instancetype = { name: 'u1.medium' }; withoutSizing(o); }, good: (o) => { VM(o).spec.preference = { name: 'u1.medium' }; }, field: 'spec.instancetype.name', message: /Harvester 1.8 sets cpu cores\/sockets\/threads on every VM/ },
  // live-update limits
  { name: 'sockets above maxSockets', bad: (o) => { T(o).domain.cpu.sockets = 2; T(o).domain.cpu.maxSockets = 1; }, good: (o) => { T(o).domain.cpu.sockets = 2; T(o).domain.cpu.maxSockets = 2; }, field: 'spec.template.spec.domain.cpu.sockets', message: /must be at most maxSockets \(1\)/ },
  { name: 'no CPU topology: the CPU limit becomes the sockets (1.6)', bad: (o) => { T(o).domain.cpu = { maxSockets: 1 }; }, good: (o) => { T(o).domain.cpu = { maxSockets: 2 }; }, field: 'spec.template.spec.domain.cpu.sockets', message: /KubeVirt makes the CPU count \(2\) the sockets/ },
  { name: 'no CPU topology: Harvester 1.8 sets one socket (1.8)', version: V1_8, bad: (o) => { T(o).domain.cpu.sockets = 3; T(o).domain.cpu.maxSockets = 2; }, good: (o) => { T(o).domain.cpu = { maxSockets: 1 }; }, field: 'spec.template.spec.domain.cpu.sockets', message: /must be at most maxSockets \(2\)/ },
  { name: 'guest memory above maxGuest', bad: (o) => { T(o).domain.memory.maxGuest = '2Gi'; }, good: (o) => { T(o).domain.memory.maxGuest = '8Gi'; }, field: 'spec.template.spec.domain.memory.guest', message: /must be at most memory.maxGuest \(2Gi\)/ },
  { name: 'maxGuest not 2Mi aligned', bad: (o) => { T(o).domain.memory.maxGuest = '8193Mi'; }, good: (o) => { T(o).domain.memory.maxGuest = '8194Mi'; }, field: 'spec.template.spec.domain.memory.maxGuest', message: /must be 2Mi aligned/ },
  { name: 'memory hotplug on a realtime VM', bad: (o) => { T(o).domain.memory.maxGuest = '8Gi'; T(o).domain.cpu.realtime = {}; }, good: (o) => { T(o).domain.memory.maxGuest = '8Gi'; }, field: 'spec.template.spec.domain.cpu.realtime', message: /not compatible with realtime VMs/ },
  { name: 'memory hotplug with the hotplug annotation: the template guest is kept', bad: (o) => { VM(o).metadata.annotations['harvesterhci.io/enableCPUAndMemoryHotplug'] = 'true'; T(o).domain.memory = { guest: '512Mi', maxGuest: '8Gi' }; }, good: (o) => { VM(o).metadata.annotations['harvesterhci.io/enableCPUAndMemoryHotplug'] = 'true'; T(o).domain.memory = { guest: '2Gi', maxGuest: '8Gi' }; }, field: 'spec.template.spec.domain.memory.guest', message: /needs at least 1Gi of guest memory/ },
  { name: 'memory hotplug on arm64 (1.8)', version: V1_8, bad: (o) => { T(o).domain.memory.maxGuest = '8Gi'; T(o).architecture = 'arm64'; }, good: (o) => { T(o).domain.memory.maxGuest = '8Gi'; T(o).architecture = 'amd64'; }, field: 'spec.template.spec.architecture', message: /only for amd64 VMs/ },
  { name: 'memory hotplug on s390x (1.6: amd64 and arm64)', bad: (o) => { T(o).domain.memory.maxGuest = '8Gi'; T(o).architecture = 's390x'; }, good: (o) => { T(o).domain.memory.maxGuest = '8Gi'; T(o).architecture = 'arm64'; }, field: 'spec.template.spec.architecture', message: /only for amd64 and arm64 VMs/ },
  { name: 'updateVolumesStrategy unknown', bad: (o) => { VM(o).spec.updateVolumesStrategy = 'Copy'; }, good: (o) => { VM(o).spec.updateVolumesStrategy = 'Migration'; }, field: 'spec.updateVolumesStrategy', message: /must be one of: Replacement, Migration/ },
  // network admitter
  { name: 'interface state unknown', bad: (o) => { T(o).domain.devices.interfaces[1].state = 'paused'; }, good: (o) => { T(o).domain.devices.interfaces[1].state = 'down'; }, field: `${IFACES}[1].state`, message: /must be one of: absent, down, up/ },
  { name: 'absent interface on the default network', bad: (o) => { T(o).domain.devices.interfaces[0].state = 'absent'; }, good: (o) => { T(o).domain.devices.interfaces[1].state = 'absent'; }, field: `${IFACES}[0].state`, message: /not supported on the default network/ },
  { name: 'absent interface without bridge binding', bad: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', sriov: {}, state: 'absent' }; }, good: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', sriov: {} }; }, field: `${IFACES}[1].state`, message: /supported only with bridge binding/ },
  { name: 'SR-IOV interface link state', bad: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', sriov: {}, state: 'up' }; }, good: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', bridge: {}, state: 'up' }; }, field: `${IFACES}[1].state`, message: /not supported for SR-IOV interfaces/ },
  { name: 'slirp interface', bad: (o) => { T(o).domain.devices.interfaces[0] = { name: 'default', slirp: {} }; }, good: (o) => { T(o).domain.devices.interfaces[0] = { name: 'default', bridge: {} }; }, field: `${IFACES}[0].slirp`, message: /discontinued since KubeVirt 1.3/ },
  { name: 'macvtap interface', bad: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', macvtap: {} }; }, good: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', bridge: {} }; }, field: `${IFACES}[1].macvtap`, message: /needs the Macvtap feature gate/ },
  { name: 'passt interface on a Multus network', bad: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', passt: {} }; }, good: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', bridge: {} }; }, field: `${IFACES}[1].passt`, message: /passt works only on the pod network/ },
  { name: 'masquerade with the in-pod bridge MAC', bad: (o) => { T(o).domain.devices.interfaces[0].macAddress = '02:00:00:00:00:00'; }, good: (o) => { T(o).domain.devices.interfaces[0].macAddress = '02:00:00:00:00:01'; }, field: `${IFACES}[0].macAddress`, message: /reserved for the in-pod bridge/ },
  { name: 'binding plugin Harvester does not declare', bad: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', binding: { name: 'passt' } }; }, good: (o) => { T(o).domain.devices.interfaces[1] = { name: 'nic-2', binding: { name: 'managedtap' } }; }, field: `${IFACES}[1].binding.name`, message: /must be a binding plugin Harvester declares: managedtap/ },
  { name: 'Multus networkName with two slashes', bad: (o) => { T(o).networks[1].multus.networkName = 'default/net/x'; }, good: (o) => { T(o).networks[1].multus.networkName = 'net'; }, field: 'spec.template.spec.networks[1].multus.networkName', message: /must be "name" or "namespace\/name"/ },
];

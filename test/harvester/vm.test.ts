import { Duration, Size, Testing, Yaml } from 'cdk8s';
import {
  CloudInitSecret, DiskBus, DiskSource, EvictionStrategy, Firmware, HarvesterVm, HarvesterVmProps, HarvesterVolume,
  InterfaceBinding, InterfaceModel, MaintainModeStrategy, NetworkConfig, NetworkSource, RunStrategy, VmAffinity,
} from '../../lib';
import { VirtualMachineSpecTemplateSpecDomainMemoryGuest, toJson_VirtualMachineSpec } from '../../imports/kubevirt.io';
import { kubevirtJson } from '../../lib/harvester/private/kubevirt-json';

function vmOf(props: Partial<HarvesterVmProps> = {}, build?: (chart: any, vm: HarvesterVm) => void): any {
  const chart = Testing.chart();
  const vm = new HarvesterVm(chart, 'vm', { name: 'web', ...props });
  build?.(chart, vm);
  return Testing.synth(chart).find((o) => o.kind === 'VirtualMachine');
}
const tspec = (vm: any) => vm.spec.template.spec;

describe('HarvesterVm defaults', () => {
  const vm = vmOf();
  test('metadata, creator label on VM and template, vmName template label', () => {
    expect(vm.apiVersion).toBe('kubevirt.io/v1');
    expect(vm.metadata).toEqual({ name: 'web', namespace: 'default', labels: { 'harvesterhci.io/creator': 'gitvops' } });
    expect(vm.spec.template.metadata.labels).toEqual({ 'harvesterhci.io/creator': 'gitvops', 'harvesterhci.io/vmName': 'web' });
  });
  test('RerunOnFailure, 2 cores, 4 GiB, BIOS, LiveMigrate, 120 s, hostname = name', () => {
    expect(vm.spec.runStrategy).toBe('RerunOnFailure');
    expect(vm.spec.running).toBeUndefined();
    expect(tspec(vm).domain.cpu).toEqual({ cores: 2, sockets: 1, threads: 1, maxSockets: 1 });
    // requests as Harvester 1.6's mutator computes them: 2000m × 100 / 1600, 4Gi × 100 / 150 truncated to MiB
    expect(tspec(vm).domain.resources).toEqual({ limits: { cpu: '2', memory: '4Gi' }, requests: { cpu: '125m', memory: '2730Mi' } });
    expect(tspec(vm).domain.memory).toEqual({ guest: '4Gi' });
    expect(tspec(vm).domain.firmware).toEqual({ bootloader: { bios: {} } });
    expect(tspec(vm).domain.features).toBeUndefined();
    expect(tspec(vm).evictionStrategy).toBe('LiveMigrate');
    expect(tspec(vm).terminationGracePeriodSeconds).toBe(120);
    expect(tspec(vm).hostname).toBe('web');
  });
});

describe('HarvesterVm props', () => {
  test('cpu topology, memory, reservedMemory annotation and guest memory', () => {
    const vm = vmOf({ cpu: { cores: 4, sockets: 2, threads: 2 }, cpuAndMemoryHotplug: true, memory: Size.gibibytes(8), reservedMemory: Size.mebibytes(512) });
    expect(tspec(vm).domain.cpu).toEqual({ cores: 4, sockets: 2, threads: 2 });
    expect(tspec(vm).domain.resources.limits).toEqual({ cpu: '16', memory: '8Gi' });
    expect(tspec(vm).domain.memory.guest).toBe('7680Mi');
    expect(vm.metadata.annotations).toEqual({ 'harvesterhci.io/reservedMemory': '512Mi', 'harvesterhci.io/enableCPUAndMemoryHotplug': 'true' });
  });

  test('firmware: EFI with secure boot switches SMM on; without, off', () => {
    const on = vmOf({ firmware: Firmware.efi({ secureBoot: true }) });
    expect(tspec(on).domain.firmware).toEqual({ bootloader: { efi: { secureBoot: true } } });
    expect(tspec(on).domain.features).toEqual({ acpi: {}, smm: { enabled: true } });
    const off = vmOf({ firmware: Firmware.efi() });
    expect(tspec(off).domain.firmware).toEqual({ bootloader: { efi: { secureBoot: false } } });
    expect(tspec(off).domain.features).toEqual({ acpi: {}, smm: { enabled: false } });
  });

  test('run strategy, machine type, TPM, hostname, eviction, grace period, maintain mode, node selector, labels', () => {
    const vm = vmOf({
      runStrategy: RunStrategy.HALTED, machineType: 'q35', tpm: true, hostname: 'www', evictionStrategy: EvictionStrategy.NONE,
      terminationGracePeriod: Duration.seconds(30), maintainModeStrategy: MaintainModeStrategy.SHUTDOWN, nodeSelector: { zone: 'a' },
      labels: { team: 'web' }, annotations: { note: 'x' }, templateLabels: { app: 'web' },
    });
    expect(vm.spec.runStrategy).toBe('Halted');
    expect(tspec(vm).domain.machine).toEqual({ type: 'q35' });
    expect(tspec(vm).domain.devices.tpm).toEqual({});
    expect(tspec(vm).hostname).toBe('www');
    expect(tspec(vm).evictionStrategy).toBe('None');
    expect(tspec(vm).terminationGracePeriodSeconds).toBe(30);
    expect(tspec(vm).nodeSelector).toEqual({ zone: 'a' });
    expect(vm.metadata.labels).toEqual({ 'harvesterhci.io/creator': 'gitvops', team: 'web', 'harvesterhci.io/maintain-mode-strategy': 'Shutdown' });
    expect(vm.metadata.annotations).toEqual({ note: 'x' });
    expect(vm.spec.template.metadata.labels.app).toBe('web');
  });

  test('disks and volumes pair up: PVC, container disk, CD-ROM, cloud-init with network data', () => {
    const vm = vmOf({}, (chart, v) => {
      const root = HarvesterVolume.fromImage(chart, 'root', { name: 'web-root', image: 'default/img', storageClass: 'lh-1', size: Size.gibibytes(20) });
      const iso = HarvesterVolume.fromClaimName(chart, 'iso', 'tools-iso');
      v.addDisk({ name: 'root', source: DiskSource.volume(root), bootOrder: 1 });
      v.addDisk({ name: 'scratch', source: DiskSource.containerDisk('registry.lab/scratch:1'), bus: DiskBus.SCSI });
      v.addDisk({ name: 'tools', source: DiskSource.volume(iso), cdrom: true, readOnly: true });
    });
    expect(tspec(vm).domain.devices.disks).toEqual([
      { name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 },
      { name: 'scratch', disk: { bus: 'scsi' } },
      { name: 'tools', cdrom: { bus: 'sata', readonly: true } },
    ]);
    expect(tspec(vm).volumes).toEqual([
      { name: 'root', persistentVolumeClaim: { claimName: 'web-root' } },
      { name: 'scratch', containerDisk: { image: 'registry.lab/scratch:1' } },
      { name: 'tools', persistentVolumeClaim: { claimName: 'tools-iso' } },
    ]);
  });

  test('cloud-init disk: secretRef, and networkDataSecretRef only with network data', () => {
    const withNet = vmOf({}, () => undefined);
    expect(tspec(withNet).volumes).toBeUndefined();
    const chart = Testing.chart();
    const ci = new CloudInitSecret(chart, 'ci', { name: 'web-ci', networkConfig: NetworkConfig.dhcp() });
    const plain = new CloudInitSecret(chart, 'ci2', { name: 'web2-ci' });
    new HarvesterVm(chart, 'a', { name: 'a', cloudInit: ci });
    new HarvesterVm(chart, 'b', { name: 'b', cloudInit: plain });
    const [a, b] = Testing.synth(chart).filter((o) => o.kind === 'VirtualMachine');
    expect(tspec(a).volumes).toEqual([{ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'web-ci' }, networkDataSecretRef: { name: 'web-ci' } } }]);
    expect(tspec(a).domain.devices.disks).toEqual([{ name: 'cloudinitdisk', disk: { bus: 'virtio' } }]);
    expect(tspec(b).volumes).toEqual([{ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'web2-ci' } } }]);
  });

  test('networks: pod → masquerade, VM network → bridge + multus; model, MAC, boot order', () => {
    const vm = vmOf({
      networks: [
        { name: 'default', source: NetworkSource.pod() },
        { name: 'lan', source: NetworkSource.vmNetwork('infra/vlan-20'), model: InterfaceModel.E1000E, macAddress: '52-54-00-AB-CD-EF', bootOrder: 2 },
        { name: 'lan2', source: NetworkSource.vmNetwork('vlan-30'), binding: InterfaceBinding.BRIDGE },
      ],
    });
    expect(tspec(vm).domain.devices.interfaces).toEqual([
      { name: 'default', model: 'virtio', masquerade: {}, macAddress: '52:14:55:6e:41:db' },
      { name: 'lan', model: 'e1000e', bridge: {}, macAddress: '52:54:00:ab:cd:ef', bootOrder: 2 },
      { name: 'lan2', model: 'virtio', bridge: {}, macAddress: '16:88:50:ea:9f:a3' },
    ]);
    expect(tspec(vm).networks).toEqual([
      { name: 'default', pod: {} },
      { name: 'lan', multus: { networkName: 'infra/vlan-20' } },
      { name: 'lan2', multus: { networkName: 'default/vlan-30' } },
    ]);
  });

  test('SSH key pairs → sshNames template annotation (JSON)', () => {
    const vm = vmOf({ sshKeyPairs: ['ops', 'keys/alice'] });
    expect(JSON.parse(vm.spec.template.metadata.annotations['harvesterhci.io/sshNames'])).toEqual(['default/ops', 'keys/alice']);
  });

  test('spread across hosts: preferred and required anti-affinity, group label on the template', () => {
    const soft = vmOf({ affinity: VmAffinity.spreadAcrossHosts('db') });
    expect(tspec(soft).affinity).toEqual({ podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { 'gitvops.io/spread-group': 'db' } }, topologyKey: 'kubernetes.io/hostname' } }] } });
    expect(soft.spec.template.metadata.labels['gitvops.io/spread-group']).toBe('db');
    const hard = vmOf({ affinity: VmAffinity.spreadAcrossHosts('db', { required: true, labelKey: 'example.io/g' }) });
    expect(tspec(hard).affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'example.io/g': 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } });
  });

  test('two synths are byte-identical', () => {
    const props = { networks: [{ name: 'default', source: NetworkSource.pod() }], sshKeyPairs: ['ops'] };
    expect(Yaml.stringify(vmOf(props))).toBe(Yaml.stringify(vmOf(props)));
  });
});

describe('HarvesterVm admission rules at construction', () => {
  const at = "HarvesterVm 'test/vm'";
  const disk = (name: string, extra: object = {}) => ({ name, source: DiskSource.containerDisk('img'), ...extra });
  test.each<[string, Partial<HarvesterVmProps>, string]>([
    ['bootOrder 0', { disks: [disk('root', { bootOrder: 0 })] }, `${at}: disks[0].bootOrder: 0 is invalid; allowed: an integer ≥ 1`],
    ['bootOrder shared by disk and interface', { disks: [disk('root', { bootOrder: 1 })], networks: [{ name: 'n', source: NetworkSource.pod(), bootOrder: 1 }] }, `${at}: networks[0].bootOrder: 1 is invalid; allowed: a boot order not used already (taken by "root")`],
    ['cdrom on virtio', { disks: [disk('cd', { cdrom: true, bus: DiskBus.VIRTIO })] }, `${at}: disks[0].bus: "virtio" is invalid; allowed: sata, scsi or usb for a CD-ROM (not virtio)`],
    ['read-only sata disk', { disks: [disk('d', { bus: DiskBus.SATA, readOnly: true })] }, `${at}: disks[0].readOnly: true is invalid; allowed: false on the sata bus`],
    ['bad hostname', { hostname: 'web.example' }, `${at}: hostname: "web.example" is invalid; allowed: a DNS-1123 label`],
    ['reservedMemory ≥ memory', { memory: Size.gibibytes(2), reservedMemory: Size.gibibytes(2) }, `${at}: reservedMemory: "2Gi" is invalid; allowed: less than memory (2Gi)`],
    ['masquerade on a VM network', { networks: [{ name: 'n', source: NetworkSource.vmNetwork('default/x'), binding: InterfaceBinding.MASQUERADE }] }, `${at}: networks[0].binding: "masquerade" is invalid; allowed: bridge on a VM network (masquerade works only on the pod network)`],
    ['bad interface name', { networks: [{ name: 'nic 1', source: NetworkSource.pod() }] }, `${at}: networks[0].name: "nic 1" is invalid; allowed: a name matching`],
    ['bad MAC', { networks: [{ name: 'n', source: NetworkSource.pod(), macAddress: '52:54:00:zz:00:01' }] }, `${at}: networks[0].macAddress: "52:54:00:zz:00:01" is invalid; allowed: a MAC address such as 52:54:00:ab:cd:ef`],
    ['bad interface model', { networks: [{ name: 'n', source: NetworkSource.pod(), model: 'vmxnet3' as InterfaceModel }] }, `${at}: networks[0].model: "vmxnet3" is invalid; allowed: virtio, e1000`],
    ['duplicate disk name', { disks: [disk('d'), disk('d')] }, `${at}: disks[1].name: "d" is invalid; allowed: a disk name not used already`],
    ['duplicate interface name', { networks: [{ name: 'n', source: NetworkSource.pod() }, { name: 'n', source: NetworkSource.pod() }] }, `${at}: networks[1].name: "n" is invalid; allowed: an interface name not used already`],
    ['disk named cloudinitdisk', { disks: [disk('cloudinitdisk')] }, `${at}: disks[0].name: "cloudinitdisk" is invalid`],
    ['bad VM network reference', { networks: [{ name: 'n', source: NetworkSource.vmNetwork('a/b/c') }] }, `${at}: networks[0].source: "a/b/c" is invalid`],
    ['cpu.cores 0', { cpu: { cores: 0 } }, `${at}: cpu.cores: 0 is invalid; allowed: an integer from 1 to 512`],
    ['bad VM name', { name: 'Web' }, `${at}: name: "Web" is invalid; allowed: a DNS-1123 label`],
    ['bad key pair', { sshKeyPairs: ['a/b/c'] }, `${at}: sshKeyPairs[0]: "a/b/c" is invalid`],
  ])('%s', (_name, props, message) => {
    expect(() => vmOf(props)).toThrow(message);
  });

  test('a volume from another namespace', () => {
    expect(() => vmOf({}, (chart, v) => v.addDisk({ name: 'd', source: DiskSource.volume(HarvesterVolume.fromClaimName(chart, 'x', 'x', 'other')) })))
      .toThrow(`${at}: disks[0].source: "other/x" is invalid; allowed: a volume in the VM's namespace (default)`);
  });

  test('a cloud-init Secret from another namespace', () => {
    const chart = Testing.chart();
    const ci = new CloudInitSecret(chart, 'ci', { name: 'ci', namespace: 'other' });
    expect(() => new HarvesterVm(chart, 'vm', { name: 'web', cloudInit: ci })).toThrow(`${at}: cloudInit: "other/ci" is invalid; allowed: a cloud-init Secret in the VM's namespace (default)`);
  });

  test('a reserved kubevirt.io/ template label', () => {
    expect(() => vmOf({ templateLabels: { 'kubevirt.io/nodeName': 'x' } })).toThrow(`${at}: templateLabels: "kubevirt.io/nodeName" is invalid; allowed: a label key other than KubeVirt's own (kubevirt.io/created-by, `);
  });
});

describe('HarvesterVm spec JSON is what the imported kind\'s generated converter writes', () => {
  test('every prop, disk and network variant, compared with toJson_VirtualMachineSpec', () => {
    const chart = Testing.chart();
    const root = HarvesterVolume.fromImage(chart, 'root', { name: 'root', image: 'default/img', storageClass: 'lh-1', size: Size.gibibytes(10) });
    const cloudInit = new CloudInitSecret(chart, 'ci', { name: 'ci', hostname: 'h', networkConfig: NetworkConfig.dhcp() });
    const variants: Partial<HarvesterVmProps>[] = [
      {},
      { cpu: { cores: 4, sockets: 2, threads: 2 }, cpuAndMemoryHotplug: true, memory: Size.gibibytes(8), reservedMemory: Size.mebibytes(512) },
      { firmware: Firmware.efi({ secureBoot: true }), tpm: true, machineType: 'q35' },
      { firmware: Firmware.efi() },
      {
        runStrategy: RunStrategy.HALTED, hostname: 'www', evictionStrategy: EvictionStrategy.NONE, terminationGracePeriod: Duration.seconds(30),
        maintainModeStrategy: MaintainModeStrategy.SHUTDOWN, nodeSelector: { zone: 'a' }, labels: { team: 'web' }, templateLabels: { app: 'web' },
      },
      { affinity: VmAffinity.spreadAcrossHosts('db') },
      { affinity: VmAffinity.spreadAcrossHosts('db', { required: true, labelKey: 'example.io/g' }) },
      { sshKeyPairs: ['ops'], cloudInit },
      {
        disks: [
          { name: 'root', source: DiskSource.volume(root), bootOrder: 1 },
          { name: 'scratch', source: DiskSource.containerDisk('registry.lab/scratch:1'), bus: DiskBus.SCSI },
          { name: 'tools', source: DiskSource.containerDisk('registry.lab/tools:1'), cdrom: true, readOnly: true },
        ],
        networks: [
          { name: 'default', source: NetworkSource.pod() },
          { name: 'lan', source: NetworkSource.vmNetwork('infra/vlan-20'), model: InterfaceModel.E1000E, macAddress: '52-54-00-AB-CD-EF', bootOrder: 2 },
          { name: 'lan2', source: NetworkSource.vmNetwork('vlan-30'), binding: InterfaceBinding.BRIDGE },
        ],
      },
    ];
    variants.forEach((props, i) => {
      const vm = new HarvesterVm(chart, `vm${i}`, { name: `vm${i}`, ...props });
      const spec = (vm as any).renderSpec();
      expect(kubevirtJson(spec)).toStrictEqual(toJson_VirtualMachineSpec(spec));
    });
    // and what is written is that JSON, keys sorted by cdk8s
    const written = Testing.synth(chart).find((o) => o.metadata.name === 'vm8');
    expect(written.spec.template.spec.domain.devices.interfaces[1]).toEqual({ name: 'lan', model: 'e1000e', bridge: {}, macAddress: '52:54:00:ab:cd:ef', bootOrder: 2 });
  });

  test('quantities become their value, undefined values are left out, null and arrays kept', () => {
    const quantity = VirtualMachineSpecTemplateSpecDomainMemoryGuest.fromString('4Gi');
    expect(kubevirtJson({ a: undefined, b: null, c: [1, undefined, { d: quantity }], e: {} })).toStrictEqual({ b: null, c: [1, undefined, { d: '4Gi' }], e: {} });
  });
});

import { HarvesterVersion } from '../../../platform/harvester';
import { oneOf } from '../../../platform/private/facts';
import type { RuleReport } from '../problems';
import { FamilyContext, RuleFamily, VMI, isKind, list, rule } from '../rule-info';

/** KubeVirt v1.7 files the device checks moved to (Harvester 1.8). */
const KV = 'kubevirt/kubevirt';
const AMD64 = `${KV} pkg/virt-api/webhooks/amd64.go`;
const HYPERV = `${KV} pkg/virt-api/webhooks/hyperv.go`;
const DRA = `${KV} pkg/dra/admitter/dra_admitter.go`;
const DISKS_17 = `${KV} pkg/storage/admitters/disks.go`;

const V1_8 = [HarvesterVersion.V1_8] as const;

/** Sound card models (validateSoundDevices). */
const SOUND_MODELS: readonly string[] = ['ich9', 'ac97'];
/** IO-thread policies (vmi-create-admitter.go validIOThreadsPolicies). */
const IO_THREADS_POLICIES: readonly string[] = ['shared', 'auto', 'supplementalPool'];
/** Video models KubeVirt v1.7 accepts on amd64 (amd64.go validateVideoTypeAmd64). */
const AMD64_VIDEO_TYPES: readonly string[] = ['vga', 'cirrus', 'virtio', 'ramfb', 'bochs'];
/** Probe handlers: exactly one per probe (validateProbe). */
const PROBE_HANDLERS: readonly string[] = ['httpGet', 'tcpSocket', 'exec', 'guestAgentPing'];
/** Probe handlers that reach the guest over the pod network. */
const POD_NETWORK_PROBES: readonly string[] = ['httpGet', 'tcpSocket'];
/** Volume sources virtiofs shares as config volumes, and as storage (pkg/storage/utils IsConfigVolume / IsStorageVolume). */
const CONFIG_VOLUMES: readonly string[] = ['configMap', 'secret', 'serviceAccount', 'downwardAPI'];
const STORAGE_VOLUMES: readonly string[] = ['persistentVolumeClaim', 'dataVolume'];
/** Launch-security types of KubeVirt v1.7 on amd64 (amd64.go ValidateLaunchSecurityAmd64). */
const LAUNCH_SECURITY_TYPES: readonly string[] = ['sev', 'snp', 'tdx'];

/**
 * Hyper-V enlightenments and the one each needs, leaves first as KubeVirt applies them
 * (hyperv.go getHypervFeatureDependencies).
 */
const HYPERV_REQUIRES: ReadonlyArray<readonly [string, string]> = [
  ['evmcs', 'vapic'], ['ipi', 'vpindex'], ['tlbflush', 'vpindex'], ['synictimer', 'synic'], ['synic', 'vpindex'],
];

/** Device and guest-facing checks of KubeVirt's VMI admitter. */
export const vmiDevices: RuleFamily = {
  rules: [
    rule('kubevirt.vmi.feature-gates', 'KubeVirt', `${VMI} validateVolumes (HostDisk, DownwardMetrics) / validateDownwardMetrics / validateVSOCK / validatePersistentReservation; v1.7 validatePanicDevices`,
      'no hostDisk or downwardMetrics volume, downwardMetrics device, autoattachVSOCK, LUN reservation (and on 1.8 no panicDevices): their feature gates are off on Harvester'),
    rule('kubevirt.vmi.disk-volume-kind', 'KubeVirt', `${VMI} validateBootOrder (LUN and downwardMetrics mapping)`,
      'a lun disk is backed by a persistentVolumeClaim or dataVolume; a downwardMetrics volume is a disk on the virtio bus'),
    rule('kubevirt.vmi.launch-security', 'KubeVirt', `${VMI} validateLaunchSecurity; v1.7 ${AMD64} ValidateLaunchSecurityAmd64`,
      'no launchSecurity (WorkloadEncryptionSEV / WorkloadEncryptionTDX are off on Harvester); on 1.8 exactly one of sev, snp, tdx'),
    rule('kubevirt.vmi.sound', 'KubeVirt', `${VMI} validateSoundDevices`, 'a sound device has a name and model ich9 or ac97'),
    rule('kubevirt.vmi.gpu-ramfb', 'KubeVirt', `${VMI} validateMDEVRamFB (countConfiguredMDEVRamFBs)`, 'at most one GPU display with ramfb'),
    rule('kubevirt.vmi.gpu-device', 'KubeVirt', `${DRA} validateCreationDRA (pkg/dra/utils.go IsGPUDRA)`,
      'a GPU has a deviceName and no claimName/requestName (DRA GPUs need GPUsWithDRA, off on Harvester)', V1_8),
    rule('kubevirt.vmi.watchdog', 'KubeVirt', `${AMD64} validateWatchdogAmd64 (isOnlyI6300ESBWatchdog)`, 'an amd64 watchdog is i6300esb, not diag288', V1_8),
    rule('kubevirt.vmi.video', 'KubeVirt', `${AMD64} validateVideoTypeAmd64`, 'on amd64 a devices.video type is vga, cirrus, virtio, ramfb or bochs', V1_8),
    rule('kubevirt.vmi.acpi', 'KubeVirt', `${VMI} validateFirmwareACPI (v1.7 validateACPIRef)`,
      'firmware.acpi names a Secret volume in slicNameRef (1.8: slicNameRef and/or msdmNameRef)'),
    rule('kubevirt.vmi.kernel-boot', 'KubeVirt', `${VMI} validateKernelBoot / validatePath (v1.7 ${DISKS_17} ValidatePath)`,
      'kernelArgs only with a kernel container; the container has an image and a kernelPath or initrdPath, each an absolute clean path'),
    rule('kubevirt.vmi.container-disk-path', 'KubeVirt', `${VMI} validateContainerDisks / validatePath (v1.7 ${DISKS_17} ValidateContainerDisks)`,
      'a containerDisk path is an absolute path without relative components, not "/"'),
    rule('kubevirt.vmi.hyperv', 'KubeVirt', `${HYPERV} ValidateVirtualMachineInstanceHyperv (feature dependencies after the mutator's SetHypervFeatureDependencies; HypervMode)`,
      'a Hyper-V enlightenment does not need one that is disabled (synic, ipi, tlbflush need vpindex; synictimer needs synic; evmcs needs vapic); not hyperv with hypervPassthrough'),
    rule('kubevirt.vmi.access-credentials', 'KubeVirt', `${VMI} validateAccessCredentials`,
      'an access credential is one of sshPublicKey or userPassword, with one secret source and one propagation method; noCloud / configDrive need such a volume; qemuGuestAgent needs users'),
    rule('kubevirt.vmi.probes', 'KubeVirt', `${VMI} validateProbe / appendStatusCauseForProbeNotAllowedWithNoPodNetworkPresent`,
      'a readiness or liveness probe has exactly one of httpGet, tcpSocket, exec, guestAgentPing; httpGet and tcpSocket only with the pod network'),
    rule('kubevirt.vmi.virtiofs', 'KubeVirt', `${VMI} validateFilesystemsWithVirtIOFSEnabled`,
      'no virtiofs filesystem on a PVC or dataVolume (EnableVirtioFsStorageVolumes is off); on 1.6 none on a configMap, secret, serviceAccount or downwardAPI volume either'),
    rule('kubevirt.vmi.io-threads-policy', 'KubeVirt', `${VMI} validateIOThreadsPolicy`,
      'ioThreadsPolicy is shared, auto or supplementalPool; supplementalPool needs ioThreads.supplementalPoolThreadCount ≥ 1'),
  ],
  check(obj: any, report: RuleReport, context: FamilyContext): void {
    let spec: any;
    let at: string;
    if (isKind(obj, 'kubevirt.io', 'VirtualMachine')) [spec, at] = [obj.spec?.template?.spec, 'spec.template.spec'];
    else if (isKind(obj, 'kubevirt.io', 'VirtualMachineInstance')) [spec, at] = [obj.spec, 'spec'];
    else return;
    if (!spec || typeof spec !== 'object') return;
    const v18 = context.harvesterVersion === HarvesterVersion.V1_8;
    checkFeatureGates(spec, at, v18, report);
    checkDiskVolumeKinds(spec, at, report);
    checkLaunchSecurity(spec, at, v18, report);
    checkSound(spec, at, report);
    checkGpus(spec, at, report);
    if (v18) checkAmd64Devices(spec, at, report);
    checkAcpi(spec, at, v18, report);
    checkKernelBoot(spec, at, report);
    list(spec.volumes).forEach((v, i) => {
      if (typeof v?.containerDisk?.path === 'string' && v.containerDisk.path !== '') checkPath(v.containerDisk.path, `${at}.volumes[${i}].containerDisk.path`, 'kubevirt.vmi.container-disk-path', report);
    });
    checkHyperv(spec, at, report);
    checkAccessCredentials(spec, at, report);
    checkProbes(spec, at, report);
    checkFilesystems(spec, at, v18, report);
    checkIoThreads(spec, at, report);
  },
};

const gateOff = (gate: string): string => `needs the ${gate} feature gate, which Harvester does not enable`;

/** The architecture KubeVirt validates for: the one set, or amd64 (the default it fills in on Harvester). */
const isAmd64 = (spec: any): boolean => spec.architecture === undefined || spec.architecture === '' || spec.architecture === 'amd64';

/**
 * validateVolumes (hostDisk, downwardMetrics volumes), validateDownwardMetrics (the device),
 * validateVSOCK, validatePersistentReservation and, in KubeVirt v1.7, validatePanicDevices:
 * features whose gates Harvester leaves off.
 */
function checkFeatureGates(spec: any, at: string, v18: boolean, report: RuleReport): void {
  list(spec.volumes).forEach((v, i) => {
    if (v?.hostDisk !== undefined) report('kubevirt.vmi.feature-gates', `${at}.volumes[${i}].hostDisk`, v.hostDisk, `a hostDisk volume ${gateOff('HostDisk')}; use a persistentVolumeClaim`);
    if (v?.downwardMetrics !== undefined) report('kubevirt.vmi.feature-gates', `${at}.volumes[${i}].downwardMetrics`, v.downwardMetrics, `a downwardMetrics volume ${gateOff('DownwardMetrics')}`);
  });
  const devices = spec.domain?.devices ?? {};
  if (devices.downwardMetrics !== undefined && devices.downwardMetrics !== null) {
    report('kubevirt.vmi.feature-gates', `${at}.domain.devices.downwardMetrics`, devices.downwardMetrics, `the downwardMetrics virtio serial device ${gateOff('DownwardMetrics')}`);
  }
  if (devices.autoattachVSOCK === true) report('kubevirt.vmi.feature-gates', `${at}.domain.devices.autoattachVSOCK`, true, `a VSOCK device ${gateOff('VSOCK')}; leave autoattachVSOCK unset or false`);
  list(devices.disks).forEach((d, i) => {
    if (d?.lun?.reservation === true) report('kubevirt.vmi.feature-gates', `${at}.domain.devices.disks[${i}].lun.reservation`, true, `SCSI persistent reservation ${gateOff('PersistentReservation')}`);
  });
  if (v18 && list(devices.panicDevices).length > 0) report('kubevirt.vmi.feature-gates', `${at}.domain.devices.panicDevices`, devices.panicDevices, `panic devices need the PanicDevices feature gate, which Harvester does not enable`);
}

/** validateBootOrder: what a lun disk and a downwardMetrics volume may be mapped to. */
function checkDiskVolumeKinds(spec: any, at: string, report: RuleReport): void {
  const volumes = new Map(list(spec.volumes).map((v) => [v?.name, v]));
  list(spec.domain?.devices?.disks).forEach((d, i) => {
    const v = volumes.get(d?.name);
    if (!v) return;
    const f = `${at}.domain.devices.disks[${i}]`;
    if (d.lun !== undefined && v.persistentVolumeClaim === undefined && v.dataVolume === undefined) {
      report('kubevirt.vmi.disk-volume-kind', `${f}.lun`, d.lun, `a lun disk must be backed by a persistentVolumeClaim or dataVolume volume (volume "${d.name}" is not)`);
    }
    if (v.downwardMetrics !== undefined) {
      if (d.disk === undefined) report('kubevirt.vmi.disk-volume-kind', `${f}.disk`, undefined, 'a downwardMetrics volume must be mapped to a disk (disk: {bus: virtio}), not a cdrom or lun');
      else if (d.disk?.bus !== undefined && d.disk.bus !== '' && d.disk.bus !== 'virtio') report('kubevirt.vmi.disk-volume-kind', `${f}.disk.bus`, d.disk.bus, 'a downwardMetrics disk must be on the virtio bus');
    }
  });
}

/**
 * validateLaunchSecurity. KubeVirt v1.5 refuses any launchSecurity without WorkloadEncryptionSEV;
 * v1.7 (amd64) first wants exactly one of sev, snp, tdx, then its gate. Harvester enables
 * neither gate, so the firmware, start-strategy and boot-NIC checks behind them never run.
 */
function checkLaunchSecurity(spec: any, at: string, v18: boolean, report: RuleReport): void {
  const ls = spec.domain?.launchSecurity;
  if (ls === undefined || ls === null) return;
  const field = `${at}.domain.launchSecurity`;
  if (!v18) return report('kubevirt.vmi.launch-security', field, ls, `launchSecurity ${gateOff('WorkloadEncryptionSEV')}`);
  if (!isAmd64(spec)) {
    return report('kubevirt.vmi.launch-security', field, ls, `launchSecurity on architecture ${spec.architecture} is not available on Harvester (amd64: sev, snp, tdx behind feature gates that are off)`);
  }
  const types = LAUNCH_SECURITY_TYPES.filter((k) => ls[k] !== undefined && ls[k] !== null);
  if (types.length !== 1) return report('kubevirt.vmi.launch-security', field, types, `exactly one launchSecurity type must be set: ${oneOf(LAUNCH_SECURITY_TYPES)}`);
  const gate = types[0] === 'tdx' ? 'WorkloadEncryptionTDX' : 'WorkloadEncryptionSEV';
  report('kubevirt.vmi.launch-security', `${field}.${types[0]}`, ls[types[0]], `launchSecurity ${types[0]} ${gateOff(gate)}`);
}

/** validateSoundDevices. */
function checkSound(spec: any, at: string, report: RuleReport): void {
  const sound = spec.domain?.devices?.sound;
  if (sound === undefined || sound === null) return;
  const f = `${at}.domain.devices.sound`;
  if (sound.model !== undefined && sound.model !== '' && !SOUND_MODELS.includes(sound.model)) report('kubevirt.vmi.sound', `${f}.model`, sound.model, `must be one of: ${oneOf(SOUND_MODELS)}`);
  if (typeof sound.name !== 'string' || sound.name === '') report('kubevirt.vmi.sound', `${f}.name`, sound.name, 'a sound device needs a name');
}

/**
 * validateMDEVRamFB: displays that use ramfb (display on unless enabled: false; ramfb on unless
 * ramFB is given without enabled: true), at most one. KubeVirt v1.7 validateCreationDRA: a GPU
 * has a deviceName and no claim; a claim without deviceName is a DRA GPU, behind GPUsWithDRA.
 */
function checkGpus(spec: any, at: string, report: RuleReport): void {
  const gpus = list(spec.domain?.devices?.gpus);
  const ramfb = gpus.filter((g) => {
    const display = g?.virtualGPUOptions?.display;
    if (display === undefined || display === null) return false;
    return display.enabled !== false && (display.ramFB === undefined || display.ramFB === null || display.ramFB.enabled === true);
  });
  if (ramfb.length > 1) {
    report('kubevirt.vmi.gpu-ramfb', `${at}.domain.devices.gpus`, ramfb.map((g) => g.name), 'at most one GPU display may use ramfb (set virtualGPUOptions.display.ramFB.enabled: false on the others)');
  }
  gpus.forEach((g, i) => {
    const f = `${at}.domain.devices.gpus[${i}]`;
    const named = typeof g?.deviceName === 'string' && g.deviceName !== '';
    const claim = g?.claimName !== undefined || g?.requestName !== undefined;
    if (!named && !claim) report('kubevirt.vmi.gpu-device', `${f}.deviceName`, g?.deviceName, 'a GPU needs a deviceName (the resource name of the device plugin)');
    else if (named && claim) report('kubevirt.vmi.gpu-device', f, { deviceName: g.deviceName, claimName: g.claimName, requestName: g.requestName }, 'a GPU has either deviceName or claimName/requestName, not both');
    else if (claim) report('kubevirt.vmi.gpu-device', f, { claimName: g.claimName, requestName: g.requestName }, 'a GPU from a resource claim (DRA) needs the GPUsWithDRA feature gate, which Harvester does not enable; use deviceName');
  });
}

/**
 * KubeVirt v1.7 ValidateVirtualMachineInstanceAmd64Setting, on the VMI as the mutator leaves it:
 * the watchdog model (i6300esb is filled in when absent, so only a diag288 one fails) and the
 * video type.
 */
function checkAmd64Devices(spec: any, at: string, report: RuleReport): void {
  const devices = spec.domain?.devices ?? {};
  const amd64 = isAmd64(spec);
  const watchdog = devices.watchdog;
  if (amd64 && watchdog && typeof watchdog === 'object' && watchdog.diag288 !== undefined) {
    report('kubevirt.vmi.watchdog', `${at}.domain.devices.watchdog.diag288`, watchdog.diag288, 'amd64 supports only the i6300esb watchdog');
  }
  const video = devices.video;
  if (video === undefined || video === null) return;
  if (amd64 && !AMD64_VIDEO_TYPES.includes(video.type)) report('kubevirt.vmi.video', `${at}.domain.devices.video.type`, video.type, `must be one of: ${oneOf(AMD64_VIDEO_TYPES)} on amd64`);
}

/**
 * validateFirmwareACPI. v1.5: slicNameRef must name a volume, and that volume a Secret. v1.7:
 * at least one of slicNameRef and msdmNameRef, each (when set) naming a Secret volume.
 */
function checkAcpi(spec: any, at: string, v18: boolean, report: RuleReport): void {
  const acpi = spec.domain?.firmware?.acpi;
  if (acpi === undefined || acpi === null) return;
  const f = `${at}.domain.firmware.acpi`;
  const volumes = list(spec.volumes);
  const ref = (key: string): void => {
    const name = acpi[key];
    const volume = volumes.find((v) => v?.name === name);
    if (!volume) report('kubevirt.vmi.acpi', `${f}.${key}`, name, `names no volume (volumes: ${volumes.map((v) => v?.name).join(', ') || 'none'}); it must name a secret volume`);
    else if (volume.secret === undefined) report('kubevirt.vmi.acpi', `${f}.${key}`, name, `volume "${name}" must be a secret volume`);
  };
  const set = (key: string): boolean => typeof acpi[key] === 'string' && acpi[key] !== '';
  if (!v18) {
    if (!set('slicNameRef')) return report('kubevirt.vmi.acpi', `${f}.slicNameRef`, acpi.slicNameRef, 'firmware.acpi needs slicNameRef naming a secret volume');
    return ref('slicNameRef');
  }
  if (!set('slicNameRef') && !set('msdmNameRef')) return report('kubevirt.vmi.acpi', f, acpi, 'firmware.acpi needs slicNameRef or msdmNameRef naming a secret volume');
  for (const key of ['slicNameRef', 'msdmNameRef']) if (set(key)) ref(key);
}

/** validateKernelBoot. */
function checkKernelBoot(spec: any, at: string, report: RuleReport): void {
  const kb = spec.domain?.firmware?.kernelBoot;
  if (kb === undefined || kb === null) return;
  const f = `${at}.domain.firmware.kernelBoot`;
  const c = kb.container;
  if (c === undefined || c === null) {
    if (typeof kb.kernelArgs === 'string' && kb.kernelArgs !== '') report('kubevirt.vmi.kernel-boot', `${f}.kernelArgs`, kb.kernelArgs, 'kernel arguments need an external kernel (kernelBoot.container)');
    return;
  }
  const set = (key: string): boolean => typeof c[key] === 'string' && c[key] !== '';
  if (!set('image')) report('kubevirt.vmi.kernel-boot', `${f}.container.image`, c.image, 'the kernel boot container needs an image');
  if (!set('kernelPath') && !set('initrdPath')) report('kubevirt.vmi.kernel-boot', `${f}.container`, c, 'the kernel boot container needs kernelPath, initrdPath or both');
  for (const key of ['kernelPath', 'initrdPath']) if (set(key)) checkPath(c[key], `${f}.container.${key}`, 'kubevirt.vmi.kernel-boot', report);
}

/** A path as Go's path.Clean makes it, for an absolute path. */
function cleanAbsolute(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** validatePath: not "/", and as given (one trailing "/" aside) the clean absolute path. */
function checkPath(path: string, field: string, ruleId: string, report: RuleReport): void {
  if (path === '/') return report(ruleId, field, path, 'must not point to the root "/"');
  const given = path.endsWith('/') ? path.slice(0, -1) : path;
  if (cleanAbsolute(`/${path}`) !== given) report(ruleId, field, path, 'must be an absolute path to a file without relative components (no ".", "..", "//")');
}

type Tri = boolean | undefined;

/**
 * ValidateVirtualMachineInstanceHyperv, on the VMI as the mutator leaves it: a feature given
 * without `enabled` is on; a needed feature that is absent is switched on (until the first
 * dependency it cannot satisfy: SetHypervFeatureDependencies stops there). What remains refused:
 * an enabled feature whose dependency is disabled, and hyperv together with hypervPassthrough.
 */
function checkHyperv(spec: any, at: string, report: RuleReport): void {
  const features = spec.domain?.features;
  const hyperv = features?.hyperv;
  const f = `${at}.domain.features`;
  if (hyperv && typeof hyperv === 'object') {
    const state = new Map<string, Tri>();
    for (const name of HYPERV_REQUIRES.flat()) state.set(name, stateOf(hyperv[name]));
    for (const [name, needs] of HYPERV_REQUIRES) {
      if (state.get(name) !== true) continue;
      if (state.get(needs) === undefined) state.set(needs, true);
      else if (state.get(needs) === false) break;
    }
    for (const [name, needs] of HYPERV_REQUIRES) {
      if (state.get(name) === true && state.get(needs) !== true) {
        report('kubevirt.vmi.hyperv', `${f}.hyperv.${name}`, hyperv[name], `hyperv.${name} requires hyperv.${needs}, which is disabled (enable it or leave it unset)`);
      }
    }
  }
  if (hyperv !== undefined && hyperv !== null && features?.hypervPassthrough !== undefined && features.hypervPassthrough !== null) {
    report('kubevirt.vmi.hyperv', `${f}.hypervPassthrough`, features.hypervPassthrough, 'hyperv and hypervPassthrough are exclusive: use one of them');
  }
}

/** A feature state as KubeVirt defaults it: absent, on (given without enabled: false) or off. */
function stateOf(feature: any): Tri {
  if (feature === undefined || feature === null) return undefined;
  return feature.enabled !== false;
}

/** validateAccessCredentials. */
function checkAccessCredentials(spec: any, at: string, report: RuleReport): void {
  const volumes = list(spec.volumes);
  const noCloud = volumes.some((v) => v?.cloudInitNoCloud !== undefined);
  const configDrive = volumes.some((v) => v?.cloudInitConfigDrive !== undefined);
  list(spec.accessCredentials).forEach((cred, i) => {
    const f = `${at}.accessCredentials[${i}]`;
    const types = ['sshPublicKey', 'userPassword'].filter((k) => cred?.[k] !== undefined && cred[k] !== null);
    if (types.length !== 1) report('kubevirt.vmi.access-credentials', f, types, 'exactly one access credential type must be set: sshPublicKey or userPassword');
    const ssh = cred?.sshPublicKey;
    if (ssh && typeof ssh === 'object') {
      const method = ssh.propagationMethod ?? {};
      const mf = `${f}.sshPublicKey.propagationMethod`;
      if (method.noCloud !== undefined && !noCloud) report('kubevirt.vmi.access-credentials', mf, method, 'the noCloud propagation method needs a cloudInitNoCloud volume');
      if (method.configDrive !== undefined && !configDrive) report('kubevirt.vmi.access-credentials', mf, method, 'the configDrive propagation method needs a cloudInitConfigDrive volume');
      if (method.qemuGuestAgent !== undefined && list(method.qemuGuestAgent?.users).length === 0) {
        report('kubevirt.vmi.access-credentials', `${mf}.qemuGuestAgent.users`, method.qemuGuestAgent?.users, 'the qemuGuestAgent propagation method needs at least one user');
      }
      checkCredentialParts(ssh, `${f}.sshPublicKey`, ['noCloud', 'configDrive', 'qemuGuestAgent'], report);
    }
    const password = cred?.userPassword;
    if (password && typeof password === 'object') checkCredentialParts(password, `${f}.userPassword`, ['qemuGuestAgent'], report);
  });
}

/** One secret source and exactly one of `methods` as propagation method. */
function checkCredentialParts(cred: any, f: string, methods: string[], report: RuleReport): void {
  if (cred.source?.secret === undefined || cred.source?.secret === null) report('kubevirt.vmi.access-credentials', `${f}.source`, cred.source, 'exactly one source must be set: secret');
  const set = methods.filter((m) => cred.propagationMethod?.[m] !== undefined && cred.propagationMethod[m] !== null);
  if (set.length !== 1) report('kubevirt.vmi.access-credentials', `${f}.propagationMethod`, set, `exactly one propagation method must be set: ${oneOf(methods)}`);
}

/** validateProbe, and the probes that need the pod network when there is none. */
function checkProbes(spec: any, at: string, report: RuleReport): void {
  const podNetwork = list(spec.networks).some((n) => n?.pod !== undefined && n.pod !== null);
  for (const key of ['readinessProbe', 'livenessProbe']) {
    const probe = spec[key];
    if (probe === undefined || probe === null) continue;
    const f = `${at}.${key}`;
    const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
    if (handlers.length !== 1) report('kubevirt.vmi.probes', f, handlers, `a probe has exactly one of: ${oneOf(PROBE_HANDLERS)}`);
    if (!podNetwork) {
      for (const h of handlers.filter((x) => POD_NETWORK_PROBES.includes(x))) {
        report('kubevirt.vmi.probes', `${f}.${h}`, probe[h], `a ${h} probe needs the pod network attached (use exec or guestAgentPing otherwise)`);
      }
    }
  }
}

/** validateFilesystemsWithVirtIOFSEnabled: which volumes virtiofs may share, by feature gate. */
function checkFilesystems(spec: any, at: string, v18: boolean, report: RuleReport): void {
  const volumes = new Map(list(spec.volumes).map((v) => [v?.name, v]));
  list(spec.domain?.devices?.filesystems).forEach((fs, i) => {
    const v = volumes.get(fs?.name);
    if (!v) return;
    const f = `${at}.domain.devices.filesystems[${i}]`;
    if (CONFIG_VOLUMES.some((k) => v[k] !== undefined) && !v18) {
      report('kubevirt.vmi.virtiofs', f, fs.name, 'virtiofs on a configMap, secret, serviceAccount or downwardAPI volume needs the EnableVirtioFsConfigVolumes feature gate, which Harvester 1.6 does not enable; attach it as a disk');
    } else if (STORAGE_VOLUMES.some((k) => v[k] !== undefined)) {
      report('kubevirt.vmi.virtiofs', f, fs.name, 'virtiofs on a persistentVolumeClaim or dataVolume needs the EnableVirtioFsStorageVolumes feature gate, which Harvester does not enable; attach it as a disk');
    }
  });
}

/** validateIOThreadsPolicy. */
function checkIoThreads(spec: any, at: string, report: RuleReport): void {
  const domain = spec.domain ?? {};
  const policy = domain.ioThreadsPolicy;
  if (policy === undefined || policy === null) return;
  if (!IO_THREADS_POLICIES.includes(policy)) report('kubevirt.vmi.io-threads-policy', `${at}.domain.ioThreadsPolicy`, policy, `must be one of: ${oneOf(IO_THREADS_POLICIES)}`);
  const count = domain.ioThreads?.supplementalPoolThreadCount;
  if (policy === 'supplementalPool' && !(typeof count === 'number' && count >= 1)) {
    report('kubevirt.vmi.io-threads-policy', `${at}.domain.ioThreads.supplementalPoolThreadCount`, count, 'the supplementalPool policy needs ioThreads.supplementalPoolThreadCount ≥ 1');
  }
}

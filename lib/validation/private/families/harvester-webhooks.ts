import { HarvesterVersion } from '../../../platform/harvester';
import { VOLUME_CLAIM_TEMPLATES_ANNOTATION } from '../../../platform/private/labels';
import {
  BRIDGE_SUFFIX, CLUSTER_NETWORK_LABEL, DEFAULT_MTU, MAX_CLUSTER_NETWORK_NAME, MAX_DEVICE_NAME, MAX_MTU, MAX_VLAN, MGMT, MIN_MTU,
  ROUTE_ANNOTATION, UPLINK_MTU_ANNOTATION, sameMtu,
} from '../../../platform/private/network-facts';
import { Cidr, IpAddress, networkOf, parseCidr, parseIp, subnetContains } from '../../../core/private/ip';
import { isDnsSubdomain } from '../../../core/private/names';
import { parseQuantity } from '../../../core/private/parse-quantity';
import { sshPublicKeyProblem } from '../../../core/private/ssh-key';
import type { RuleReport } from '../problems';
import { FamilyContext, HVM, LB, POOL, RuleFamily, isKind, list, rule } from '../rule-info';

const V1_8 = [HarvesterVersion.V1_8] as const;

/** Upstream files of the Harvester webhooks this family reads (v1.6.1 and v1.8.2). */
const HW = 'harvester/harvester pkg/webhook/resources';
const IMAGE = 'harvester/harvester pkg/image/common/validator.go';
const HNC = 'harvester/network-controller-harvester pkg/webhook';

/** Harvester's group of its own kinds. */
const HARVESTER_GROUP = 'harvesterhci.io';
const NETWORK_GROUP = 'network.harvesterhci.io';

/** The internal storage classes a user may not create a PVC with (pkg/util/constants.go, 1.8). */
const LONGHORN_STATIC = 'longhorn-static';
const VMSTATE_PERSISTENCE = 'vmstate-persistence';
/** KubeVirt's label on the persistent-state PVC of a VM (pkg/util/constants.go LabelKubeVirtPersistentState). */
const PERSISTENT_STATE_LABEL = 'persistent-state-for';

/** VirtualMachineImage source types that download from `spec.url` (pkg/image/common CheckURL). */
const URL_SOURCE_TYPES = ['download', 'restore'];
/** The storage class annotation of an image (pkg/util/constants.go AnnotationStorageClassName). */
const IMAGE_STORAGE_CLASS_ANNOTATION = 'harvesterhci.io/storageClassName';

/** StorageClass parameters and annotations Harvester's storageclass validator reads. */
const DATA_LOCALITY = 'dataLocality';
const DATA_LOCALITIES = ['disabled', 'best-effort'];
const ENCRYPTED = 'encrypted';
const SECRET_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['csi.storage.k8s.io/provisioner-secret-name', 'csi.storage.k8s.io/provisioner-secret-namespace'],
  ['csi.storage.k8s.io/node-stage-secret-name', 'csi.storage.k8s.io/node-stage-secret-namespace'],
  ['csi.storage.k8s.io/node-publish-secret-name', 'csi.storage.k8s.io/node-publish-secret-namespace'],
];
/** The fields of a Longhorn encryption Secret and the values each may take ('' = any non-empty). */
const ENCRYPTION_SECRET_FIELDS: ReadonlyArray<readonly [string, readonly string[] | 'non-empty']> = [
  ['CRYPTO_KEY_CIPHER', ['aes-xts-plain', 'aes-xts-plain64', 'aes-cbc-plain', 'aes-cbc-plain64', 'aes-cbc-essiv:sha256']],
  ['CRYPTO_KEY_HASH', ['sha256', 'sha384', 'sha512']],
  ['CRYPTO_KEY_SIZE', ['256', '384', '512']],
  ['CRYPTO_PBKDF', ['argon2i', 'argon2id', 'pbkdf2']],
  ['CRYPTO_KEY_PROVIDER', ['secret']],
  ['CRYPTO_KEY_VALUE', 'non-empty'],
];
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const CDI_FS_OVERHEAD = 'cdi.harvesterhci.io/filesystemOverhead';
const CDI_CLONE_STRATEGY = 'cdi.harvesterhci.io/storageProfileCloneStrategy';
const CDI_SNAPSHOT_CLASS = 'cdi.harvesterhci.io/storageProfileVolumeSnapshotClass';
const CDI_VOLUME_MODE_ACCESS_MODES = 'cdi.harvesterhci.io/storageProfileVolumeModeAccessModes';
const CDI_ANNOTATIONS = [CDI_FS_OVERHEAD, CDI_CLONE_STRATEGY, CDI_SNAPSHOT_CLASS, CDI_VOLUME_MODE_ACCESS_MODES];
const FS_OVERHEAD = /^(0(?:\.\d{1,3})?|1)$/;
const CLONE_STRATEGIES = ['copy', 'snapshot', 'csi-clone'];
const CDI_VOLUME_MODES = ['Block', 'Filesystem'];
const CDI_ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const LONGHORN_PROVISIONER = 'driver.longhorn.io';
/** Go strconv.ParseBool's accepted spellings. */
const GO_BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];
const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];

const ROUTE_MODES = ['auto', 'manual'];

/** Settings whose value the setting validator checks by form (pkg/webhook/resources/setting/validator.go). */
const MAX_TTL_MINUTES = 52560000;
const MIN_HOTPLUG_RATIO = 1;
const MAX_HOTPLUG_RATIO = 20;
const MIN_OVERHEAD_RATIO = 1;
const MAX_OVERHEAD_RATIO = 10;

/** The annotation that turns off a schedule's cron checks (pkg/util/constants.go AnnotationSVMBackupSkipCronCheck). */
const SKIP_CRON_CHECK = 'harvesterhci.io/svmbackupSkipCronCheck';
/** The least offset between two schedules of one granularity (schedulevmbackup/validator.go minCronOffset). */
const MIN_CRON_OFFSET_MINUTES = 10;

/** load-balancer-harvester facts: the global pool, the wildcard of a scope tuple. */
const ALL = '*';

/** The rules of Harvester's own validating webhooks (beyond the core rules), its network controller and load balancer. */
const RULES = [
  rule('harvester.vm.memory-set', 'Harvester', `${HVM} checkEmptyMemory`, 'memory.guest or resources.limits.memory is set (a request alone is not enough)', V1_8),
  rule('harvester.vm.cdrom-bus', 'Harvester', `${HVM} checkCdRomVolumeIsValid (pkg/util/virtualmachine SupportInsertCdRomVolume / SupportEjectCdRomVolume)`, 'an empty CD-ROM and a CD-ROM on a hotpluggable PVC are on the sata bus', V1_8),
  rule('harvester.vm.target-volume', 'Harvester', `${HVM} checkTargetVolumes / validateTargetVolumeEntry`, 'one volumeClaimTemplates entry with targetVolume at most; it names a PVC volume of the VM, not a DataVolume', V1_8),
  rule('harvester.pvc.reserved-storage-class', 'Harvester', `${HW}/persistentvolumeclaim/validator.go validateInternalUsage`, 'no PVC of the internal storage classes longhorn-static and vmstate-persistence (unless KubeVirt owns it)', V1_8),
  rule('harvester.image.url', 'Harvester', `${IMAGE} CheckURL`, 'download and restore images have a parseable url; other source types have none'),
  rule('harvester.image.source', 'Harvester', `${IMAGE} CheckSecurityParameters / CheckImagePVC`, 'clone images name their securityParameters (cryptoOperation, source image); export-from-volume images name their PVC'),
  rule('harvester.image.storage-class', 'Harvester', `${IMAGE} scConsistencyCreation`, 'the storageClassName annotation and spec.targetStorageClassName agree'),
  rule('harvester.image.display-name-unique', 'Harvester', `${IMAGE} CheckDisplayName`, 'no two images of a namespace share a display name'),
  rule('harvester.keypair.public-key', 'Harvester', `${HW}/keypair/validator.go checkPublicKey`, 'a KeyPair has a public key in OpenSSH authorized_keys form'),
  rule('harvester.storageclass.data-locality', 'Harvester', `${HW}/storageclass/validator.go validateDataLocality`, 'dataLocality is disabled or best-effort (never strict-local)'),
  rule('harvester.storageclass.encryption', 'Harvester', `${HW}/storageclass/validator.go validateEncryption / validateEncryptionParams / validateEncryptionSecret`, 'encrypted is a boolean; an encrypted class names one Secret in all three CSI secret pairs, and that Secret (when in the output) is a valid encryption secret'),
  rule('harvester.storageclass.default-unique', 'Harvester', `${HW}/storageclass/validator.go validateSetUniqueDefault`, 'one default StorageClass at most'),
  rule('harvester.storageclass.cdi-annotations', 'Harvester', `${HW}/storageclass/validator.go validateCDIAnnotations (validateLonghornV1, validateFilesystemOverhead, validateCloneStrategy, validateSnapshotClass, validateVolumeModeAccessModes)`, 'CDI annotations have valid values and are not on a Longhorn v1 class'),
  rule('harvester.setting.value', 'Harvester', `${HW}/setting/validator.go (vm-force-reset-policy, overcommit-config, default-vm-termination-grace-period-seconds, support-bundle-*, kubeconfig-default-token-ttl-minutes, additional-guest-memory-overhead-ratio, max-hotplug-ratio)`, 'a setting value (and default) has the form its setting needs'),
  rule('harvester.backup-schedule.offset', 'Harvester', `${HW}/schedulevmbackup/validator.go cronGranularityCheck (pkg/util/svmbackup.go CalculateCronOffset)`, 'two schedules of one granularity run at least 10 minutes apart (checked for crons that differ only in a fixed minute)'),
  rule('harvester.vm-backup.source', 'Harvester', `${HW}/virtualmachinebackup/validator.go Create`, 'a VirtualMachineBackup names its source VM'),
  rule('harvester.vm-restore.target', 'Harvester', `${HW}/virtualmachinerestore/validator.go Create / checkNewVMField / handleNewVM`, 'the target name is a DNS-1123 subdomain; a new VM is not a VM of the output; one keep-MAC new VM per backup'),
  rule('harvester.vm-restore.snapshot', 'Harvester', `${HW}/virtualmachinerestore/validator.go checkSnapshot`, 'a restore from a snapshot (in the output) stays in its namespace and keeps the volumes when it replaces the VM'),
  rule('harvester.nad.config', 'Harvester', `${HNC}/nad/validator.go checkNadConfig (pkg/utils NetConf.IsVlanConfigValid, GetBridgeNamePrefix, GetNadNameFromProvider)`, 'the NAD config is JSON; a bridge NAD has a VLAN 0–4094 (1.8: valid trunks), an "<cluster network>-br" bridge matching its label; a kube-ovn NAD a provider naming it'),
  rule('harvester.nad.route', 'Harvester', `${HNC}/nad/validator.go checkRoute (pkg/utils NewLayer3NetworkConf)`, 'the route annotation is JSON with mode auto or manual; manual has a CIDR and gateway'),
  rule('harvester.clusternetwork.name', 'Harvester', `${HNC}/clusternetwork/validator.go Create (IsClusterNetworkNameValid, checkMTUOfNewClusterNetwork)`, 'a cluster network name is at most 12 characters and a new one carries no uplink-mtu annotation'),
  rule('harvester.vlanconfig.cluster-network', 'Harvester', `${HNC}/vlanconfig/validator.go Create / Update`, 'a VlanConfig names a cluster network of at most 12 characters, not mgmt'),
  rule('harvester.vlanconfig.mtu', 'Harvester', `${HNC}/vlanconfig/validator.go validateMTU`, 'the uplink MTU is 0 or 576–9000, the same on every VlanConfig of a cluster network'),
  rule('lb.health-check-tcp', 'load-balancer-harvester', `${LB}validator.go checkHealthyCheck`, 'the health-check port is the backend port of a TCP listener'),
  rule('lb.ippool.range-addresses', 'load-balancer-harvester', `${POOL}validator.go Create (pkg/ipam/allocator.go MakeRange / parseIP)`, 'a pool has ranges; start, end and gateway are addresses of the subnet, not its network or broadcast address'),
  rule('lb.ippool.selector', 'load-balancer-harvester', `${POOL}validator.go checkSelector (checkGlobalIPPool, checkSelectorItself, checkSelectorWithOthers)`, 'one global pool at most; a pool\'s scopes do not overlap; non-zero priorities are unique; priority-0 pools of a network do not share a scope'),
];

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function namespaceOf(obj: any): string {
  return obj?.metadata?.namespace ?? 'default';
}

/** The entries of a VM's volumeClaimTemplates annotation, or undefined when it is absent or not a JSON array. */
function claimTemplates(vm: any): any[] | undefined {
  const raw = vm.metadata?.annotations?.[VOLUME_CLAIM_TEMPLATES_ANNOTATION];
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** pkg/webhook/resources/virtualmachine/validator.go (1.8): checkEmptyMemory, checkCdRomVolumeIsValid, checkTargetVolumes. */
function checkVm(vm: any, report: RuleReport): void {
  const t = vm.spec?.template?.spec;
  if (!t) return;
  const at = 'spec.template.spec';
  const d = t.domain ?? {};
  if (!(parseQuantity(d.memory?.guest) ?? 0) && !(parseQuantity(d.resources?.limits?.memory) ?? 0)) {
    report('harvester.vm.memory-set', `${at}.domain`, undefined, 'either memory.guest or resources.limits.memory must be set (Harvester 1.8 does not size a VM from a memory request)');
  }
  const volumes = list(t.volumes);
  const byName = new Map(volumes.map((v) => [v.name, v]));
  list(d.devices?.disks).forEach((disk, i) => {
    if (disk?.cdrom === undefined) return;
    const volume = byName.get(disk.name);
    const hotplug = volume?.persistentVolumeClaim?.hotpluggable === true;
    if ((volume === undefined || hotplug) && disk.cdrom?.bus !== 'sata') {
      const what = volume === undefined ? 'an empty CD-ROM (no volume)' : 'a CD-ROM on a hotpluggable PVC';
      report('harvester.vm.cdrom-bus', `${at}.domain.devices.disks[${i}].cdrom.bus`, disk.cdrom?.bus, `${what} must use the sata bus (bus: sata)`);
    }
  });
  const entries = claimTemplates(vm);
  if (!entries) return;
  const field = `metadata.annotations.${VOLUME_CLAIM_TEMPLATES_ANNOTATION}`;
  const claims = new Set(volumes.map((v) => v.persistentVolumeClaim?.claimName).filter(Boolean));
  const dataVolumes = new Set(volumes.map((v) => v.dataVolume?.name).filter(Boolean));
  const targeted = entries.map((e, i) => ({ e, i })).filter(({ e }) => typeof e?.targetVolume === 'string' && e.targetVolume !== '');
  if (targeted.length > 1) {
    report('harvester.vm.target-volume', field, targeted.map(({ e }) => e.targetVolume), 'only one volume migration (targetVolume) at a time');
    return;
  }
  for (const { e, i } of targeted) {
    const name = e.metadata?.name;
    const f = `${field}[${i}]`;
    if (typeof name !== 'string' || name === '') report('harvester.vm.target-volume', `${f}.metadata.name`, undefined, 'an entry with targetVolume needs the name of the source PVC');
    else if (claims.has(e.targetVolume)) continue; // the migration is under way
    else if (dataVolumes.has(name)) report('harvester.vm.target-volume', `${f}.targetVolume`, e.targetVolume, `source volume ${name} is a DataVolume; storage migration moves PVC volumes only`);
    else if (!claims.has(name)) report('harvester.vm.target-volume', `${f}.targetVolume`, e.targetVolume, `PVC ${name} is not a volume of the VM (PVC volumes: ${[...claims].join(', ') || 'none'})`);
  }
}

/** pkg/webhook/resources/persistentvolumeclaim/validator.go validateInternalUsage (1.8). */
function checkPvc(pvc: any, report: RuleReport): void {
  const sc = pvc.spec?.storageClassName;
  const owners = list(pvc.metadata?.ownerReferences);
  if (sc === LONGHORN_STATIC) {
    // only the PVCs of an OS-upgrade image (owned by its DataVolume or PVC) may use it: that needs the cluster
    if (owners.some((o) => o?.kind === 'DataVolume' || o?.kind === 'PersistentVolumeClaim')) return;
    report('harvester.pvc.reserved-storage-class', 'spec.storageClassName', sc, `${LONGHORN_STATIC} is reserved for Harvester's own volumes; use another storage class`);
  } else if (sc === VMSTATE_PERSISTENCE) {
    const vm = pvc.metadata?.labels?.[PERSISTENT_STATE_LABEL];
    const owned = typeof vm === 'string' && vm !== '' && owners.some((o) => (o?.kind === 'VirtualMachine' || o?.kind === 'VirtualMachineInstance') && o.name === vm);
    if (!owned) report('harvester.pvc.reserved-storage-class', 'spec.storageClassName', sc, `${VMSTATE_PERSISTENCE} is reserved for the TPM/EFI state KubeVirt keeps (label ${PERSISTENT_STATE_LABEL} and an owner reference to that VM)`);
  }
}

/** Whether Go's net/url.Parse refuses a URL: control characters, a bad %-escape, no scheme before ':', a non-numeric port. */
function urlProblem(url: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(url)) return 'contains a control character';
  if (/%(?![0-9A-Fa-f]{2})/.test(url)) return 'has an invalid %-escape';
  if (url.startsWith(':')) return 'is missing the protocol scheme';
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1];
  if (authority !== undefined) {
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    const port = host.startsWith('[') ? host.slice(host.indexOf(']') + 1) : host.includes(':') ? host.slice(host.indexOf(':')) : '';
    if (port !== '' && !/^:\d*$/.test(port)) return `has an invalid port "${port}"`;
  }
  return undefined;
}

/** pkg/image/common/validator.go: CheckURL, CheckSecurityParameters (backing-image backend), CheckImagePVC, scConsistencyCreation. */
function checkImage(image: any, report: RuleReport): void {
  const spec = image.spec ?? {};
  const type = str(spec.sourceType);
  const url = str(spec.url);
  if (URL_SOURCE_TYPES.includes(type)) {
    if (url === '') report('harvester.image.url', 'spec.url', spec.url, `is required when sourceType is "${type}"`);
    else {
      const why = urlProblem(url);
      if (why) report('harvester.image.url', 'spec.url', url, `is not a valid URL: it ${why}`);
    }
  } else if (url !== '') {
    report('harvester.image.url', 'spec.url', url, `must be empty when sourceType is "${type}" (only download and restore images have a url)`);
  }
  if (type === 'clone' && spec.backend !== 'cdi') {
    const sp = spec.securityParameters;
    if (!sp || typeof sp !== 'object') report('harvester.image.source', 'spec.securityParameters', sp, 'is required when sourceType is "clone"');
    else {
      for (const key of ['cryptoOperation', 'sourceImageName', 'sourceImageNamespace']) {
        if (str(sp[key]) === '') report('harvester.image.source', `spec.securityParameters.${key}`, sp[key], 'is required when sourceType is "clone"');
      }
      if (sp.cryptoOperation === 'encrypt' && image.metadata?.annotations?.[IMAGE_STORAGE_CLASS_ANNOTATION] === undefined) {
        report('harvester.image.source', `metadata.annotations.${IMAGE_STORAGE_CLASS_ANNOTATION}`, undefined, 'an encrypting clone needs the (encrypted) storage class in this annotation');
      }
    }
  }
  if (type === 'export-from-volume') {
    for (const key of ['pvcNamespace', 'pvcName']) {
      if (str(spec[key]) === '') report('harvester.image.source', `spec.${key}`, spec[key], 'is required when sourceType is "export-from-volume"');
    }
  }
  const annotated = str(image.metadata?.annotations?.[IMAGE_STORAGE_CLASS_ANNOTATION]);
  const target = str(spec.targetStorageClassName);
  if (annotated !== '' && target !== '' && annotated !== target) {
    report('harvester.image.storage-class', 'spec.targetStorageClassName', target, `must match the ${IMAGE_STORAGE_CLASS_ANNOTATION} annotation (${annotated})`);
  }
}

/** The clone checks that need the source image: refused re-encryption / re-decryption; an encrypting class is encrypted. */
function checkImageClone(image: any, report: RuleReport, context: FamilyContext): void {
  const sp = image.spec?.securityParameters;
  if (image.spec?.sourceType !== 'clone' || image.spec?.backend === 'cdi' || !sp) return;
  const source = context.ofKind(HARVESTER_GROUP, 'VirtualMachineImage').find((o) => o.metadata?.name === sp.sourceImageName && namespaceOf(o) === sp.sourceImageNamespace);
  if (source) {
    const encrypted = source.spec?.securityParameters?.cryptoOperation === 'encrypt';
    if (sp.cryptoOperation === 'encrypt' && encrypted) report('harvester.image.source', 'spec.securityParameters.cryptoOperation', 'encrypt', `the source image ${sp.sourceImageNamespace}/${sp.sourceImageName} is already encrypted`);
    if (sp.cryptoOperation === 'decrypt' && !encrypted) report('harvester.image.source', 'spec.securityParameters.cryptoOperation', 'decrypt', `the source image ${sp.sourceImageNamespace}/${sp.sourceImageName} is not encrypted`);
  }
  const scName = image.metadata?.annotations?.[IMAGE_STORAGE_CLASS_ANNOTATION];
  const sc = context.ofKind('storage.k8s.io', 'StorageClass').find((o) => o.metadata?.name === scName);
  if (sp.cryptoOperation === 'encrypt' && sc && sc.parameters?.[ENCRYPTED] !== 'true') {
    report('harvester.image.source', `metadata.annotations.${IMAGE_STORAGE_CLASS_ANNOTATION}`, scName, `storage class ${scName} is not an encrypted class (parameters.encrypted: "true")`);
  }
}

/** pkg/webhook/resources/storageclass/validator.go: data locality, encryption parameters, CDI annotations. */
function checkStorageClass(sc: any, report: RuleReport): void {
  const params = sc.parameters ?? {};
  const locality = params[DATA_LOCALITY];
  if (locality !== undefined) {
    if (locality === 'strict-local') report('harvester.storageclass.data-locality', `parameters.${DATA_LOCALITY}`, locality, 'strict-local is not allowed (the volume could not migrate); use disabled or best-effort');
    else if (!DATA_LOCALITIES.includes(locality)) report('harvester.storageclass.data-locality', `parameters.${DATA_LOCALITY}`, locality, 'must be one of: "disabled", "best-effort"');
  }
  const encrypted = params[ENCRYPTED];
  if (encrypted !== undefined) {
    if (!GO_BOOLS.includes(String(encrypted))) report('harvester.storageclass.encryption', `parameters.${ENCRYPTED}`, encrypted, 'must be a boolean ("true" or "false")');
    else if (GO_TRUE.includes(String(encrypted))) {
      const missing = SECRET_PAIRS.flat().filter((k) => params[k] === undefined);
      if (missing.length) report('harvester.storageclass.encryption', 'parameters', missing, `an encrypted storage class must contain ${missing.join(', ')}`);
      else {
        const refs = SECRET_PAIRS.map(([n, ns]) => `${params[ns]}/${params[n]}`);
        if (new Set(refs).size > 1) report('harvester.storageclass.encryption', 'parameters', refs, 'the provisioner, node-stage and node-publish secrets must be the same Secret (name and namespace)');
        else if (params[SECRET_PAIRS[0][0]] === '' || params[SECRET_PAIRS[0][1]] === '') report('harvester.storageclass.encryption', 'parameters', refs[0], 'the encryption secret name and namespace must not be empty');
      }
    }
  }
  const annotations = sc.metadata?.annotations ?? {};
  if (!CDI_ANNOTATIONS.some((a) => annotations[a] !== undefined)) return;
  if (sc.provisioner === LONGHORN_PROVISIONER && params.dataEngine === 'v1') {
    report('harvester.storageclass.cdi-annotations', 'metadata.annotations', CDI_ANNOTATIONS.filter((a) => annotations[a] !== undefined), 'a Longhorn v1 (dataEngine: v1) storage class does not take CDI annotations');
    return;
  }
  const overhead = annotations[CDI_FS_OVERHEAD];
  if (overhead !== undefined && !FS_OVERHEAD.test(String(overhead))) {
    report('harvester.storageclass.cdi-annotations', `metadata.annotations.${CDI_FS_OVERHEAD}`, overhead, 'must be a ratio from 0.00 to 1.00 (at most 3 decimals)');
    return;
  }
  const strategy = annotations[CDI_CLONE_STRATEGY];
  if (strategy !== undefined && !CLONE_STRATEGIES.includes(strategy)) {
    report('harvester.storageclass.cdi-annotations', `metadata.annotations.${CDI_CLONE_STRATEGY}`, strategy, `must be one of: ${CLONE_STRATEGIES.join(', ')}`);
    return;
  }
  const snapshotClass = annotations[CDI_SNAPSHOT_CLASS];
  if (snapshotClass === '') {
    report('harvester.storageclass.cdi-annotations', `metadata.annotations.${CDI_SNAPSHOT_CLASS}`, snapshotClass, 'must name a VolumeSnapshotClass');
    return;
  }
  if (strategy === 'snapshot' && snapshotClass === undefined) {
    report('harvester.storageclass.cdi-annotations', `metadata.annotations.${CDI_SNAPSHOT_CLASS}`, undefined, 'is required when the clone strategy is snapshot');
    return;
  }
  const modes = annotations[CDI_VOLUME_MODE_ACCESS_MODES];
  if (modes !== undefined) {
    const why = volumeModeAccessModesProblem(String(modes));
    if (why) report('harvester.storageclass.cdi-annotations', `metadata.annotations.${CDI_VOLUME_MODE_ACCESS_MODES}`, modes, why);
  }
}

/** pkg/util/storageprofile.go ParseVolumeModeAccessModes: a JSON object of volume mode to access modes. */
function volumeModeAccessModesProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'must be JSON such as {"Block":["ReadWriteMany"]}';
  }
  if (parsed === null) return undefined;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return 'must be a JSON object of volume mode to access modes, such as {"Block":["ReadWriteMany"]}';
  for (const [mode, access] of Object.entries(parsed)) {
    if (!CDI_VOLUME_MODES.includes(mode)) return `volume mode "${mode}" must be one of: ${CDI_VOLUME_MODES.join(', ')}`;
    if (access !== null && !Array.isArray(access)) return `the access modes of ${mode} must be a list`;
    for (const a of list(access)) if (!CDI_ACCESS_MODES.includes(a)) return `access mode "${a}" must be one of: ${CDI_ACCESS_MODES.join(', ')}`;
  }
  return undefined;
}

/** Go's strconv.Atoi with Harvester's StrictAtoi (pkg/webhook/util/string.go): no leading zero or '+'. */
function strictInt(value: string): number | undefined {
  if (!/^-?\d+$/.test(value)) return undefined;
  if (value.length > 1 && (value[0] === '0' || value.startsWith('-0'))) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A JSON object's integer field as Go decodes it into an int (absent or null: 0); undefined when it is not an integer. */
function jsonInt(obj: any, key: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return 0;
  return Number.isInteger(v) ? v : undefined;
}

function jsonObject(text: string): any {
  try {
    const parsed = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Why a setting value is refused, by setting name (setting/validator.go validate*Helper and pkg/settings decoders). */
const SETTING_CHECKS: { [name: string]: (value: string) => string | undefined } = {
  'vm-force-reset-policy': (v) => {
    const p = jsonObject(v);
    if (!p || (p.enable !== undefined && p.enable !== null && typeof p.enable !== 'boolean')) return 'must be JSON such as {"enable":true,"period":300}';
    const period = jsonInt(p, 'period');
    const timeout = jsonInt(p, 'vmMigrationTimeout');
    if (period === undefined || timeout === undefined) return 'period and vmMigrationTimeout must be integers (seconds)';
    if (period <= 0) return `period must be greater than 0 (got ${period})`;
    if (timeout < 0) return `vmMigrationTimeout must not be negative (got ${timeout})`;
    return undefined;
  },
  'overcommit-config': (v) => {
    const o = jsonObject(v);
    if (!o) return 'must be JSON such as {"cpu":1600,"memory":150,"storage":200}';
    for (const key of ['cpu', 'memory', 'storage']) {
      const n = jsonInt(o, key);
      if (n === undefined) return `${key} must be an integer percentage`;
      if (n < 100) return `${key} cannot undercommit: it must be at least 100 (got ${n})`;
    }
    return undefined;
  },
  'default-vm-termination-grace-period-seconds': (v) => nonNegativeInt(v),
  'support-bundle-timeout': (v) => nonNegativeInt(v),
  'support-bundle-expiration': (v) => nonNegativeInt(v),
  'support-bundle-node-collection-timeout': (v) => nonNegativeInt(v),
  'kubeconfig-default-token-ttl-minutes': (v) => nonNegativeInt(v) ?? (Number(v) > MAX_TTL_MINUTES ? `must be at most ${MAX_TTL_MINUTES} minutes (100 years)` : undefined),
  'additional-guest-memory-overhead-ratio': (v) => {
    if (/^[+-]?nan$/i.test(v)) return undefined; // Go parses NaN, and no comparison refuses it
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return 'must be a number (0, or 1.0 to 10.0)';
    const n = Number(v);
    if (n !== 0 && n < MIN_OVERHEAD_RATIO) return `must be 0 or at least ${MIN_OVERHEAD_RATIO}`;
    if (n > MAX_OVERHEAD_RATIO) return `must be at most ${MAX_OVERHEAD_RATIO}`;
    return undefined;
  },
  'max-hotplug-ratio': (v) => {
    if (!/^\d+$/.test(v)) return `must be an integer from ${MIN_HOTPLUG_RATIO} to ${MAX_HOTPLUG_RATIO}`;
    const n = Number(v);
    return n < MIN_HOTPLUG_RATIO || n > MAX_HOTPLUG_RATIO ? `must be in range ${MIN_HOTPLUG_RATIO} to ${MAX_HOTPLUG_RATIO}` : undefined;
  },
};

function nonNegativeInt(v: string): string | undefined {
  const n = strictInt(v);
  if (n === undefined) return 'must be an integer (no leading zero or "+")';
  return n < 0 ? 'must not be negative' : undefined;
}

function checkSetting(setting: any, report: RuleReport): void {
  const check = SETTING_CHECKS[setting.metadata?.name];
  if (!check) return;
  for (const key of ['default', 'value']) {
    const value = setting[key];
    if (typeof value !== 'string' || value === '') continue;
    const why = check(value);
    if (why) report('harvester.setting.value', key, value, `${setting.metadata.name}: ${why}`);
  }
}

/** pkg/utils/nad.go NewLayer3NetworkConf: the route annotation. */
function routeProblem(text: string): string | undefined {
  const conf = jsonObject(text);
  if (!conf) return 'must be a JSON object such as {"mode":"auto"}';
  const mode = conf.mode ?? '';
  if (typeof mode !== 'string' || (mode !== '' && !ROUTE_MODES.includes(mode))) return `mode must be one of: ${ROUTE_MODES.join(', ')}`;
  if (mode === 'manual') {
    const cidr = typeof conf.cidr === 'string' ? parseCidr(conf.cidr) : undefined;
    if (!cidr || cidr.prefix === 0) return `manual mode needs a CIDR (not /0), got ${JSON.stringify(conf.cidr)}`;
    if (typeof conf.gateway !== 'string' || !parseIp(conf.gateway)) return `manual mode needs a gateway IP address, got ${JSON.stringify(conf.gateway)}`;
  }
  return undefined;
}

/** A VLAN trunk item (pkg/utils/nad.go VlanTrunk.IsValid, 1.8). */
function trunkProblem(t: any): string | undefined {
  const inRange = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_VLAN;
  const has = (k: string) => t?.[k] !== undefined && t?.[k] !== null;
  if (has('minID') !== has('maxID')) return 'minID and maxID must be set together';
  if (has('minID')) {
    if (!inRange(t.minID) || !inRange(t.maxID)) return `minID and maxID must be VLAN IDs 1–${MAX_VLAN}`;
    if (t.maxID < t.minID) return `minID ${t.minID} is greater than maxID ${t.maxID}`;
  }
  if (has('id') && !inRange(t.id)) return `id must be a VLAN ID 1–${MAX_VLAN}`;
  if (!has('id') && !has('minID')) return 'a trunk item needs id or minID/maxID';
  return undefined;
}

/** network-controller-harvester pkg/webhook/nad/validator.go Create: checkNadConfig and checkRoute. */
function checkNad(nad: any, report: RuleReport, version: HarvesterVersion): void {
  const route = nad.metadata?.annotations?.[ROUTE_ANNOTATION];
  if (typeof route === 'string' && route !== '') {
    const why = routeProblem(route);
    if (why) report('harvester.nad.route', `metadata.annotations.${ROUTE_ANNOTATION}`, route, why);
  }
  const raw = str(nad.spec?.config);
  let conf: any = {};
  if (raw !== '') {
    conf = jsonObject(raw);
    if (!conf) return report('harvester.nad.config', 'spec.config', raw.slice(0, 80), 'must be a JSON object (a CNI network config)');
  }
  const at = 'spec.config';
  const label = str(nad.metadata?.labels?.[CLUSTER_NETWORK_LABEL]);
  if (conf.type === 'kube-ovn') {
    if (version === HarvesterVersion.V1_6 && label !== '' && label !== MGMT) {
      report('harvester.nad.config', `metadata.labels.${CLUSTER_NETWORK_LABEL}`, label, `a kube-ovn NAD can only be on the ${MGMT} cluster network`);
    }
    const parts = str(conf.provider).split('.');
    if (parts.length < 3) report('harvester.nad.config', `${at}.provider`, conf.provider, 'a kube-ovn NAD needs provider "<nad name>.<namespace>.ovn"');
    else if (parts[0] !== nad.metadata?.name || parts[1] !== namespaceOf(nad)) report('harvester.nad.config', `${at}.provider`, conf.provider, `must name this NAD: "${nad.metadata?.name}.${namespaceOf(nad)}.ovn"`);
    return;
  }
  const vlan = conf.vlan ?? 0;
  if (!Number.isInteger(vlan) || vlan < 0 || vlan > MAX_VLAN) report('harvester.nad.config', `${at}.vlan`, conf.vlan, `must be a VLAN ID from 0 (untagged) to ${MAX_VLAN}`);
  if (version === HarvesterVersion.V1_8) {
    const trunks = list(conf.vlanTrunk);
    if (trunks.length > 0 && vlan !== 0) report('harvester.nad.config', `${at}.vlan`, vlan, 'must be 0 when vlanTrunk is set');
    trunks.forEach((t, i) => {
      const why = trunkProblem(t);
      if (why) report('harvester.nad.config', `${at}.vlanTrunk[${i}]`, t, why);
    });
  }
  const bridge = str(conf.bridge);
  if (bridge.length <= BRIDGE_SUFFIX.length || bridge.length > MAX_DEVICE_NAME || !bridge.endsWith(BRIDGE_SUFFIX)) {
    report('harvester.nad.config', `${at}.bridge`, conf.bridge, `must be "<cluster network>${BRIDGE_SUFFIX}", at most ${MAX_DEVICE_NAME} characters`);
    return;
  }
  const cn = bridge.slice(0, -BRIDGE_SUFFIX.length);
  if (label !== '' && label !== cn) report('harvester.nad.config', `metadata.labels.${CLUSTER_NETWORK_LABEL}`, label, `must match the bridge ${bridge} (cluster network ${cn})`);
}

/** network-controller-harvester clusternetwork and vlanconfig validators (Create). */
function checkClusterNetwork(cn: any, report: RuleReport): void {
  const name = str(cn.metadata?.name);
  if (name.length > MAX_CLUSTER_NETWORK_NAME) report('harvester.clusternetwork.name', 'metadata.name', name, `must be at most ${MAX_CLUSTER_NETWORK_NAME} characters (the bridge "<name>${BRIDGE_SUFFIX}" is a ${MAX_DEVICE_NAME}-character device name)`);
  if (name !== MGMT && cn.metadata?.annotations?.[UPLINK_MTU_ANNOTATION] !== undefined) {
    report('harvester.clusternetwork.name', `metadata.annotations.${UPLINK_MTU_ANNOTATION}`, cn.metadata.annotations[UPLINK_MTU_ANNOTATION], 'is set by the network controller; set the MTU on the VlanConfig uplink');
  }
}

function vlanConfigMtu(vc: any): number {
  const mtu = vc.spec?.uplink?.linkAttributes?.mtu;
  return typeof mtu === 'number' ? mtu : 0;
}

function checkVlanConfig(vc: any, report: RuleReport): void {
  const cn = str(vc.spec?.clusterNetwork);
  if (cn.length > MAX_CLUSTER_NETWORK_NAME) report('harvester.vlanconfig.cluster-network', 'spec.clusterNetwork', cn, `must be at most ${MAX_CLUSTER_NETWORK_NAME} characters`);
  else if (cn === MGMT) report('harvester.vlanconfig.cluster-network', 'spec.clusterNetwork', cn, `cannot be ${MGMT} (the management network has its own uplink)`);
  const mtu = vlanConfigMtu(vc);
  if (mtu !== 0 && (!Number.isInteger(mtu) || mtu < MIN_MTU || mtu > MAX_MTU)) {
    report('harvester.vlanconfig.mtu', 'spec.uplink.linkAttributes.mtu', mtu, `must be 0 (default ${DEFAULT_MTU}) or from ${MIN_MTU} to ${MAX_MTU}`);
  }
}

/** load-balancer-harvester checkHealthyCheck: the health-check port must be a TCP backend port. */
function checkLoadBalancer(lb: any, report: RuleReport): void {
  if (lb.spec?.workloadType === 'cluster') return;
  const port = lb.spec?.healthCheck?.port;
  if (!port) return;
  const backends = list(lb.spec?.listeners).filter((l) => l?.backendPort === port);
  if (backends.length > 0 && !backends.some((l) => (l.protocol ?? 'TCP') === 'TCP')) {
    report('lb.health-check-tcp', 'spec.healthCheck.port', port, `the listener with backend port ${port} is ${backends[0].protocol}; health checks are TCP only`);
  }
}

/** The broadcast (all host bits set) address of a subnet. */
function broadcastOf(cidr: Cidr): bigint {
  const width = BigInt(cidr.address.family === 4 ? 32 : 128);
  return networkOf(cidr).value | ((1n << (width - BigInt(cidr.prefix))) - 1n);
}

/** load-balancer-harvester ipam MakeRange / parseIP: start, end and gateway of a range. */
function checkPool(pool: any, report: RuleReport): void {
  const ranges = list(pool.spec?.ranges);
  if (ranges.length === 0) return report('lb.ippool.range-addresses', 'spec.ranges', pool.spec?.ranges, 'a pool needs at least one range');
  ranges.forEach((r, i) => {
    const cidr = parseCidr(String(r?.subnet));
    if (!cidr) return; // lb.ippool.ranges
    const net = networkOf(cidr).value;
    const broadcast = broadcastOf(cidr);
    const reserved = (ip: IpAddress) => (ip.value === net ? 'the network address' : ip.value === broadcast ? 'the broadcast address' : undefined);
    for (const key of ['rangeStart', 'rangeEnd', 'gateway']) {
      const text = r[key];
      if (typeof text !== 'string' || text === '') continue;
      const ip = parseIp(text);
      if (key === 'gateway' && (!ip || !subnetContains(cidr, ip))) {
        report('lb.ippool.range-addresses', `spec.ranges[${i}].gateway`, text, `must be an address inside ${r.subnet}`);
        continue;
      }
      const why = ip && subnetContains(cidr, ip) ? reserved(ip) : undefined;
      if (why) report('lb.ippool.range-addresses', `spec.ranges[${i}].${key}`, text, `is ${why} of ${r.subnet}; use a host address`);
    }
  });
}

interface Tuple { project: string; namespace: string; guestCluster: string }

function scopeOf(pool: any): Tuple[] {
  return list(pool.spec?.selector?.scope).map((t) => ({ project: str(t?.project), namespace: str(t?.namespace), guestCluster: str(t?.guestCluster) }));
}

/** ipam isMatch (strict mode): a pool tuple matches a requirement tuple; "*" on either side matches anything. */
function tupleMatches(t: Tuple, r: Tuple): boolean {
  const eq = (a: string, b: string) => a === ALL || b === ALL || a === b;
  return eq(t.project, r.project) && eq(t.namespace, r.namespace) && eq(t.guestCluster, r.guestCluster);
}

function isGlobalPool(pool: any): boolean {
  const scope = scopeOf(pool);
  return scope.length === 1 && scope[0].project === ALL && scope[0].namespace === ALL && scope[0].guestCluster === ALL;
}

/** load-balancer-harvester checkSelector: within a pool and across the pools of the output. */
function checkPoolSelectors(pools: readonly any[], reportFor: (obj: any) => RuleReport): void {
  const globals: string[] = [];
  pools.forEach((pool, i) => {
    const report = reportFor(pool);
    const name = pool.metadata?.name;
    if (isGlobalPool(pool)) {
      if (globals.length) report('lb.ippool.selector', 'spec.selector.scope', pool.spec.selector.scope, `there is already a global IP pool (${globals[0]}); only one pool may have the scope */*/*`);
      globals.push(name);
      return;
    }
    const scope = scopeOf(pool);
    for (let a = 0; a < scope.length; a++) {
      if (scope.slice(a + 1).some((b) => tupleMatches(b, scope[a]))) {
        report('lb.ippool.selector', `spec.selector.scope[${a}]`, scope[a], 'overlaps a later scope of the same pool');
        break;
      }
    }
    const priority = pool.spec?.selector?.priority ?? 0;
    const network = str(pool.spec?.selector?.network);
    for (const other of pools.slice(0, i)) {
      if (isGlobalPool(other)) continue;
      const otherPriority = other.spec?.selector?.priority ?? 0;
      if (priority !== 0 && priority === otherPriority) {
        report('lb.ippool.selector', 'spec.selector.priority', priority, `the priority is already used by pool ${other.metadata?.name}`);
      } else if (priority === 0 && otherPriority === 0 && network === str(other.spec?.selector?.network)) {
        const shared = scope.find((t) => scopeOf(other).some((o) => tupleMatches(o, t)));
        if (shared) report('lb.ippool.selector', 'spec.selector.scope', shared, `has the same scope as pool ${other.metadata?.name} (both priority 0): set a different priority or scope`);
      }
    }
  });
}

/** virtualmachinerestore validator checks that other objects of the output decide. */
function checkRestores(context: FamilyContext, reportFor: (obj: any) => RuleReport): void {
  const restores = context.ofKind(HARVESTER_GROUP, 'VirtualMachineRestore');
  if (restores.length === 0) return;
  const vms = new Set(context.ofKind('kubevirt.io', 'VirtualMachine').map((o) => `${namespaceOf(o)}/${o.metadata?.name}`));
  const keepMac = new Map<string, string>();
  for (const r of restores) {
    const report = reportFor(r);
    const spec = r.spec ?? {};
    const ns = namespaceOf(r);
    const backupKey = `${spec.virtualMachineBackupNamespace ?? ns}/${spec.virtualMachineBackupName}`;
    if (spec.newVM === true) {
      if (vms.has(`${ns}/${spec.target?.name}`)) report('harvester.vm-restore.target', 'spec.target.name', spec.target?.name, `VM ${spec.target?.name} already exists (newVM: true restores into a new VM)`);
      if (spec.keepMacAddress === true) {
        const other = keepMac.get(backupKey);
        if (other) report('harvester.vm-restore.target', 'spec.keepMacAddress', true, `restore ${other} already makes a new VM with the MAC addresses of backup ${backupKey}`);
        keepMac.set(backupKey, `${ns}/${r.metadata?.name}`);
      }
    }
    const backup = context.ofKind(HARVESTER_GROUP, 'VirtualMachineBackup').find((o) => `${namespaceOf(o)}/${o.metadata?.name}` === backupKey);
    if (backup?.spec?.type === 'snapshot') {
      if (namespaceOf(backup) !== ns) report('harvester.vm-restore.snapshot', 'metadata.namespace', ns, `a restore from snapshot ${backupKey} must be in its namespace (${namespaceOf(backup)})`);
      else if (spec.newVM !== true && spec.deletionPolicy !== 'retain') report('harvester.vm-restore.snapshot', 'spec.deletionPolicy', spec.deletionPolicy, 'replacing a VM from a snapshot needs deletionPolicy: retain');
    }
  }
}

/**
 * cronGranularityCheck across the schedules of the output: schedules whose crons share every field
 * but a fixed minute have one granularity and run |m1 - m2| minutes apart, which must be at least
 * 10 (the offset of other pairs depends on the time of the check: not reported).
 */
function checkScheduleOffsets(context: FamilyContext, reportFor: (obj: any) => RuleReport): void {
  const seen: Array<{ name: string; rest: string; minute: number | undefined; cron: string }> = [];
  for (const s of context.ofKind(HARVESTER_GROUP, 'ScheduleVMBackup')) {
    if (s.metadata?.annotations?.[SKIP_CRON_CHECK]) continue;
    const cron = str(s.spec?.cron).trim();
    if (cron === '') continue;
    const fields = cron.split(/\s+/);
    const fixed = fields.length === 5 && /^\d{1,2}$/.test(fields[0]);
    const entry = { name: `${namespaceOf(s)}/${s.metadata?.name}`, rest: fixed ? fields.slice(1).join(' ') : cron, minute: fixed ? Number(fields[0]) : undefined, cron };
    const close = seen.find((o) => o.cron === cron || (o.minute !== undefined && entry.minute !== undefined && o.rest === entry.rest && Math.abs(o.minute - entry.minute) < MIN_CRON_OFFSET_MINUTES));
    if (close) {
      reportFor(s)('harvester.backup-schedule.offset', 'spec.cron', cron, `runs less than ${MIN_CRON_OFFSET_MINUTES} minutes apart from schedule ${close.name} (${close.cron}) of the same granularity: shift its minute`);
    }
    seen.push(entry);
  }
}

/** Cross-object rules of images, storage classes and VlanConfigs. */
function checkAcross(context: FamilyContext, reportFor: (obj: any) => RuleReport): void {
  const names = new Map<string, string>();
  for (const image of context.ofKind(HARVESTER_GROUP, 'VirtualMachineImage')) {
    const report = reportFor(image);
    checkImageClone(image, report, context);
    const display = image.spec?.displayName;
    if (typeof display !== 'string' || display === '') continue;
    const key = `${namespaceOf(image)}/${display}`;
    const other = names.get(key);
    if (other) report('harvester.image.display-name-unique', 'spec.displayName', display, `image ${other} of this namespace already has this display name`);
    else names.set(key, image.metadata?.name);
  }
  let defaultClass: string | undefined;
  for (const sc of context.ofKind('storage.k8s.io', 'StorageClass')) {
    const report = reportFor(sc);
    const flag = sc.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION];
    if (flag !== undefined && flag !== 'false') {
      if (defaultClass) report('harvester.storageclass.default-unique', `metadata.annotations.${DEFAULT_CLASS_ANNOTATION}`, flag, `storage class ${defaultClass} is already the default`);
      else defaultClass = sc.metadata?.name;
    }
    checkEncryptionSecret(sc, report, context);
  }
  const mtus = new Map<string, { name: string; mtu: number }>();
  for (const vc of context.ofKind(NETWORK_GROUP, 'VlanConfig')) {
    const cn = str(vc.spec?.clusterNetwork);
    const mtu = vlanConfigMtu(vc);
    const first = mtus.get(cn);
    if (first && !sameMtu(first.mtu, mtu)) {
      reportFor(vc)('harvester.vlanconfig.mtu', 'spec.uplink.linkAttributes.mtu', mtu, `VlanConfig ${first.name} on cluster network ${cn} has MTU ${first.mtu || DEFAULT_MTU}; all VlanConfigs of a cluster network need the same MTU`);
    } else if (!first) mtus.set(cn, { name: vc.metadata?.name, mtu });
  }
}

/** validateEncryptionSecret: the encryption Secret, when it is in the output. */
function checkEncryptionSecret(sc: any, report: RuleReport, context: FamilyContext): void {
  const params = sc.parameters ?? {};
  if (!GO_TRUE.includes(String(params[ENCRYPTED]))) return;
  const [nameKey, nsKey] = SECRET_PAIRS[0];
  const secret = context.ofKind('', 'Secret').find((o) => o.metadata?.name === params[nameKey] && namespaceOf(o) === params[nsKey]);
  if (!secret) return;
  const valueOf = (key: string): string | undefined => {
    if (typeof secret.stringData?.[key] === 'string') return secret.stringData[key];
    if (typeof secret.data?.[key] === 'string') return Buffer.from(secret.data[key], 'base64').toString('utf8');
    return undefined;
  };
  for (const [field, allowed] of ENCRYPTION_SECRET_FIELDS) {
    const value = valueOf(field);
    const ref = `${params[nsKey]}/${params[nameKey]}`;
    if (value === undefined) return report('harvester.storageclass.encryption', `parameters.${nameKey}`, ref, `Secret ${ref} is not a valid encryption secret: it lacks ${field}`);
    const ok = allowed === 'non-empty' ? value !== '' : allowed.includes(value);
    if (!ok) return report('harvester.storageclass.encryption', `parameters.${nameKey}`, ref, `Secret ${ref} is not a valid encryption secret: ${field} must be ${allowed === 'non-empty' ? 'set' : `one of: ${allowed.join(', ')}`}`);
  }
}

/**
 * Harvester's own validating webhooks (pkg/webhook/resources/*: VirtualMachine beyond the core
 * rules, PersistentVolumeClaim, VirtualMachineImage, KeyPair, StorageClass, Setting,
 * VirtualMachineBackup / VirtualMachineRestore), the network controller's (NAD, ClusterNetwork,
 * VlanConfig) and the load balancer's (LoadBalancer health check, IPPool addresses and selectors),
 * for what a manifest decides.
 */
export const harvesterWebhooks: RuleFamily = {
  rules: RULES,
  check(obj: any, report: RuleReport, context: FamilyContext) {
    if (isKind(obj, 'kubevirt.io', 'VirtualMachine')) checkVm(obj, report);
    else if (isKind(obj, '', 'PersistentVolumeClaim')) checkPvc(obj, report);
    else if (isKind(obj, HARVESTER_GROUP, 'VirtualMachineImage')) checkImage(obj, report);
    else if (isKind(obj, HARVESTER_GROUP, 'KeyPair')) {
      const key = obj.spec?.publicKey;
      if (typeof key !== 'string' || key === '') report('harvester.keypair.public-key', 'spec.publicKey', key, 'a public key is required');
      else {
        const why = sshPublicKeyProblem(key);
        if (why) report('harvester.keypair.public-key', 'spec.publicKey', key.slice(0, 40), `is not in OpenSSH public key format: ${why}`);
      }
    } else if (isKind(obj, 'storage.k8s.io', 'StorageClass')) checkStorageClass(obj, report);
    else if (isKind(obj, HARVESTER_GROUP, 'Setting')) checkSetting(obj, report);
    else if (isKind(obj, HARVESTER_GROUP, 'VirtualMachineBackup')) {
      if (str(obj.spec?.source?.name) === '') report('harvester.vm-backup.source', 'spec.source.name', obj.spec?.source?.name, 'the source VM name is required');
    } else if (isKind(obj, HARVESTER_GROUP, 'VirtualMachineRestore')) {
      const target = obj.spec?.target?.name;
      if (typeof target !== 'string' || !isDnsSubdomain(target)) report('harvester.vm-restore.target', 'spec.target.name', target, 'the target VM name must be a DNS-1123 subdomain');
    } else if (isKind(obj, 'k8s.cni.cncf.io', 'NetworkAttachmentDefinition')) checkNad(obj, report, context.harvesterVersion);
    else if (isKind(obj, NETWORK_GROUP, 'ClusterNetwork')) checkClusterNetwork(obj, report);
    else if (isKind(obj, NETWORK_GROUP, 'VlanConfig')) checkVlanConfig(obj, report);
    else if (isKind(obj, 'loadbalancer.harvesterhci.io', 'LoadBalancer')) checkLoadBalancer(obj, report);
    else if (isKind(obj, 'loadbalancer.harvesterhci.io', 'IPPool')) checkPool(obj, report);
  },
  checkAll(_objects, reportFor, context) {
    checkAcross(context, reportFor);
    checkRestores(context, reportFor);
    checkScheduleOffsets(context, reportFor);
    checkPoolSelectors(context.ofKind('loadbalancer.harvesterhci.io', 'IPPool'), reportFor);
  },
};

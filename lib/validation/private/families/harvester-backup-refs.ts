import type { RuleReport } from '../problems';
import { FamilyContext, RuleFamily, isKind, rule } from '../rule-info';

/** Harvester's files this family reads (v1.6.1 and v1.8.2 agree on every rule here). */
const HW = 'harvester/harvester pkg/webhook/resources';
const RESTORE_CONTROLLER = 'harvester/harvester pkg/controller/master/backup/restore.go';
const GROUP = 'harvesterhci.io';
/** The setting name (pkg/settings/settings.go BackupTargetSettingName). */
const BACKUP_TARGET = 'backup-target';
/** pkg/settings/settings_helper.go TargetType. */
const TARGET_TYPES = ['s3', 'nfs'];
/** Run strategies (or `running: true`) that keep a VM running, so Harvester's restore webhook sees it ready. */
const RUNNING_STRATEGIES = ['Always', 'RerunOnFailure'];

const RULES = [
  rule('references.backup', 'Harvester', `${HW}/virtualmachinerestore/validator.go Create / getVMBackup`, 'the backup a VirtualMachineRestore restores is in the output or declared external'),
  rule('references.backup-source', 'Harvester', `${HW}/virtualmachinebackup/validator.go validateStandardBackup`, 'the VM a VirtualMachineBackup backs up is in the output or declared external'),
  rule('harvester.vm-restore.replace-running', 'Harvester', `${HW}/virtualmachinerestore/validator.go handleExistVM`, 'a restore does not replace a VM of the output that runs (runStrategy Always or RerunOnFailure, running: true)'),
  rule('drift.vm-restore.replaced-volumes', 'Harvester', `${RESTORE_CONTROLLER} reconcileVM (util.go getRestorePVCName)`, 'a restore over a VM of the output points it at new PVCs (restore-<backup>-<uid>-<volume>) that the output does not have: the next sync puts the old volumes back', undefined, true),
  rule('harvester.setting.backup-target', 'Harvester', `${HW}/setting/validator.go validateBackupTarget / validateBackupTargetFields (pkg/settings DecodeBackupTarget)`, 'the backup-target value is JSON of type s3 (bucket and region) or nfs (endpoint; no bucket, region or keys), refresh interval ≥ 0'),
];

const namespaceOf = (obj: any): string => obj?.metadata?.namespace ?? 'default';
const keyOf = (kind: string, obj: any): string => `${kind} ${namespaceOf(obj)}/${obj?.metadata?.name}`;

/** Why a backup-target value is refused, when the value alone decides it. */
function backupTargetProblem(text: string): string | undefined {
  let t: any;
  try {
    t = JSON.parse(text);
  } catch {
    return 'must be JSON such as {"type":"nfs","endpoint":"nfs://server:/path"}';
  }
  if (t === null || typeof t !== 'object' || Array.isArray(t)) return 'must be a JSON object';
  const strings = ['type', 'endpoint', 'accessKeyId', 'secretAccessKey', 'bucketName', 'bucketRegion', 'cert'];
  const bad = strings.find((k) => t[k] !== undefined && t[k] !== null && typeof t[k] !== 'string');
  if (bad) return `${bad} must be a string`;
  if (t.virtualHostedStyle !== undefined && t.virtualHostedStyle !== null && typeof t.virtualHostedStyle !== 'boolean') return 'virtualHostedStyle must be a boolean';
  const refresh = t.refreshIntervalInSeconds ?? 0;
  if (!Number.isInteger(refresh)) return 'refreshIntervalInSeconds must be an integer';
  if (refresh < 0) return `refreshIntervalInSeconds must be ≥ 0 (got ${refresh})`;
  const has = (k: string) => typeof t[k] === 'string' && t[k] !== '';
  const fields = [...strings, 'virtualHostedStyle', 'refreshIntervalInSeconds'];
  const isDefault = fields.every((k) => !t[k]);
  if (isDefault) return undefined; // resetting the target is allowed
  if (!TARGET_TYPES.includes(t.type)) return `type must be one of: ${TARGET_TYPES.join(', ')}`;
  if (t.type === 's3') {
    // keys may be empty: the cluster accepts that when it already has this target (isUpdatedS3BackupTarget)
    if (has('accessKeyId') !== has('secretAccessKey')) return 'an S3 target needs both accessKeyId and secretAccessKey, or neither (already configured)';
    if (!has('bucketName') || !has('bucketRegion')) return 'an S3 target needs bucketName and bucketRegion';
  } else {
    if (!has('endpoint')) return 'an NFS target needs an endpoint';
    if (has('accessKeyId') || has('secretAccessKey')) return 'an NFS target has no accessKeyId or secretAccessKey';
    if (has('bucketName') || has('bucketRegion')) return 'an NFS target has no bucketName or bucketRegion';
  }
  return undefined;
}

function checkSetting(setting: any, report: RuleReport): void {
  if (setting.metadata?.name !== BACKUP_TARGET) return;
  for (const key of ['default', 'value']) {
    const value = setting[key];
    if (typeof value !== 'string' || value === '') continue;
    const why = backupTargetProblem(value);
    if (why) report('harvester.setting.backup-target', key, value.length > 120 ? `${value.slice(0, 120)}…` : value, `${BACKUP_TARGET}: ${why}`);
  }
}

/** Whether a VM of the output runs (and so is ready when a restore is applied). */
function isRunning(vm: any): boolean {
  return vm.spec?.running === true || RUNNING_STRATEGIES.includes(vm.spec?.runStrategy);
}

function checkAcross(objects: readonly any[], reportFor: (obj: any) => RuleReport, context: FamilyContext): void {
  // the rules are about backups and restores: without any, nothing to index
  if (context.ofKind(GROUP, 'VirtualMachineBackup').length === 0 && context.ofKind(GROUP, 'VirtualMachineRestore').length === 0) return;
  const present = new Set<string>(context.externalObjects);
  const vms = new Map<string, any>();
  for (const o of objects) {
    if (isKind(o, 'kubevirt.io', 'VirtualMachine')) {
      present.add(keyOf('VirtualMachine', o));
      vms.set(`${namespaceOf(o)}/${o.metadata?.name}`, o);
    } else if (isKind(o, GROUP, 'VirtualMachineBackup')) present.add(keyOf('VirtualMachineBackup', o));
  }
  for (const o of objects) {
    if (isKind(o, GROUP, 'VirtualMachineBackup')) {
      const name = o.spec?.source?.name;
      const ref = `${namespaceOf(o)}/${name}`;
      if (context.checkReferences && typeof name === 'string' && name !== '' && !present.has(`VirtualMachine ${ref}`)) {
        reportFor(o)('references.backup-source', 'spec.source.name', name, `no VirtualMachine ${ref} in the output (declare it external if it exists)`);
      }
    } else if (isKind(o, GROUP, 'VirtualMachineRestore')) {
      const spec = o.spec ?? {};
      const ref = `${spec.virtualMachineBackupNamespace ?? namespaceOf(o)}/${spec.virtualMachineBackupName}`;
      if (context.checkReferences && !present.has(`VirtualMachineBackup ${ref}`)) {
        reportFor(o)('references.backup', 'spec.virtualMachineBackupName', spec.virtualMachineBackupName, `no VirtualMachineBackup ${ref} in the output (declare it external if it exists)`);
      }
      const target = vms.get(`${namespaceOf(o)}/${spec.target?.name}`);
      if (spec.newVM !== true && target) {
        reportFor(o)('drift.vm-restore.replaced-volumes', 'spec.target.name', spec.target?.name, `VM ${spec.target?.name} is in the output: the restore gives it new PVCs, which the next sync reverts to the output's; restore into a new VM (newVM: true), or take the VM out of the output first`);
      }
      if (spec.newVM !== true && target && isRunning(target)) {
        const how = target.spec?.running === true ? 'running: true' : `runStrategy ${target.spec.runStrategy}`;
        reportFor(o)('harvester.vm-restore.replace-running', 'spec.target.name', spec.target?.name, `VM ${spec.target?.name} of the output runs (${how}); Harvester refuses to restore over a running VM: set its runStrategy to Halted first`);
      }
    }
  }
}

/**
 * The references of Harvester's VM backups and restores (the backup a restore names, the VM a
 * backup names), the restore webhook's refusal to replace a running VM of the output, and the
 * setting webhook's check of the `backup-target` value.
 */
export const harvesterBackupRefs: RuleFamily = {
  rules: RULES,
  check(obj: any, report: RuleReport) {
    if (isKind(obj, GROUP, 'Setting')) checkSetting(obj, report);
  },
  checkAll: checkAcross,
};

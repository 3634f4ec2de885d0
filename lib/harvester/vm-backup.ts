import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { VirtualMachineBackup, VirtualMachineBackupSpecType } from '../../imports/harvesterhci.io';
import { invalid, problem } from '../core/private/errors';
import { checkDnsLabel, checkDnsSubdomain, parseNamespacedName } from '../core/private/names';
import { VmBackupType } from '../platform/harvester';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';
import { VmBackupSchedule } from './backup-schedule';
import { HarvesterVm } from './vm';

/** A VM backup (or snapshot) a restore can take: made by this app (`VmBackup`) or existing (`VmBackup.fromName`). */
export interface IVmBackup extends IConstruct {
  /** Name of the VirtualMachineBackup. */
  readonly backupName: string;
  /** Namespace of the VirtualMachineBackup. */
  readonly namespace: string;
  /** Backup or snapshot, when this app knows it. @default - unknown (an existing backup) */
  readonly type?: VmBackupType;
  /** The VM backed up, when this app manages it. @default - unknown, or a VM outside this app */
  readonly sourceVm?: HarvesterVm;
  /** The schedule that took the backup, when this app manages it. @default - none known */
  readonly schedule?: VmBackupSchedule;
}

/** Props of a VmBackup. */
export interface VmBackupProps {
  /** Name of the VirtualMachineBackup (explicit: a backup is one moment, e.g. `web-2026-12-01`). */
  readonly name: string;
  /** The VM backed up, by object (same namespace). @default - none; then vmName is required */
  readonly vm?: HarvesterVm;
  /**
   * The VM backed up, by name (`namespace/name` or a name in the chart's namespace), for a VM
   * outside this app: it is declared to validation as existing.
   * @default - none; then vm is required
   */
  readonly vmName?: string;
  /** Backup to the backup target, or snapshot in the cluster. @default VmBackupType.BACKUP */
  readonly type?: VmBackupType;
  /** Extra labels. @default - the creator label only */
  readonly labels?: { [key: string]: string };
}

/** A backup that exists in the cluster, referenced by name (and, when known, the schedule that took it). */
class ExistingVmBackup extends Construct implements IVmBackup {
  public readonly backupName: string;
  public readonly namespace: string;
  public readonly type?: VmBackupType;
  public readonly sourceVm?: HarvesterVm;
  public readonly schedule?: VmBackupSchedule;
  constructor(scope: Construct, id: string, name: string, schedule?: VmBackupSchedule) {
    super(scope, id);
    const defaultNamespace = schedule?.namespace ?? Chart.of(scope).namespace ?? 'default';
    const ref = parseNamespacedName(this, 'name', name, defaultNamespace);
    if (schedule && ref.namespace !== schedule.namespace) {
      throw invalid(this, 'name', name, `a backup in the schedule's namespace (${schedule.namespace})`);
    }
    this.backupName = ref.name;
    this.namespace = ref.namespace;
    this.schedule = schedule;
    this.type = schedule?.type;
    this.sourceVm = schedule?.vm;
    SynthValidation.addExternalObject(this, 'VirtualMachineBackup', `${this.namespace}/${this.backupName}`);
  }
}

/**
 * A one-off backup (or snapshot) of a VM: Harvester's `VirtualMachineBackup`, on the type `cdk8s
 * import`ed from its CRD. Harvester takes it once, when the object is created (the webhook,
 * `virtualmachinebackup/validator.go` Create, needs the VM to exist and, for a backup, the
 * `backup-target` setting to be set); changing the object later takes nothing new, so a new
 * backup is a new name. Deleting the object deletes the backup. For recurring backups use
 * `VmBackupSchedule`.
 */
export class VmBackup extends Construct implements IVmBackup {
  /** A backup that exists in the cluster (`namespace/name`, or a name in the chart's namespace), e.g. one a schedule took. */
  public static fromName(scope: Construct, id: string, name: string): IVmBackup {
    return new ExistingVmBackup(scope, id, name);
  }

  /**
   * A backup that a schedule of this app took, by the name it has in the cluster
   * (`svmb-<schedule uid>-<timestamp>`): a restore of it then knows its VM and type, and checks
   * that the schedule is suspended (Harvester refuses to restore a backup of a running schedule).
   */
  public static fromSchedule(scope: Construct, id: string, schedule: VmBackupSchedule, name: string): IVmBackup {
    return new ExistingVmBackup(scope, id, name, schedule);
  }

  public readonly backupName: string;
  public readonly namespace: string;
  /** Backup or snapshot (always set for a backup this app makes; optional only to match the interface). */
  public readonly type?: VmBackupType;
  public readonly sourceVm?: HarvesterVm;
  /** Name of the VM backed up. */
  public readonly vmName: string;
  /** The generated VirtualMachineBackup (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VmBackupProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.backupName = checkDnsSubdomain(this, 'name', props.name);
    if ((props.vm === undefined) === (props.vmName === undefined)) {
      throw problem(this, 'vm', 'exactly one of vm (a HarvesterVm) and vmName (a VM outside this app) is required');
    }
    const chartNamespace = Chart.of(this).namespace;
    if (props.vm) {
      this.sourceVm = props.vm;
      this.vmName = props.vm.name;
      this.namespace = checkDnsLabel(this, 'namespace', props.vm.namespace);
    } else {
      const ref = parseNamespacedName(this, 'vmName', props.vmName!, chartNamespace ?? 'default');
      this.vmName = ref.name;
      this.namespace = ref.namespace;
      SynthValidation.addExternalObject(this, 'VirtualMachine', `${ref.namespace}/${ref.name}`);
    }
    if (chartNamespace && chartNamespace !== this.namespace) {
      throw invalid(this, props.vm ? 'vm' : 'vmName', `${this.namespace}/${this.vmName}`, `a VM in the chart's namespace (${chartNamespace}): a backup lives in its VM's namespace`);
    }
    this.type = props.type ?? VmBackupType.BACKUP;
    this.apiObject = new ApiObject(this, 'Resource', VirtualMachineBackup.manifest({
      metadata: { name: this.backupName, namespace: this.namespace, labels: { [CREATOR_LABEL]: CREATOR_VALUE, ...props.labels } },
      spec: {
        source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: this.vmName },
        type: this.type as unknown as VirtualMachineBackupSpecType,
      },
    }));
  }
}

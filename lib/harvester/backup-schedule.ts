import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ScheduleVmBackup, ScheduleVmBackupSpecVmbackupType } from '../../imports/harvesterhci.io';
import { invalid } from '../core/private/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../core/private/names';
import { VmBackupType } from '../platform/harvester';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';
import { HarvesterVm } from './vm';

/** Props of a VmBackupSchedule. */
export interface VmBackupScheduleProps {
  /** Name of the ScheduleVMBackup. @default - `<vm name>-backup` */
  readonly name?: string;
  /** The VM backed up (same namespace). */
  readonly vm: HarvesterVm;
  /** When, as a cron expression in UTC, at most hourly (Harvester's webhook refuses more often), e.g. `0 2 * * *`. */
  readonly cron: string;
  /** Backups kept, 2 to 250. @default 8 */
  readonly retain?: number;
  /** Consecutive failures before the schedule suspends itself, at least 2 and below `retain`. @default 4 */
  readonly maxFailure?: number;
  /** Backup to the backup target, or snapshot. @default VmBackupType.BACKUP */
  readonly type?: VmBackupType;
  /** Created suspended. @default false */
  readonly suspend?: boolean;
}

/**
 * A recurring backup (or snapshot) of a VM: Harvester's `ScheduleVMBackup`, on the type `cdk8s
 * import`ed from its CRD. Every field the CRD defaults is written (no drift); the webhook's rules
 * (cron at most hourly, maxFailure below retain, one schedule per VM) are checked at synth.
 */
export class VmBackupSchedule extends Construct {
  /** Name of the schedule. */
  public readonly name: string;
  /** Namespace (the VM's). */
  public readonly namespace: string;
  /** The VM backed up. */
  public readonly vm: HarvesterVm;
  /** Backup or snapshot. */
  public readonly type: VmBackupType;
  /** Whether the schedule is suspended (Harvester restores a backup of a schedule only then). */
  public readonly suspended: boolean;
  /** The generated ScheduleVMBackup (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VmBackupScheduleProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? `${props.vm.name}-backup`);
    this.namespace = checkDnsLabel(this, 'namespace', props.vm.namespace);
    this.vm = props.vm;
    this.type = props.type ?? VmBackupType.BACKUP;
    this.suspended = props.suspend ?? false;
    if (Chart.of(this).namespace && Chart.of(this).namespace !== this.namespace) {
      throw invalid(this, 'vm', `${props.vm.namespace}/${props.vm.name}`, `a VM in the chart's namespace (${Chart.of(this).namespace})`);
    }
    const retain = props.retain ?? 8;
    if (!Number.isInteger(retain) || retain < 2 || retain > 250) throw invalid(this, 'retain', retain, 'an integer from 2 to 250');
    const maxFailure = props.maxFailure ?? 4;
    if (!Number.isInteger(maxFailure) || maxFailure < 2 || maxFailure >= retain) throw invalid(this, 'maxFailure', maxFailure, `an integer from 2 to ${retain - 1} (below retain)`);
    if (!/^(\S+\s+){4}\S+$/.test(props.cron.trim()) && !props.cron.trim().startsWith('@')) {
      throw invalid(this, 'cron', props.cron, 'a cron expression of five fields (minute hour day month weekday), e.g. "0 2 * * *"');
    }
    this.apiObject = new ApiObject(this, 'Resource', ScheduleVmBackup.manifest({
      metadata: { name: this.name, namespace: this.namespace, labels: { [CREATOR_LABEL]: CREATOR_VALUE } },
      spec: {
        cron: props.cron.trim(),
        retain,
        maxFailure,
        suspend: this.suspended,
        vmbackup: {
          source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: props.vm.name },
          type: this.type as unknown as ScheduleVmBackupSpecVmbackupType,
        },
      },
    }));
  }
}

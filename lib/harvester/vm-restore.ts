import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualMachineRestore } from '../../imports/harvesterhci.io';
import { invalid, problem } from '../core/private/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../core/private/names';
import { VmBackupType } from '../platform/harvester';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';
import { IVmBackup } from './vm-backup';

/**
 * What a restore that replaces a VM does with the volumes the VM had (VirtualMachineRestore
 * `deletionPolicy`; harvester/harvester `pkg/apis/harvesterhci.io/v1beta1/backup.go`). A restore
 * into a new VM deletes nothing either way.
 */
export enum VmRestoreDeletionPolicy {
  /** Keep the old volumes (PVCs) after the VM has its restored ones. */
  RETAIN = 'retain',
  /** Delete the old volumes once the restore is done (Harvester's behaviour when the field is empty). */
  DELETE = 'delete',
}

/** Props of a VmRestore. */
export interface VmRestoreProps {
  /** Name of the VirtualMachineRestore (explicit: one restore is one event, e.g. `web-drill-2026-12`). */
  readonly name: string;
  /** Namespace of the restore and of the VM it makes or replaces. @default - the chart's namespace, else the backup's */
  readonly namespace?: string;
  /** The backup restored: a `VmBackup` of this app or `VmBackup.fromName`. */
  readonly backup: IVmBackup;
  /** Restore into a new VM of this name (which must not exist). @default - none; then replaceVmName is required */
  readonly newVmName?: string;
  /**
   * Restore over this existing VM (its volumes are replaced by the backup's). Harvester refuses
   * the restore while that VM is running: stop it first.
   * @default - none; then newVmName is required
   */
  readonly replaceVmName?: string;
  /** What happens to the replaced VM's old volumes. @default VmRestoreDeletionPolicy.RETAIN */
  readonly deletionPolicy?: VmRestoreDeletionPolicy;
  /** The new VM keeps the MAC addresses of the backed-up VM (only with newVmName; a replaced VM keeps them anyway). @default false */
  readonly keepMacAddress?: boolean;
  /** Extra labels. @default - the creator label only */
  readonly labels?: { [key: string]: string };
}

/**
 * A restore of a VM backup: Harvester's `VirtualMachineRestore`, on the type `cdk8s import`ed from
 * its CRD. **Applying it performs the restore**: merging the pull request that adds it is the
 * restore. Its spec is immutable (the webhook refuses updates). Harvester refuses to delete it
 * while the VM it restored exists and makes that VM its owner (`restore.go`
 * updateOwnerRefAndTargetUID): remove the restore from Git first, then delete the VM, which takes
 * the restore with it (deleting the VM while the restore is in Git would restore again).
 *
 * What Harvester's webhook (`virtualmachinerestore/validator.go`) refuses and the props decide
 * fails here: a target name that is not a DNS-1123 subdomain, a backup of a schedule of this app
 * that is not suspended, keeping MAC addresses of a VM this app still has, a snapshot restored into another namespace or over a VM without
 * `RETAIN`. Validation reports at synth what other objects decide (a new VM that exists in the
 * output, a replaced VM of the output that is running, a missing backup).
 */
export class VmRestore extends Construct {
  /** Name of the restore. */
  public readonly name: string;
  /** Namespace of the restore. */
  public readonly namespace: string;
  /** Name of the VM the restore makes or replaces. */
  public readonly targetVmName: string;
  /** True when the restore makes a new VM. */
  public readonly newVm: boolean;
  /** The generated VirtualMachineRestore (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VmRestoreProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.name = checkDnsSubdomain(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? props.backup.namespace);
    if ((props.newVmName === undefined) === (props.replaceVmName === undefined)) {
      throw problem(this, 'newVmName', 'exactly one of newVmName (restore into a new VM) and replaceVmName (restore over an existing, stopped VM) is required');
    }
    this.newVm = props.newVmName !== undefined;
    const field = this.newVm ? 'newVmName' : 'replaceVmName';
    this.targetVmName = checkDnsSubdomain(this, field, (props.newVmName ?? props.replaceVmName)!);
    const policy = props.deletionPolicy ?? VmRestoreDeletionPolicy.RETAIN;
    const keepMac = props.keepMacAddress ?? false;
    this.checkAgainstBackup(props.backup, policy, keepMac);
    this.apiObject = new ApiObject(this, 'Resource', VirtualMachineRestore.manifest({
      metadata: { name: this.name, namespace: this.namespace, labels: { [CREATOR_LABEL]: CREATOR_VALUE, ...props.labels } },
      spec: {
        target: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: this.targetVmName },
        virtualMachineBackupName: props.backup.backupName,
        virtualMachineBackupNamespace: props.backup.namespace,
        newVm: this.newVm,
        deletionPolicy: policy,
        keepMacAddress: keepMac,
      },
    }));
  }

  /** virtualmachinerestore/validator.go: Create (ResolveSVMBackupRef), checkSnapshot and handleNewVM, as far as the backup's props decide them. */
  private checkAgainstBackup(backup: IVmBackup, policy: VmRestoreDeletionPolicy, keepMac: boolean): void {
    if (backup.schedule && !backup.schedule.suspended) {
      throw invalid(this, 'backup', `${backup.namespace}/${backup.backupName}`, `a backup whose schedule ${backup.schedule.namespace}/${backup.schedule.name} is suspended (suspend: true) while the restore is applied: Harvester refuses to restore a backup of a running schedule`);
    }
    if (keepMac && !this.newVm) {
      throw invalid(this, 'keepMacAddress', true, 'false when replacing a VM (the replaced VM keeps its MAC addresses); only a new VM (newVmName) can keep them');
    }
    if (keepMac && backup.sourceVm) {
      throw invalid(this, 'keepMacAddress', true, `false while the backed-up VM ${backup.sourceVm.namespace}/${backup.sourceVm.name} is in this app: Harvester refuses a new VM with the MAC addresses of a VM that still exists`);
    }
    if (backup.type !== VmBackupType.SNAPSHOT) return;
    if (backup.namespace !== this.namespace) {
      throw invalid(this, 'namespace', this.namespace, `the snapshot's namespace (${backup.namespace}): Harvester restores a snapshot only within its namespace`);
    }
    if (!this.newVm && policy !== VmRestoreDeletionPolicy.RETAIN) {
      throw invalid(this, 'deletionPolicy', policy, 'VmRestoreDeletionPolicy.RETAIN when replacing a VM from a snapshot (Harvester refuses delete here: deleting the old volumes would remove the snapshot too)');
    }
  }
}

import { Chart, Testing } from 'cdk8s';
import {
  HarvesterVersion, HarvesterVm, ManifestValidator, RunStrategy, SynthValidation, VmBackup, VmBackupSchedule, VmBackupType, VmRestore, VmRestoreDeletionPolicy,
} from '../../lib';

const restoreOf = (objects: any[]) => objects.find((o) => o.kind === 'VirtualMachineRestore');

describe('VmRestore', () => {
  test.each([HarvesterVersion.V1_6, HarvesterVersion.V1_8])('a drill: an existing backup restored into a new VM, field by field, no problem on %s', (version) => {
    const chart = Testing.chart();
    SynthValidation.configure(chart, { harvesterVersion: version });
    const backup = VmBackup.fromName(chart, 'nightly', 'web-backup-20261201');
    const restore = new VmRestore(chart, 'drill', { name: 'web-drill-2026-12', backup, newVmName: 'web-drill' });
    const objects = Testing.synth(chart);
    const r = restoreOf(objects);
    expect(objects).toHaveLength(1);
    expect(r.apiVersion).toBe('harvesterhci.io/v1beta1');
    expect(r.metadata).toEqual({ name: 'web-drill-2026-12', namespace: 'default', labels: { 'harvesterhci.io/creator': 'gitvops' } });
    expect(r.spec.target).toEqual({ apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'web-drill' });
    expect(r.spec.virtualMachineBackupName).toBe('web-backup-20261201');
    expect(r.spec.virtualMachineBackupNamespace).toBe('default');
    expect(r.spec.newVM).toBe(true);
    expect(r.spec.deletionPolicy).toBe('retain');
    expect(r.spec.keepMacAddress).toBe(false);
    expect([restore.name, restore.namespace, restore.targetVmName, restore.newVm]).toEqual(['web-drill-2026-12', 'default', 'web-drill', true]);
    expect(SynthValidation.check(chart)).toEqual([]);
  });

  test('replacing a stopped VM of another app, old volumes deleted; MACs kept by a new VM from a backup of an outside VM', () => {
    const chart = Testing.chart();
    const backup = new VmBackup(chart, 'b', { name: 'db-1', vmName: 'db' });
    new VmRestore(chart, 'replace', { name: 'db-restore', backup, replaceVmName: 'db', deletionPolicy: VmRestoreDeletionPolicy.DELETE });
    new VmRestore(chart, 'clone', { name: 'db-clone', backup, newVmName: 'db-copy', keepMacAddress: true });
    const objects = Testing.synth(chart);
    const replace = objects.find((o) => o.metadata.name === 'db-restore');
    expect([replace.spec.target.name, replace.spec.newVM, replace.spec.deletionPolicy, replace.spec.keepMacAddress]).toEqual(['db', false, 'delete', false]);
    const clone = objects.find((o) => o.metadata.name === 'db-clone');
    expect([clone.spec.target.name, clone.spec.newVM, clone.spec.keepMacAddress]).toEqual(['db-copy', true, true]);
    expect(SynthValidation.check(chart)).toEqual([]);
  });

  test('a backup in another namespace: the restore names it there and lives in its own namespace', () => {
    const chart = new Chart(Testing.app(), 'drills', { namespace: 'drills' });
    const backup = VmBackup.fromName(chart, 'b', 'prod/web-backup-1');
    new VmRestore(chart, 'r', { name: 'web-drill', backup, newVmName: 'web' });
    const r = restoreOf(Testing.synth(chart));
    expect([r.metadata.namespace, r.spec.virtualMachineBackupNamespace, r.spec.virtualMachineBackupName]).toEqual(['drills', 'prod', 'web-backup-1']);
  });

  test('mistakes the webhook would refuse fail at construction (validator.go Create, checkSnapshot, handleNewVM)', () => {
    const chart = Testing.chart();
    const vm = new HarvesterVm(chart, 'vm', { name: 'web' });
    const backup = new VmBackup(chart, 'b', { name: 'web-1', vm });
    const snapshot = new VmBackup(chart, 's', { name: 'web-snap', vm, type: VmBackupType.SNAPSHOT });
    expect(() => new VmRestore(chart, 'a', { name: 'r', backup })).toThrow("VmRestore 'test/a': newVmName: exactly one of newVmName (restore into a new VM) and replaceVmName (restore over an existing, stopped VM) is required");
    expect(() => new VmRestore(chart, 'b2', { name: 'r', backup, newVmName: 'x', replaceVmName: 'web' })).toThrow(/newVmName: exactly one of/);
    expect(() => new VmRestore(chart, 'c', { name: 'r', backup, newVmName: 'Web_Copy' })).toThrow("VmRestore 'test/c': newVmName: \"Web_Copy\" is invalid; allowed: a DNS-1123 subdomain");
    expect(() => new VmRestore(chart, 'd', { name: 'r', backup, replaceVmName: 'web', keepMacAddress: true }))
      .toThrow("VmRestore 'test/d': keepMacAddress: true is invalid; allowed: false when replacing a VM (the replaced VM keeps its MAC addresses); only a new VM (newVmName) can keep them");
    expect(() => new VmRestore(chart, 'e', { name: 'r', backup, newVmName: 'web-copy', keepMacAddress: true }))
      .toThrow("VmRestore 'test/e': keepMacAddress: true is invalid; allowed: false while the backed-up VM default/web is in this app: Harvester refuses a new VM with the MAC addresses of a VM that still exists");
    expect(() => new VmRestore(chart, 'f', { name: 'r', namespace: 'other', backup: snapshot, newVmName: 'web-copy' }))
      .toThrow("VmRestore 'test/f': namespace: \"other\" is invalid; allowed: the snapshot's namespace (default): Harvester restores a snapshot only within its namespace");
    expect(() => new VmRestore(chart, 'g', { name: 'r', backup: snapshot, replaceVmName: 'web', deletionPolicy: VmRestoreDeletionPolicy.DELETE }))
      .toThrow("VmRestore 'test/g': deletionPolicy: \"delete\" is invalid; allowed: VmRestoreDeletionPolicy.RETAIN when replacing a VM from a snapshot");
    const running = new VmBackupSchedule(chart, 'nightly', { vm, cron: '0 2 * * *' });
    expect(() => new VmRestore(chart, 'j', { name: 'r', backup: VmBackup.fromSchedule(chart, 'sb', running, 'svmb-1-2026'), newVmName: 'web-copy' }))
      .toThrow("VmRestore 'test/j': backup: \"default/svmb-1-2026\" is invalid; allowed: a backup whose schedule default/web-backup is suspended (suspend: true) while the restore is applied: Harvester refuses to restore a backup of a running schedule");
    // the same restores are fine from a backup (not a snapshot) in another namespace, or with retain
    new VmRestore(chart, 'h', { name: 'r-h', namespace: 'other', backup, newVmName: 'web-copy' });
    new VmRestore(chart, 'i', { name: 'r-i', backup: snapshot, replaceVmName: 'web' });
    const other = new HarvesterVm(chart, 'vm2', { name: 'db' });
    const suspended = new VmBackupSchedule(chart, 'paused', { vm: other, cron: '0 3 * * *', suspend: true });
    new VmRestore(chart, 'k', { name: 'r-k', backup: VmBackup.fromSchedule(chart, 'sb2', suspended, 'svmb-2-2026'), newVmName: 'db-drill' });
  });

  test('at synth (what other objects decide): replacing a running VM of the output, a new VM that exists, a missing backup', () => {
    const chart = Testing.chart();
    const vm = new HarvesterVm(chart, 'vm', { name: 'web' });
    const backup = new VmBackup(chart, 'b', { name: 'web-1', vm });
    new VmRestore(chart, 'over', { name: 'web-restore', backup, replaceVmName: 'web' });
    new VmRestore(chart, 'dup', { name: 'web-dup', backup, newVmName: 'web' });
    const problems = SynthValidation.check(chart).filter((p) => !p.warning).map((p) => [p.rule, p.name, p.field, p.message]);
    expect(problems).toEqual([
      ['harvester.vm-restore.target', 'web-dup', 'spec.target.name', 'VM web already exists (newVM: true restores into a new VM)'],
      ['harvester.vm-restore.replace-running', 'web-restore', 'spec.target.name', 'VM web of the output runs (runStrategy RerunOnFailure); Harvester refuses to restore over a running VM: set its runStrategy to Halted first'],
    ]);
    expect(() => Testing.synth(chart)).toThrow(/VirtualMachineRestore default\/web-restore: spec.target.name: VM web of the output runs/);
    // a halted VM can be replaced, but the output still holds its old volumes: a drift warning
    const halted = Testing.chart();
    const stopped = new HarvesterVm(halted, 'vm', { name: 'web', runStrategy: RunStrategy.HALTED });
    new VmRestore(halted, 'over', { name: 'web-restore', backup: new VmBackup(halted, 'b', { name: 'web-1', vm: stopped }), replaceVmName: 'web' });
    expect(SynthValidation.check(halted).map((p) => [p.rule, p.warning, p.message])).toEqual([
      ['drift.vm-restore.replaced-volumes', true, "VM web is in the output: the restore gives it new PVCs, which the next sync reverts to the output's; restore into a new VM (newVM: true), or take the VM out of the output first"],
    ]);
    // a plain manifest naming a backup nobody declared
    const r = restoreOf(Testing.synth(halted));
    expect(ManifestValidator.check([r]).map((p) => [p.rule, p.field, p.message])).toEqual([
      ['references.backup', 'spec.virtualMachineBackupName', 'no VirtualMachineBackup default/web-1 in the output (declare it external if it exists)'],
    ]);
    expect(ManifestValidator.check([r], { checkReferences: false })).toEqual([]);
  });
});

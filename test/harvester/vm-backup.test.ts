import { Chart, Testing } from 'cdk8s';
import { HarvesterVersion, HarvesterVm, ManifestValidator, SynthValidation, VmBackup, VmBackupSchedule, VmBackupType } from '../../lib';

describe('VmBackup', () => {
  test.each([HarvesterVersion.V1_6, HarvesterVersion.V1_8])('a VirtualMachineBackup of a VM by object, field by field, no problem on %s', (version) => {
    const chart = Testing.chart();
    SynthValidation.configure(chart, { harvesterVersion: version });
    const vm = new HarvesterVm(chart, 'vm', { name: 'web' });
    const backup = new VmBackup(chart, 'b', { name: 'web-2026-12-01', vm });
    const objects = Testing.synth(chart);
    const b = objects.find((o) => o.kind === 'VirtualMachineBackup');
    expect(b.apiVersion).toBe('harvesterhci.io/v1beta1');
    expect(b.metadata).toEqual({ name: 'web-2026-12-01', namespace: 'default', labels: { 'harvesterhci.io/creator': 'gitvops' } });
    expect(b.spec.source).toEqual({ apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'web' });
    expect(b.spec.type).toBe('backup');
    expect(Object.keys(b.spec)).toEqual(['source', 'type']);
    expect([backup.backupName, backup.namespace, backup.vmName, backup.type, backup.sourceVm]).toEqual(['web-2026-12-01', 'default', 'web', VmBackupType.BACKUP, vm]);
    expect(SynthValidation.check(chart)).toEqual([]);
  });

  test('a snapshot of a VM outside the app by name: declared external, so validation passes', () => {
    const chart = Testing.chart();
    const snap = new VmBackup(chart, 's', { name: 'db-before-upgrade', vmName: 'data/db', type: VmBackupType.SNAPSHOT, labels: { team: 'dba' } });
    const b = Testing.synth(chart)[0];
    expect([b.metadata.namespace, b.metadata.labels.team, b.spec.source.name, b.spec.type]).toEqual(['data', 'dba', 'db', 'snapshot']);
    expect(snap.sourceVm).toBeUndefined();
    expect(SynthValidation.check(chart)).toEqual([]);
    // the same manifest checked alone names the missing VM
    expect(ManifestValidator.check([b]).map((p) => [p.rule, p.field, p.message])).toEqual([
      ['references.backup-source', 'spec.source.name', 'no VirtualMachine data/db in the output (declare it external if it exists)'],
    ]);
    expect(ManifestValidator.check([b], { externalObjects: ['VirtualMachine data/db'] })).toEqual([]);
  });

  test('fromName: an existing backup, namespace from the reference or the chart', () => {
    const chart = Testing.chart();
    const a = VmBackup.fromName(chart, 'a', 'web-nightly-1');
    const b = VmBackup.fromName(chart, 'b', 'prod/web-nightly-2');
    expect([a.backupName, a.namespace, a.type, b.backupName, b.namespace]).toEqual(['web-nightly-1', 'default', undefined, 'web-nightly-2', 'prod']);
    expect(Testing.synth(chart)).toEqual([]);
    expect(() => VmBackup.fromName(chart, 'c', 'a/b/c')).toThrow("VmBackup 'test/c': name: \"a/b/c\" is invalid; allowed: \"<namespace>/<name>\" or \"<name>\"");
  });

  test('fromSchedule: a backup a schedule of the app took knows its VM, type and schedule', () => {
    const chart = Testing.chart();
    const vm = new HarvesterVm(chart, 'vm', { name: 'db' });
    const schedule = new VmBackupSchedule(chart, 'hourly', { vm, cron: '0 * * * *', type: VmBackupType.SNAPSHOT, suspend: true });
    const b = VmBackup.fromSchedule(chart, 'b', schedule, 'svmb-5b1e-20261201.0200');
    expect([b.backupName, b.namespace, b.type, b.sourceVm, b.schedule]).toEqual(['svmb-5b1e-20261201.0200', 'default', VmBackupType.SNAPSHOT, vm, schedule]);
    expect([schedule.vm, schedule.type, schedule.suspended]).toEqual([vm, VmBackupType.SNAPSHOT, true]);
    expect(Testing.synth(chart).map((o) => o.kind)).toEqual(['VirtualMachine', 'ScheduleVMBackup']);
    expect(() => VmBackup.fromSchedule(chart, 'c', schedule, 'other/svmb-1')).toThrow("VmBackup 'test/c': name: \"other/svmb-1\" is invalid; allowed: a backup in the schedule's namespace (default)");
  });

  test('mistakes at construction: no VM or both, bad name, a VM outside the chart\'s namespace', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'apps' });
    const vm = new HarvesterVm(chart, 'vm', { name: 'web' });
    expect(() => new VmBackup(chart, 'a', { name: 'x' })).toThrow("VmBackup 'test/a': vm: exactly one of vm (a HarvesterVm) and vmName (a VM outside this app) is required");
    expect(() => new VmBackup(chart, 'b', { name: 'x', vm, vmName: 'web' })).toThrow(/vm: exactly one of vm/);
    expect(() => new VmBackup(chart, 'c', { name: 'Web_1', vm })).toThrow("VmBackup 'test/c': name: \"Web_1\" is invalid; allowed: a DNS-1123 subdomain");
    expect(() => new VmBackup(chart, 'd', { name: 'x', vmName: 'other/web' })).toThrow("VmBackup 'test/d': vmName: \"other/web\" is invalid; allowed: a VM in the chart's namespace (apps): a backup lives in its VM's namespace");
  });
});

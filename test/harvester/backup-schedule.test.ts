import { Testing } from 'cdk8s';
import { HarvesterVm, ManifestValidator, VmBackupSchedule, VmBackupType } from '../../lib';

describe('VmBackupSchedule', () => {
  test('a ScheduleVMBackup of a VM by object, every CRD default written, valid for its CRD and rules', () => {
    const chart = Testing.chart();
    const vm = new HarvesterVm(chart, 'vm', { name: 'web' });
    new VmBackupSchedule(chart, 'nightly', { vm, cron: '0 2 * * *' });
    const objects = Testing.synth(chart);
    expect(objects.find((o) => o.kind === 'ScheduleVMBackup')).toEqual({
      apiVersion: 'harvesterhci.io/v1beta1', kind: 'ScheduleVMBackup',
      metadata: { name: 'web-backup', namespace: 'default', labels: { 'harvesterhci.io/creator': 'gitvops' } },
      spec: { cron: '0 2 * * *', retain: 8, maxFailure: 4, suspend: false, vmbackup: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'web' }, type: 'backup' } },
    });
    expect(ManifestValidator.check(objects).filter((p) => !p.warning)).toEqual([]);
  });

  test('snapshots, retain, maxFailure, suspended', () => {
    const chart = Testing.chart();
    const vm = new HarvesterVm(chart, 'vm', { name: 'db' });
    new VmBackupSchedule(chart, 's', { name: 'db-hourly', vm, cron: '0 * * * *', type: VmBackupType.SNAPSHOT, retain: 24, maxFailure: 3, suspend: true });
    const s = Testing.synth(chart).find((o) => o.kind === 'ScheduleVMBackup');
    expect([s.metadata.name, s.spec.retain, s.spec.maxFailure, s.spec.suspend, s.spec.vmbackup.type]).toEqual(['db-hourly', 24, 3, true, 'snapshot']);
  });

  test('mistakes: at construction (ranges, cron form) and at synth (Harvester\'s webhook: more often than hourly, two schedules for one VM)', () => {
    const chart = Testing.chart();
    const vm = new HarvesterVm(chart, 'vm', { name: 'web' });
    expect(() => new VmBackupSchedule(chart, 'a', { vm, cron: '0 2 * * *', retain: 4, maxFailure: 4 })).toThrow("VmBackupSchedule 'test/a': maxFailure: 4 is invalid; allowed: an integer from 2 to 3 (below retain)");
    expect(() => new VmBackupSchedule(chart, 'b', { vm, cron: 'daily' })).toThrow('cron: "daily" is invalid; allowed: a cron expression of five fields');
    new VmBackupSchedule(chart, 'c', { name: 'often', vm, cron: '*/5 * * * *' });
    new VmBackupSchedule(chart, 'd', { name: 'again', vm, cron: '0 3 * * *' });
    expect(() => Testing.synth(chart)).toThrow(/ScheduleVMBackup default\/often: spec.cron[\s\S]*ScheduleVMBackup default\/again: spec.vmbackup.source.name: the VM already has a backup schedule \(often\)/);
  });
});

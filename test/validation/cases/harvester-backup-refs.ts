import { Case, VM, add } from './fixture';

const backupOf = (name: string, vm = 'vm') => ({
  apiVersion: 'harvesterhci.io/v1beta1', kind: 'VirtualMachineBackup', metadata: { name, namespace: 'default' },
  spec: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: vm }, type: 'backup' },
});
const restore = (name: string, target: string, newVM: boolean, backup = 'bk') => ({
  apiVersion: 'harvesterhci.io/v1beta1', kind: 'VirtualMachineRestore', metadata: { name, namespace: 'default' },
  spec: { target: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: target }, virtualMachineBackupName: backup, virtualMachineBackupNamespace: 'default', newVM, deletionPolicy: 'retain', keepMacAddress: false },
});
const halt = (o: any[]) => { VM(o).spec.runStrategy = 'Halted'; };
const setting = (value: string) => ({ apiVersion: 'harvesterhci.io/v1beta1', kind: 'Setting', metadata: { name: 'backup-target' }, value });
const nfs = (extra: any = {}) => JSON.stringify({ type: 'nfs', endpoint: 'nfs://10.0.0.5:/exports', accessKeyId: '', secretAccessKey: '', bucketName: '', bucketRegion: '', cert: '', virtualHostedStyle: false, refreshIntervalInSeconds: 0, ...extra });

/** Cases of lib/validation/private/families/harvester-backup-refs.ts: each breaks one rule, with a valid twin. */
export const harvesterBackupRefsCases: Case[] = [
  { name: 'restore of a backup not in the output', bad: (o) => add(o, restore('r', 'vm-new', true)), good: (o) => { add(o, backupOf('bk')); add(o, restore('r', 'vm-new', true)); }, field: 'spec.virtualMachineBackupName', message: /no VirtualMachineBackup default\/bk in the output \(declare it external if it exists\)/ },
  { name: 'backup of a VM not in the output', bad: (o) => add(o, backupOf('bk', 'gone')), good: (o) => add(o, backupOf('bk', 'vm')), field: 'spec.source.name', message: /no VirtualMachine default\/gone in the output/ },
  { name: 'restore over a running VM of the output', bad: (o) => { add(o, backupOf('bk')); add(o, restore('r', 'vm', false)); }, good: (o) => { halt(o); add(o, backupOf('bk')); add(o, restore('r', 'vm', false)); }, field: 'spec.target.name', message: /VM vm of the output runs \(runStrategy RerunOnFailure\); Harvester refuses to restore over a running VM/ },
  { name: 'drift: restore over a VM of the output', bad: (o) => { halt(o); add(o, backupOf('bk')); add(o, restore('r', 'vm', false)); }, good: (o) => { add(o, backupOf('bk')); add(o, restore('r', 'other-vm', false)); }, field: 'spec.target.name', message: /the restore gives it new PVCs, which the next sync reverts/ },
  { name: 'NFS backup target with a bucket', bad: (o) => add(o, setting(nfs({ bucketName: 'b' }))), good: (o) => add(o, setting(nfs())), field: 'value', message: /backup-target: an NFS target has no bucketName or bucketRegion/ },
];

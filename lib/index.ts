// The public API of GitVops: every symbol exported here is documented and compiles with jsii
// (`npm run build:jsii`). Internals live under `lib/<domain>/private/` or are `@internal`.
// Layers, lowest first (each may import only from those before it; `npm run check:deps`):
//   core → platform → validation → secrets → cloud-init → harvester → rke2 → delivery → diff → import → synth (→ cli, plus)

// first: the library's own modules compiled with V8's code cache (a fresh process per synth)
import { cacheModulesUnder } from './core/private/module-cache';
cacheModulesUnder();

// core: secret values
export * from './core/secret-value';

// platform: the KubeVirt, Kubernetes and Harvester value sets
export * from './platform/kubevirt';
export * from './platform/kubernetes';
export * from './platform/harvester';
export * from './platform/harvester-settings';

// validation: synth-time checks of everything an app writes
export * from './validation/validation-problem';
export * from './validation/synth-validation';
export * from './validation/manifest-validator';

// secrets: how secret material reaches dist/
export * from './secrets/secret-output';
export * from './secrets/external-secret-options';
export * from './secrets/sealed-secret-options';

// cloud-init
export * from './cloud-init/command';
export * from './cloud-init/cloud-config';
export * from './cloud-init/network-config';
export * from './cloud-init/cloud-init-secret';

// harvester: VMs and their disks
export * from './harvester/image';
export * from './harvester/volume';
export * from './harvester/vm-disk';
export * from './harvester/cluster-network';
export * from './harvester/vlan-config';
export * from './harvester/vm-network-attachment';
export * from './harvester/vm-network';
export * from './harvester/firmware';
export * from './harvester/affinity';
export * from './harvester/key-pair';
export * from './harvester/storage-class';
export * from './harvester/backup-schedule';
export * from './harvester/vm-backup';
export * from './harvester/vm-restore';
export * from './harvester/backup-target';
export * from './harvester/vm-features';
export * from './harvester/vm';

// rke2: guest clusters
export * from './rke2/role';
export * from './rke2/release';
export * from './rke2/install';
export * from './rke2/registries';
export * from './rke2/config';
export * from './rke2/node-subnet';
export * from './rke2/addresses';
export * from './rke2/endpoint-options';
export * from './rke2/endpoint';
export * from './rke2/pool-vm';
export * from './rke2/node-pool';
export * from './rke2/cluster';
export * from './rke2/harvester-access';
export * from './rke2/harvester-integration';
export * from './rke2/bootstrap';
export * from './rke2/upgrade';
export * from './rke2/upgrade-plans';

// delivery
export * from './delivery/delivery';
export * from './delivery/target';

// diff
export * from './diff/change';
export * from './diff/manifest-diff';

// import: existing VMs into code (`gitvops import`)
export * from './import/manifest-import';

// synth
export * from './synth/app';

import { HarvesterVersion } from '../../../lib/platform/harvester';
import { Case, KEY, LB, POOL, T, VCT_OK, VM, add, backup, image } from './fixture';

const V1_8 = HarvesterVersion.V1_8;
const VCT = 'harvesterhci.io/volumeClaimTemplates';
const pvc = (o: any[], name: string) => o.find((x) => x.kind === 'PersistentVolumeClaim' && x.metadata.name === name);
const claim = (name: string) => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' },
  spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Block', storageClassName: 'lh-1' },
});
/** A CD-ROM on a hotpluggable PVC added to the VM. */
const hotplugCdrom = (o: any[], bus: string) => {
  add(o, claim('iso'));
  T(o).domain.devices.disks.push({ name: 'cd', cdrom: { bus } });
  T(o).volumes.push({ name: 'cd', persistentVolumeClaim: { claimName: 'iso', hotpluggable: true } });
};
const migration = (name: string, targetVolume: string) => JSON.stringify([{ ...JSON.parse(VCT_OK)[0], metadata: { name }, targetVolume }]);
const img = (name: string, spec: any, annotations?: any) => ({ ...image(name), metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) }, spec: { displayName: name, ...spec } });
const keypair = (publicKey: any) => ({ apiVersion: 'harvesterhci.io/v1beta1', kind: 'KeyPair', metadata: { name: 'ops', namespace: 'default' }, spec: { publicKey } });
const sc = (name: string, parameters: any, annotations?: any) => ({
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name, ...(annotations ? { annotations } : {}) },
  provisioner: 'driver.longhorn.io', parameters: { numberOfReplicas: '3', ...parameters },
});
const SECRET_PARAMS = {
  'csi.storage.k8s.io/provisioner-secret-name': 'crypto', 'csi.storage.k8s.io/provisioner-secret-namespace': 'default',
  'csi.storage.k8s.io/node-stage-secret-name': 'crypto', 'csi.storage.k8s.io/node-stage-secret-namespace': 'default',
  'csi.storage.k8s.io/node-publish-secret-name': 'crypto', 'csi.storage.k8s.io/node-publish-secret-namespace': 'default',
};
const cryptoSecret = (cipher: string) => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 'crypto', namespace: 'default' },
  stringData: { CRYPTO_KEY_CIPHER: cipher, CRYPTO_KEY_HASH: 'sha256', CRYPTO_KEY_SIZE: '256', CRYPTO_PBKDF: 'argon2i', CRYPTO_KEY_PROVIDER: 'secret', CRYPTO_KEY_VALUE: 'passphrase' },
});
const setting = (name: string, value: string) => ({ apiVersion: 'harvesterhci.io/v1beta1', kind: 'Setting', metadata: { name }, value });
const backupOf = (name: string, type = 'backup', namespace = 'default') => ({
  apiVersion: 'harvesterhci.io/v1beta1', kind: 'VirtualMachineBackup', metadata: { name, namespace },
  spec: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'vm' }, type },
});
const restore = (name: string, target: string, extra: any = {}, namespace = 'default') => ({
  apiVersion: 'harvesterhci.io/v1beta1', kind: 'VirtualMachineRestore', metadata: { name, namespace },
  spec: { target: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: target }, virtualMachineBackupName: 'bk', virtualMachineBackupNamespace: 'default', newVM: true, deletionPolicy: 'retain', ...extra },
});
const nad = (config: any, labels: any = { 'network.harvesterhci.io/clusternetwork': 'data' }, annotations?: any) => ({
  apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'net', namespace: 'default', labels, ...(annotations ? { annotations } : {}) },
  spec: { config: typeof config === 'string' ? config : JSON.stringify({ cniVersion: '0.3.1', name: 'net', type: 'bridge', bridge: 'data-br', promiscMode: true, vlan: 100, ipam: {}, ...config }) },
});
const clusterNetwork = (name: string, annotations?: any) => ({ apiVersion: 'network.harvesterhci.io/v1beta1', kind: 'ClusterNetwork', metadata: { name, ...(annotations ? { annotations } : {}) } });
const vlanConfig = (name: string, clusterNetwork: string, mtu?: number) => ({
  apiVersion: 'network.harvesterhci.io/v1beta1', kind: 'VlanConfig', metadata: { name },
  spec: { clusterNetwork, uplink: { nics: ['eth1'], ...(mtu !== undefined ? { linkAttributes: { mtu } } : {}) } },
});
const pool = (name: string, selector: any, subnet = '10.1.0.0/24') => ({
  apiVersion: 'loadbalancer.harvesterhci.io/v1beta1', kind: 'IPPool', metadata: { name },
  spec: { ranges: [{ subnet, rangeStart: subnet.replace('0/24', '10'), rangeEnd: subnet.replace('0/24', '20') }], selector },
});
const scope = (namespace: string, project = '*', guestCluster = '*') => ({ project, namespace, guestCluster });

/** Cases of lib/validation/private/families/harvester-webhooks.ts: each breaks one rule, with a valid twin. */
export const harvesterWebhooksCases: Case[] = [
  // virtualmachine/validator.go (1.8)
  { name: 'VM with a memory request only (1.8)', version: V1_8, bad: (o) => { delete T(o).domain.memory; delete T(o).domain.resources.limits.memory; T(o).domain.resources.requests = { memory: '2Gi' }; }, good: (o) => { delete T(o).domain.resources.limits.memory; T(o).domain.resources.requests = { memory: '2Gi' }; }, field: 'spec.template.spec.domain', message: /either memory.guest or resources.limits.memory must be set/ },
  { name: 'VM with a memory request only is fine on 1.6', bad: (o) => { delete T(o).domain.memory; delete T(o).domain.resources.limits.memory; delete T(o).domain.resources.requests; delete VM(o).metadata.annotations; }, good: (o) => { delete T(o).domain.memory; delete T(o).domain.resources.limits.memory; T(o).domain.resources.requests = { memory: '2Gi' }; }, field: 'spec.template.spec.domain.memory.guest', message: /memory must be set/ },
  { name: 'hotpluggable CD-ROM off the sata bus (1.8)', version: V1_8, bad: (o) => hotplugCdrom(o, 'scsi'), good: (o) => hotplugCdrom(o, 'sata'), field: 'spec.template.spec.domain.devices.disks[2].cdrom.bus', message: /a CD-ROM on a hotpluggable PVC must use the sata bus/ },
  { name: 'volume migration of a PVC the VM does not use (1.8)', version: V1_8, bad: (o) => { VM(o).metadata.annotations[VCT] = migration('vm-data', 'vm-data-2'); }, good: (o) => { VM(o).metadata.annotations[VCT] = migration('vm-root', 'vm-root-2'); }, field: `metadata.annotations.${VCT}[0].targetVolume`, message: /PVC vm-data is not a volume of the VM \(PVC volumes: vm-root\)/ },
  { name: 'two volume migrations at once (1.8)', version: V1_8, bad: (o) => { VM(o).metadata.annotations[VCT] = JSON.stringify([...JSON.parse(migration('vm-root', 'a')), ...JSON.parse(migration('vm-data', 'b'))]); }, good: (o) => { VM(o).metadata.annotations[VCT] = JSON.stringify([...JSON.parse(migration('vm-root', 'a')), JSON.parse(VCT_OK)[0]]); }, field: `metadata.annotations.${VCT}`, message: /only one volume migration/ },
  // persistentvolumeclaim/validator.go (1.8)
  { name: 'PVC on the reserved longhorn-static class (1.8)', version: V1_8, bad: (o) => { pvc(o, 'vm-root').spec.storageClassName = 'longhorn-static'; }, good: (o) => { pvc(o, 'vm-root').spec.storageClassName = 'longhorn'; }, field: 'spec.storageClassName', message: /longhorn-static is reserved/ },
  { name: 'PVC on vmstate-persistence not owned by KubeVirt (1.8)', version: V1_8, bad: (o) => { pvc(o, 'vm-root').spec.storageClassName = 'vmstate-persistence'; }, good: (o) => { const p = pvc(o, 'vm-root'); p.spec.storageClassName = 'vmstate-persistence'; p.metadata.labels = { 'persistent-state-for': 'vm' }; p.metadata.ownerReferences = [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'vm', uid: 'u-1' }]; }, field: 'spec.storageClassName', message: /vmstate-persistence is reserved for the TPM\/EFI state/ },
  // pkg/image/common/validator.go
  { name: 'download image without url', bad: (o) => add(o, img('img', { sourceType: 'download' })), good: (o) => add(o, img('img', { sourceType: 'upload' })), field: 'spec.url', message: /is required when sourceType is "download"/ },
  { name: 'upload image with a url', bad: (o) => add(o, img('img', { sourceType: 'upload', url: 'https://example.com/x.img' })), good: (o) => add(o, img('img', { sourceType: 'restore', url: 'https://example.com/x.img' })), field: 'spec.url', message: /must be empty when sourceType is "upload"/ },
  { name: 'image url Go cannot parse', bad: (o) => add(o, img('img', { sourceType: 'download', url: 'https://example.com/%zz.img' })), good: (o) => add(o, img('img', { sourceType: 'download', url: 'https://example.com:8443/%20x.img' })), field: 'spec.url', message: /invalid %-escape/ },
  { name: 'export-from-volume image without pvcName', bad: (o) => add(o, img('img', { sourceType: 'export-from-volume', pvcNamespace: 'default' })), good: (o) => add(o, img('img', { sourceType: 'export-from-volume', pvcNamespace: 'default', pvcName: 'vm-root' })), field: 'spec.pvcName', message: /required when sourceType is "export-from-volume"/ },
  { name: 'clone image without cryptoOperation', bad: (o) => add(o, img('img2', { sourceType: 'clone', securityParameters: { sourceImageName: 'img', sourceImageNamespace: 'default' } })), good: (o) => add(o, img('img2', { sourceType: 'clone', securityParameters: { cryptoOperation: 'encrypt', sourceImageName: 'img', sourceImageNamespace: 'default' } }, { 'harvesterhci.io/storageClassName': 'encrypted' })), field: 'spec.securityParameters.cryptoOperation', message: /required when sourceType is "clone"/ },
  { name: 'decrypting a clone of a plain image', bad: (o) => { add(o, img('img', { sourceType: 'download', url: 'https://example.com/x.img' })); add(o, img('img2', { sourceType: 'clone', securityParameters: { cryptoOperation: 'decrypt', sourceImageName: 'img', sourceImageNamespace: 'default' } })); }, good: (o) => { add(o, img('img', { sourceType: 'download', url: 'https://example.com/x.img' })); add(o, img('img2', { sourceType: 'clone', securityParameters: { cryptoOperation: 'encrypt', sourceImageName: 'img', sourceImageNamespace: 'default' } }, { 'harvesterhci.io/storageClassName': 'encrypted' })); add(o, { ...sc('encrypted', { encrypted: 'true', ...SECRET_PARAMS }) }); add(o, cryptoSecret('aes-xts-plain64')); }, field: 'spec.securityParameters.cryptoOperation', message: /source image default\/img is not encrypted/ },
  { name: 'image storage class annotation and target disagree', bad: (o) => add(o, img('img', { sourceType: 'upload', targetStorageClassName: 'b' }, { 'harvesterhci.io/storageClassName': 'a' })), good: (o) => add(o, img('img', { sourceType: 'upload', targetStorageClassName: 'a' }, { 'harvesterhci.io/storageClassName': 'a' })), field: 'spec.targetStorageClassName', message: /must match the harvesterhci.io\/storageClassName annotation \(a\)/ },
  { name: 'two images with one display name', bad: (o) => { add(o, img('a', { sourceType: 'upload', displayName: 'ubuntu' })); add(o, img('b', { sourceType: 'upload', displayName: 'ubuntu' })); }, good: (o) => { add(o, img('a', { sourceType: 'upload', displayName: 'ubuntu' })); add(o, { ...img('b', { sourceType: 'upload', displayName: 'ubuntu' }), metadata: { name: 'b', namespace: 'other' } }); }, field: 'spec.displayName', message: /image a of this namespace already has this display name/ },
  // keypair/validator.go
  { name: 'KeyPair with a key that is not OpenSSH', bad: (o) => add(o, keypair('ssh-rsa not-a-key')), good: (o) => add(o, keypair(KEY)), field: 'spec.publicKey', message: /not in OpenSSH public key format/ },
  { name: 'KeyPair without a key', bad: (o) => add(o, keypair('')), good: (o) => add(o, keypair(`  ${KEY}\n`)), field: 'spec.publicKey', message: /a public key is required/ },
  // storageclass/validator.go
  { name: 'StorageClass with strict-local data locality', bad: (o) => add(o, sc('sc', { dataLocality: 'strict-local' })), good: (o) => add(o, sc('sc', { dataLocality: 'best-effort' })), field: 'parameters.dataLocality', message: /strict-local is not allowed/ },
  { name: 'encrypted StorageClass without node-publish secret', bad: (o) => { const p: any = { encrypted: 'true', ...SECRET_PARAMS }; delete p['csi.storage.k8s.io/node-publish-secret-name']; add(o, sc('sc', p)); }, good: (o) => add(o, sc('sc', { encrypted: 'True', ...SECRET_PARAMS })), field: 'parameters', message: /must contain csi.storage.k8s.io\/node-publish-secret-name/ },
  { name: 'encrypted StorageClass whose Secret has an unknown cipher', bad: (o) => { add(o, sc('sc', { encrypted: 'true', ...SECRET_PARAMS })); add(o, cryptoSecret('aes-gcm')); }, good: (o) => { add(o, sc('sc', { encrypted: 'true', ...SECRET_PARAMS })); add(o, cryptoSecret('aes-cbc-essiv:sha256')); }, field: 'parameters.csi.storage.k8s.io/provisioner-secret-name', message: /CRYPTO_KEY_CIPHER must be one of/ },
  { name: 'StorageClass encrypted not a boolean', bad: (o) => add(o, sc('sc', { encrypted: 'yes' })), good: (o) => add(o, sc('sc', { encrypted: 'false' })), field: 'parameters.encrypted', message: /must be a boolean/ },
  { name: 'two default StorageClasses', bad: (o) => { add(o, sc('a', {}, { 'storageclass.kubernetes.io/is-default-class': 'true' })); add(o, sc('b', {}, { 'storageclass.kubernetes.io/is-default-class': 'true' })); }, good: (o) => { add(o, sc('a', {}, { 'storageclass.kubernetes.io/is-default-class': 'true' })); add(o, sc('b', {}, { 'storageclass.kubernetes.io/is-default-class': 'false' })); }, field: 'metadata.annotations.storageclass.kubernetes.io/is-default-class', message: /storage class a is already the default/ },
  { name: 'CDI clone strategy snapshot without a snapshot class', bad: (o) => add(o, sc('sc', {}, { 'cdi.harvesterhci.io/storageProfileCloneStrategy': 'snapshot' })), good: (o) => add(o, sc('sc', {}, { 'cdi.harvesterhci.io/storageProfileCloneStrategy': 'snapshot', 'cdi.harvesterhci.io/storageProfileVolumeSnapshotClass': 'longhorn-snapshot', 'cdi.harvesterhci.io/filesystemOverhead': '0.055' })), field: 'metadata.annotations.cdi.harvesterhci.io/storageProfileVolumeSnapshotClass', message: /required when the clone strategy is snapshot/ },
  { name: 'CDI volume mode access modes', bad: (o) => add(o, sc('sc', {}, { 'cdi.harvesterhci.io/storageProfileVolumeModeAccessModes': '{"Block":["RWX"]}' })), good: (o) => add(o, sc('sc', {}, { 'cdi.harvesterhci.io/storageProfileVolumeModeAccessModes': '{"Block":["ReadWriteMany"],"Filesystem":["ReadWriteOnce"]}' })), field: 'metadata.annotations.cdi.harvesterhci.io/storageProfileVolumeModeAccessModes', message: /access mode "RWX" must be one of/ },
  { name: 'CDI annotations on a Longhorn v1 class', bad: (o) => add(o, sc('sc', { dataEngine: 'v1' }, { 'cdi.harvesterhci.io/filesystemOverhead': '0.1' })), good: (o) => add(o, sc('sc', { dataEngine: 'v2' }, { 'cdi.harvesterhci.io/filesystemOverhead': '0.1' })), field: 'metadata.annotations', message: /Longhorn v1 .* does not take CDI annotations/ },
  // setting/validator.go
  { name: 'overcommit-config undercommitting memory', bad: (o) => add(o, setting('overcommit-config', '{"cpu":1600,"memory":90,"storage":200}')), good: (o) => add(o, setting('overcommit-config', '{"cpu":1600,"memory":100,"storage":200}')), field: 'value', message: /memory cannot undercommit/ },
  { name: 'vm-force-reset-policy with period 0', bad: (o) => add(o, setting('vm-force-reset-policy', '{"enable":true,"period":0}')), good: (o) => add(o, setting('vm-force-reset-policy', '{"enable":true,"period":300,"vmMigrationTimeout":180}')), field: 'value', message: /period must be greater than 0/ },
  { name: 'default termination grace period with a leading zero', bad: (o) => add(o, setting('default-vm-termination-grace-period-seconds', '0120')), good: (o) => add(o, setting('default-vm-termination-grace-period-seconds', '120')), field: 'value', message: /must be an integer \(no leading zero/ },
  { name: 'max-hotplug-ratio out of range', bad: (o) => add(o, setting('max-hotplug-ratio', '21')), good: (o) => add(o, setting('max-hotplug-ratio', '20')), field: 'value', message: /must be in range 1 to 20/ },
  { name: 'additional-guest-memory-overhead-ratio below 1', bad: (o) => add(o, setting('additional-guest-memory-overhead-ratio', '0.5')), good: (o) => add(o, setting('additional-guest-memory-overhead-ratio', '1.5')), field: 'value', message: /must be 0 or at least 1/ },
  // schedulevmbackup/validator.go cronGranularityCheck
  { name: 'two backup schedules 5 minutes apart', bad: (o) => { add(o, backup('b1', '0 2 * * *')); add(o, backup('b2', '5 2 * * *', 'k-cp-0')); }, good: (o) => { add(o, backup('b1', '0 2 * * *')); add(o, backup('b2', '10 2 * * *', 'k-cp-0')); }, field: 'spec.cron', message: /less than 10 minutes apart from schedule default\/b1 \(0 2 \* \* \*\)/ },
  // virtualmachinebackup / virtualmachinerestore validators
  { name: 'VM backup without a source', bad: (o) => { const b = backupOf('bk'); b.spec.source.name = ''; add(o, b); }, good: (o) => add(o, backupOf('bk')), field: 'spec.source.name', message: /source VM name is required/ },
  { name: 'VM restore target name', bad: (o) => add(o, restore('r', 'VM_Restored')), good: (o) => { add(o, backupOf('bk')); add(o, restore('r', 'vm-restored')); }, field: 'spec.target.name', message: /DNS-1123 subdomain/ },
  { name: 'VM restore into a new VM that exists', bad: (o) => add(o, restore('r', 'vm')), good: (o) => { VM(o).spec.runStrategy = 'Halted'; add(o, backupOf('bk')); add(o, restore('r', 'vm', { newVM: false })); }, field: 'spec.target.name', message: /VM vm already exists/ },
  { name: 'two new VMs keeping the MAC addresses of one backup', bad: (o) => { add(o, restore('r1', 'vm-a', { keepMacAddress: true })); add(o, restore('r2', 'vm-b', { keepMacAddress: true })); }, good: (o) => { add(o, backupOf('bk')); add(o, restore('r1', 'vm-a', { keepMacAddress: true })); add(o, restore('r2', 'vm-b')); }, field: 'spec.keepMacAddress', message: /restore default\/r1 already makes a new VM with the MAC addresses of backup default\/bk/ },
  { name: 'replacing a VM from a snapshot without retain', bad: (o) => { add(o, backupOf('bk', 'snapshot')); add(o, restore('r', 'vm', { newVM: false, deletionPolicy: 'delete' })); }, good: (o) => { VM(o).spec.runStrategy = 'Halted'; add(o, backupOf('bk', 'snapshot')); add(o, restore('r', 'vm', { newVM: false })); }, field: 'spec.deletionPolicy', message: /needs deletionPolicy: retain/ },
  { name: 'restore from a snapshot into another namespace', bad: (o) => { add(o, backupOf('bk', 'snapshot')); add(o, restore('r', 'vm-new', {}, 'other')); }, good: (o) => { add(o, backupOf('bk', 'backup')); add(o, restore('r', 'vm-new', {}, 'other')); }, field: 'metadata.namespace', message: /must be in its namespace \(default\)/ },
  // network-controller-harvester nad validator
  { name: 'NAD VLAN out of range', bad: (o) => add(o, nad({ vlan: 4095 })), good: (o) => add(o, nad({ vlan: 4094 })), field: 'spec.config.vlan', message: /VLAN ID from 0 \(untagged\) to 4094/ },
  { name: 'NAD bridge without -br', bad: (o) => add(o, nad({ bridge: 'data' })), good: (o) => add(o, nad({ bridge: 'data-br' }, {})), field: 'spec.config.bridge', message: /must be "<cluster network>-br"/ },
  { name: 'NAD label not matching its bridge', bad: (o) => add(o, nad({ bridge: 'other-br' })), good: (o) => add(o, nad({ bridge: 'other-br' }, { 'network.harvesterhci.io/clusternetwork': 'other' })), field: 'metadata.labels.network.harvesterhci.io/clusternetwork', message: /must match the bridge other-br/ },
  { name: 'NAD config not JSON', bad: (o) => add(o, nad('{"type": "bridge",')), good: (o) => add(o, nad({})), field: 'spec.config', message: /must be a JSON object/ },
  { name: 'NAD VLAN trunk item (1.8)', version: V1_8, bad: (o) => add(o, nad({ vlan: 0, vlanTrunk: [{ minID: 200, maxID: 100 }] })), good: (o) => add(o, nad({ vlan: 0, vlanTrunk: [{ minID: 100, maxID: 200 }, { id: 300 }] })), field: 'spec.config.vlanTrunk[0]', message: /minID 200 is greater than maxID 100/ },
  { name: 'kube-ovn NAD with a provider of another NAD', bad: (o) => add(o, nad(JSON.stringify({ cniVersion: '0.3.1', type: 'kube-ovn', provider: 'other.default.ovn', server_socket: '/run/openvswitch/kube-ovn-daemon.sock' }), {})), good: (o) => add(o, nad(JSON.stringify({ cniVersion: '0.3.1', type: 'kube-ovn', provider: 'net.default.ovn', server_socket: '/run/openvswitch/kube-ovn-daemon.sock' }), {})), field: 'spec.config.provider', message: /must name this NAD: "net.default.ovn"/ },
  { name: 'kube-ovn NAD off mgmt (1.6)', bad: (o) => add(o, nad(JSON.stringify({ type: 'kube-ovn', provider: 'net.default.ovn' }), { 'network.harvesterhci.io/clusternetwork': 'data' })), good: (o) => add(o, nad(JSON.stringify({ type: 'kube-ovn', provider: 'net.default.ovn' }), { 'network.harvesterhci.io/clusternetwork': 'mgmt' })), field: 'metadata.labels.network.harvesterhci.io/clusternetwork', message: /kube-ovn NAD can only be on the mgmt cluster network/ },
  { name: 'NAD manual route without a gateway', bad: (o) => add(o, nad({}, undefined, { 'network.harvesterhci.io/route': '{"mode":"manual","cidr":"10.2.0.0/24"}' })), good: (o) => add(o, nad({}, undefined, { 'network.harvesterhci.io/route': '{"mode":"manual","cidr":"10.2.0.0/24","gateway":"10.2.0.1"}' })), field: 'metadata.annotations.network.harvesterhci.io/route', message: /manual mode needs a gateway IP address/ },
  // network-controller-harvester clusternetwork / vlanconfig validators
  { name: 'cluster network name over 12 characters', bad: (o) => add(o, clusterNetwork('storage-net-1')), good: (o) => add(o, clusterNetwork('storage-net1')), field: 'metadata.name', message: /at most 12 characters/ },
  { name: 'new cluster network with an uplink-mtu annotation', bad: (o) => add(o, clusterNetwork('data', { 'network.harvesterhci.io/uplink-mtu': '9000' })), good: (o) => add(o, clusterNetwork('data', { 'network.harvesterhci.io/note': '9000' })), field: 'metadata.annotations.network.harvesterhci.io/uplink-mtu', message: /set the MTU on the VlanConfig uplink/ },
  { name: 'VlanConfig on mgmt', bad: (o) => add(o, vlanConfig('vc', 'mgmt')), good: (o) => add(o, vlanConfig('vc', 'data')), field: 'spec.clusterNetwork', message: /cannot be mgmt/ },
  { name: 'VlanConfig MTU out of range', bad: (o) => add(o, vlanConfig('vc', 'data', 9216)), good: (o) => add(o, vlanConfig('vc', 'data', 9000)), field: 'spec.uplink.linkAttributes.mtu', message: /0 \(default 1500\) or from 576 to 9000/ },
  { name: 'VlanConfigs of a cluster network with different MTUs', bad: (o) => { add(o, vlanConfig('vc1', 'data', 9000)); add(o, vlanConfig('vc2', 'data', 1500)); }, good: (o) => { add(o, vlanConfig('vc1', 'data', 1500)); add(o, vlanConfig('vc2', 'data')); }, field: 'spec.uplink.linkAttributes.mtu', message: /VlanConfig vc1 on cluster network data has MTU 9000/ },
  // load-balancer-harvester
  { name: 'health check on a UDP backend port', bad: (o) => { LB(o).spec.listeners[0].protocol = 'UDP'; }, good: (o) => { LB(o).spec.listeners[1].protocol = 'UDP'; }, field: 'spec.healthCheck.port', message: /health checks are TCP only/ },
  { name: 'IPPool range start on the network address', bad: (o) => { POOL(o).spec.ranges[0].rangeStart = '10.0.0.0'; }, good: (o) => { POOL(o).spec.ranges[0].rangeStart = '10.0.0.1'; }, field: 'spec.ranges[0].rangeStart', message: /is the network address of 10.0.0.0\/24/ },
  { name: 'IPPool gateway outside its subnet', bad: (o) => { POOL(o).spec.ranges[0].gateway = '10.0.1.1'; }, good: (o) => { POOL(o).spec.ranges[0].gateway = '10.0.0.254'; }, field: 'spec.ranges[0].gateway', message: /must be an address inside 10.0.0.0\/24/ },
  { name: 'IPPool without ranges', bad: (o) => { POOL(o).spec.ranges = []; }, good: () => undefined, field: 'spec.ranges', message: /at least one range/ },
  { name: 'two global IPPools', bad: (o) => { add(o, pool('g1', { scope: [scope('*')] })); add(o, pool('g2', { scope: [scope('*')] }, '10.2.0.0/24')); }, good: (o) => { add(o, pool('g1', { scope: [scope('*')] })); add(o, pool('p2', { scope: [scope('team')] }, '10.2.0.0/24')); }, field: 'spec.selector.scope', message: /already a global IP pool \(g1\)/ },
  { name: 'IPPool priority used twice', bad: (o) => { add(o, pool('p1', { priority: 5, scope: [scope('a')] })); add(o, pool('p2', { priority: 5, scope: [scope('b')] }, '10.2.0.0/24')); }, good: (o) => { add(o, pool('p1', { priority: 5, scope: [scope('a')] })); add(o, pool('p2', { priority: 6, scope: [scope('a')] }, '10.2.0.0/24')); }, field: 'spec.selector.priority', message: /already used by pool p1/ },
  { name: 'priority-0 IPPools sharing a scope', bad: (o) => { add(o, pool('p1', { network: 'default/net', scope: [scope('a')] })); add(o, pool('p2', { network: 'default/net', scope: [scope('a', 'x')] }, '10.2.0.0/24')); }, good: (o) => { add(o, pool('p1', { network: 'default/net', scope: [scope('a')] })); add(o, pool('p2', { network: 'default/other', scope: [scope('a')] }, '10.2.0.0/24')); }, field: 'spec.selector.scope', message: /same scope as pool p1/ },
  { name: 'IPPool scopes overlapping each other', bad: (o) => add(o, pool('p1', { scope: [scope('a'), scope('*', 'x')] })), good: (o) => add(o, pool('p1', { scope: [scope('a', 'x'), scope('b', 'x')] })), field: 'spec.selector.scope[0]', message: /overlaps a later scope of the same pool/ },
];

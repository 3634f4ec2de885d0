import { Size, Testing } from 'cdk8s';
import { HarvesterVersion } from '../../../lib/platform/harvester';
import {
  CloudInitSecret, DiskSource, HarvesterVm, SynthValidation, HarvesterVolume, NetworkConfig, NetworkSource, Rke2Cluster, SecretOutput, SecretValue,
} from '../../../lib';

/** A valid app: a VM with a PVC, cloud-init Secret, pod + multus network; plus an RKE2 endpoint. */
const synthesized = new Map<HarvesterVersion, any[]>();

/** The valid app's objects for a release: synthesized once per release, a fresh deep copy each call. */
export function validObjects(version: HarvesterVersion = HarvesterVersion.V1_6): any[] {
  if (!synthesized.has(version)) synthesized.set(version, synthValidObjects(version));
  return structuredClone(synthesized.get(version)!);
}

function synthValidObjects(version: HarvesterVersion): any[] {
  const chart = Testing.chart();
  SynthValidation.configure(chart, { harvesterVersion: version });
  const root = HarvesterVolume.fromImage(chart, 'root', { name: 'vm-root', image: 'default/base', storageClass: 'lh-1', size: Size.gibibytes(10) });
  const cloudInit = new CloudInitSecret(chart, 'ci', { name: 'vm-ci', networkConfig: NetworkConfig.dhcp() });
  new HarvesterVm(chart, 'vm', {
    name: 'vm',
    reservedMemory: Size.mebibytes(256),
    disks: [{ name: 'root', source: DiskSource.volume(root), bootOrder: 1 }],
    networks: [
      { name: 'default', source: NetworkSource.pod() },
      { name: 'nic-2', source: NetworkSource.vmNetwork('default/net', { clusterNetwork: 'mgmt' }), macAddress: '52:54:00:00:00:01' },
    ],
    cloudInit,
  });
  SecretOutput.setDefault(chart, SecretOutput.unsafePlainText());
  new Rke2Cluster(chart, 'rke2', {
    name: 'k', token: SecretValue.unsafePlainText('t'), controlPlane: { replicas: 1 },
    endpoint: { vip: '10.0.0.10', subnet: '10.0.0.0/24', gateway: '10.0.0.1' },
    vm: { image: 'default/base', storageClass: 'lh-1', network: 'default/net', clusterNetwork: 'mgmt' },
  });
  return Testing.synth(chart);
}

export const VM = (o: any[]) => o.find((x) => x.kind === 'VirtualMachine' && x.metadata.name === 'vm');
export const T = (o: any[]) => VM(o).spec.template.spec;
export const LB = (o: any[]) => o.find((x) => x.kind === 'LoadBalancer');
export const POOL = (o: any[]) => o.find((x) => x.kind === 'IPPool');
export const add = (o: any[], obj: any) => o.push(obj);
export const backup = (name: string, cron: string, vm = 'vm', maxFailure = 2, retain = 8) => ({
  apiVersion: 'harvesterhci.io/v1beta1', kind: 'ScheduleVMBackup', metadata: { name, namespace: 'default' },
  spec: { cron, maxFailure, retain, vmbackup: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: vm } } },
});
export const image = (displayName: any) => ({
  apiVersion: 'harvesterhci.io/v1beta1', kind: 'VirtualMachineImage', metadata: { name: 'img', namespace: 'default' },
  spec: { displayName, sourceType: 'download', url: 'https://example.com/x.img' },
});

export const VCT_OK = JSON.stringify([{ metadata: { name: 'vm-data' }, spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '10Gi' } }, volumeMode: 'Block', storageClassName: 'lh-1' } }]);
export const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINJQTlK4sHSEoraQ5/+u3qvpEyDAkBKETQ98gcLscuiC ops@example';
export const secretOf = (o: any[]) => o.find((x) => x.kind === 'Secret' && x.metadata.name === 'vm-ci');
export const netdata = (o: any[], doc: any) => { secretOf(o).stringData.networkdata = JSON.stringify({ network: doc }); };
export const userdata = (o: any[], text: string) => { secretOf(o).stringData.userdata = text; };

export interface Case {
  /** The rule. */
  name: string;
  /** Breaks it. */
  bad: (o: any[]) => void;
  /** A near miss that keeps the rule (the valid twin). */
  good: (o: any[]) => void;
  field: string;
  message: RegExp;
  /** The Harvester release the case is checked for. @default HarvesterVersion.V1_6 */
  version?: HarvesterVersion;
  /** Images declared external (given, image references are checked, as at synth). @default - image references unchecked */
  externalImages?: string[];
  /** What the check knows besides the objects (e.g. external VM networks). @default - none */
  options?: { externalNetworks?: string[] };
}


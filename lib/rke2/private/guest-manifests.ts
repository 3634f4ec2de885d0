import { IConstruct } from 'constructs';
import { invalid } from '../../core/private/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../../core/private/names';
import { renderYaml } from '../../core/private/config-yaml';
import { ReclaimPolicy, VolumeBindingMode } from '../../platform/kubernetes';
import { CREATOR_LABEL, CREATOR_VALUE } from '../../platform/private/labels';
import { Rke2GuestStorageClassOptions, Rke2HarvesterIntegration } from '../harvester-integration';
import { Rke2Release } from '../release';
import { Rke2DrainOptions, Rke2RolePlanOptions, Rke2UpgradeOptions } from '../upgrade';

/** RKE2's auto-deploy directory on servers: its deploy controller applies every manifest there. */
export const MANIFESTS_DIR = '/var/lib/rancher/rke2/server/manifests';
/** The channel server of the install script (rancher/rke2 install.sh `INSTALL_RKE2_CHANNEL_URL`). */
const CHANNEL_URL = 'https://update.rke2.io/v1-release/channels';
const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** Several objects as one multi-document YAML file. */
export function renderManifests(objects: object[]): string {
  return objects.map((o) => renderYaml(o)).join('---\n');
}

/** A guest StorageClass of the Harvester CSI driver. */
export function guestStorageClass(scope: IConstruct, field: string, o: Rke2GuestStorageClassOptions): object {
  checkDnsSubdomain(scope, `${field}.name`, o.name);
  if (o.name === 'harvester') throw invalid(scope, `${field}.name`, o.name, 'a name other than "harvester" (the bundled harvester-csi-driver chart makes that class)');
  checkDnsSubdomain(scope, `${field}.hostStorageClass`, o.hostStorageClass);
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: o.name,
      labels: { [CREATOR_LABEL]: CREATOR_VALUE },
      ...(o.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    provisioner: Rke2HarvesterIntegration.CSI_PROVISIONER,
    parameters: { hostStorageClass: o.hostStorageClass },
    reclaimPolicy: o.reclaimPolicy ?? ReclaimPolicy.DELETE,
    allowVolumeExpansion: o.allowVolumeExpansion ?? true,
    volumeBindingMode: o.volumeBindingMode ?? VolumeBindingMode.IMMEDIATE,
  };
}

/** The HelmChartConfig that names the guest cluster to the bundled cloud provider chart. */
export function cloudProviderChartConfig(clusterName: string): object {
  return {
    apiVersion: 'helm.cattle.io/v1',
    kind: 'HelmChartConfig',
    metadata: { name: 'harvester-cloud-provider', namespace: 'kube-system' },
    spec: { valuesContent: renderYaml({ global: { cattle: { clusterName } } }) },
  };
}

function wholeSeconds(scope: IConstruct, field: string, seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0) throw invalid(scope, field, `${seconds}s`, 'a whole number of seconds ≥ 0');
  return seconds;
}

function drainSpec(scope: IConstruct, field: string, d: Rke2DrainOptions): object {
  const timeout = d.timeout && wholeSeconds(scope, `${field}.timeout`, d.timeout.toSeconds({ integral: false }));
  const grace = d.gracePeriod && wholeSeconds(scope, `${field}.gracePeriod`, d.gracePeriod.toSeconds({ integral: false }));
  return {
    // a string: the controller reads an integer timeout as nanoseconds (pkg/upgrade/job/job.go)
    ...(timeout !== undefined ? { timeout: `${timeout}s` } : {}),
    ...(grace !== undefined ? { gracePeriod: grace } : {}),
    deleteEmptydirData: d.deleteEmptydirData ?? true,
    ignoreDaemonSets: d.ignoreDaemonSets ?? true,
    ...(d.force ? { force: true } : {}),
    ...(d.disableEviction ? { disableEviction: true } : {}),
  };
}

function roleSpec(scope: IConstruct, field: string, o: Rke2RolePlanOptions): object {
  const concurrency = o.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw invalid(scope, `${field}.concurrency`, concurrency, 'an integer ≥ 1');
  return {
    concurrency,
    ...(o.drain ? { drain: drainSpec(scope, `${field}.drain`, o.drain) } : { cordon: o.cordon ?? true }),
  };
}

/** The names of the two Plans (as RKE2's automated-upgrade docs name them). */
export const SERVER_PLAN = 'server-plan';
export const AGENT_PLAN = 'agent-plan';

/**
 * The servers' and agents' Plans (system-upgrade-controller pkg/apis/upgrade.cattle.io/v1
 * types.go `PlanSpec`), shaped as docs.rke2.io/upgrades/automated describes: the agents' Plan
 * waits for the servers' in its `prepare` step.
 */
export function upgradePlans(scope: IConstruct, field: string, o: Rke2UpgradeOptions, release?: Rke2Release): object[] {
  const namespace = checkDnsLabel(scope, `${field}.namespace`, o.namespace ?? 'system-upgrade');
  const serviceAccountName = checkDnsSubdomain(scope, `${field}.serviceAccountName`, o.serviceAccountName ?? 'system-upgrade');
  const image = o.image ?? 'rancher/rke2-upgrade';
  const last = image.split('/').pop() ?? '';
  if (image === '' || /\s|@/.test(image) || last.includes(':')) {
    throw invalid(scope, `${field}.image`, image, 'an image repository without tag (the Plan adds the version as tag), e.g. rancher/rke2-upgrade');
  }
  const target = release?.exactVersion !== undefined
    ? { version: release.exactVersion }
    : { channel: `${CHANNEL_URL}/${release?.channelName ?? 'stable'}` };
  const labels = { [CREATOR_LABEL]: CREATOR_VALUE };
  const plan = (name: string, role: string, spec: object) => ({
    apiVersion: 'upgrade.cattle.io/v1',
    kind: 'Plan',
    metadata: { name, namespace, labels: { ...labels, 'rke2-upgrade': role } },
    spec: { ...spec, serviceAccountName, ...target },
  });
  return [
    plan(SERVER_PLAN, 'server', {
      ...roleSpec(scope, `${field}.servers`, o.servers ?? {}),
      nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE_LABEL, operator: 'In', values: ['true'] }] },
      // dedicated servers carry CriticalAddonsOnly=true:NoExecute
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
      upgrade: { image },
    }),
    plan(AGENT_PLAN, 'agent', {
      ...roleSpec(scope, `${field}.agents`, o.agents ?? {}),
      nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE_LABEL, operator: 'DoesNotExist' }] },
      prepare: { image, args: ['prepare', SERVER_PLAN] },
      upgrade: { image },
    }),
  ];
}

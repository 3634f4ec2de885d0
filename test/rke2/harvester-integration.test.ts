import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { clusterProps, cloudConfig, fileContent, find, rke2Config, synthCluster } from './fixtures';
import {
  GuestLoadBalancerIpam, HarvesterCloudProviderAccess, ReclaimPolicy, Rke2Cluster, Rke2HarvesterIntegration,
  Rke2HarvesterIntegrationOptions, SecretOutput, SecretValue, VolumeBindingMode,
} from '../../lib';
import { validateStructure } from '../../lib/validation/private/structure';

/** The strict schema problems of a ServiceAccount (a core kind of the structure validators). */
const serviceAccountProblems = (obj: any) => validateStructure(obj);

const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters:\n- name: default\n  cluster:\n    server: https://10.0.0.5:6443\n';
const CLOUD_CONFIG = '/var/lib/rancher/rke2/etc/config-files/cloud-provider-config';
const LEGACY = '/etc/kubernetes/cloud-config';
const MANIFEST = '/var/lib/rancher/rke2/server/manifests/gitvops-harvester.yaml';

function integration(extra: Partial<Rke2HarvesterIntegrationOptions> = {}): Rke2HarvesterIntegrationOptions {
  return { cloudConfig: SecretValue.unsafePlainText(KUBECONFIG), ...extra };
}

const NODES = ['lab-cp-0', 'lab-cp-1', 'lab-cp-2', 'lab-worker-0', 'lab-worker-1'];

function docs(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS());
}

describe('harvesterIntegration: guest nodes', () => {
  const objects = synthCluster({ harvesterIntegration: integration() });

  test.each(NODES)('%s: the cloud-config at both chart paths, root-only, through the secret output', (node) => {
    const files = cloudConfig(objects, node).write_files;
    for (const path of [CLOUD_CONFIG, LEGACY]) {
      const file = files.find((f: any) => f.path === path);
      expect(file.content).toBe(KUBECONFIG);
      expect(file.owner).toBe('root:root');
      expect(file.permissions).toBe('0600');
    }
  });

  test.each(NODES)('%s: cloud-provider-name harvester, hostname = VM name', (node) => {
    expect(rke2Config(objects, node)['cloud-provider-name']).toBe('harvester');
    expect(cloudConfig(objects, node).hostname).toBe(node);
    expect(find(objects, 'VirtualMachine', node).metadata.name).toBe(node);
  });

  test('servers get the HelmChartConfig naming the guest cluster; agents get no manifests', () => {
    const [chartConfig, ...rest] = docs(fileContent(objects, 'lab-cp-1', MANIFEST)!);
    expect(rest).toEqual([]);
    expect(chartConfig.apiVersion).toBe('helm.cattle.io/v1');
    expect(chartConfig.kind).toBe('HelmChartConfig');
    expect(chartConfig.metadata).toEqual({ name: 'harvester-cloud-provider', namespace: 'kube-system' });
    expect(docs(chartConfig.spec.valuesContent)[0]).toEqual({ global: { cattle: { clusterName: 'lab' } } });
    expect(fileContent(objects, 'lab-worker-0', MANIFEST)).toBeUndefined();
  });

  test('the cloud-config value stays out of the manifests with a sealing output', () => {
    const chart = Testing.chart();
    SecretOutput.setDefault(chart, SecretOutput.externalSecret({ storeName: 'vault' }));
    new Rke2Cluster(chart, 'cluster', clusterProps({
      token: SecretValue.fromRemote('rke2/token'),
      harvesterIntegration: { cloudConfig: SecretValue.fromRemote('harvester/kubeconfig') },
    }));
    const objects = Testing.synth(chart);
    const es = find(objects, 'ExternalSecret', 'lab-worker-0-cloudinit');
    expect(es.spec.data).toContainEqual({ remoteRef: { key: 'harvester/kubeconfig' }, secretKey: 'harvester-kubeconfig' });
    const userdata: string = es.spec.target.template.data.userdata;
    for (const path of [CLOUD_CONFIG, LEGACY]) {
      expect(userdata).toContain(`- path: ${path}\n    content: "{{ index . "harvester-kubeconfig" | quote`);
    }
    expect(objects.filter((o) => o.kind === 'Secret' && o.metadata.name.endsWith('-cloudinit'))).toEqual([]);
  });

  test('without the integration nothing changes', () => {
    const plain = synthCluster();
    for (const node of NODES) {
      expect(rke2Config(plain, node)['cloud-provider-name']).toBeUndefined();
      expect(fileContent(plain, node, CLOUD_CONFIG)).toBeUndefined();
      expect(fileContent(plain, node, MANIFEST)).toBeUndefined();
    }
    expect(plain.filter((o) => ['ServiceAccount', 'RoleBinding', 'ClusterRoleBinding'].includes(o.kind))).toEqual([]);
  });
});

describe('harvesterIntegration: Harvester-side objects', () => {
  const objects = synthCluster({ harvesterIntegration: integration() });

  test('ServiceAccount, token Secret, RoleBinding and ClusterRoleBinding as Harvester makes them', () => {
    const sa = find(objects, 'ServiceAccount', 'lab-cloud-provider');
    expect(sa.apiVersion).toBe('v1');
    expect(sa.metadata.namespace).toBe('default');
    const token = find(objects, 'Secret', 'lab-cloud-provider-token');
    expect(token.type).toBe('kubernetes.io/service-account-token');
    expect(token.metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'lab-cloud-provider' });
    expect(token.data).toBeUndefined();
    expect(token.stringData).toBeUndefined();
    const subjects = [{ kind: 'ServiceAccount', name: 'lab-cloud-provider', namespace: 'default' }];
    const rb = find(objects, 'RoleBinding', 'default-lab-cloud-provider');
    expect(rb.apiVersion).toBe('rbac.authorization.k8s.io/v1');
    expect(rb.metadata.namespace).toBe('default');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'harvesterhci.io:cloudprovider' });
    expect(rb.subjects).toEqual(subjects);
    const crb = find(objects, 'ClusterRoleBinding', 'default-lab-cloud-provider');
    expect(crb.metadata.namespace).toBeUndefined();
    expect(crb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'harvesterhci.io:csi-driver' });
    expect(crb.subjects).toEqual(subjects);
  });

  test('Secret and ServiceAccount pass the Kubernetes OpenAPI structure checks', () => {
    expect(validateStructure(find(objects, 'Secret', 'lab-cloud-provider-token'))).toEqual([]);
    expect(serviceAccountProblems(find(objects, 'ServiceAccount', 'lab-cloud-provider'))).toEqual([]);
    expect(serviceAccountProblems({ ...find(objects, 'ServiceAccount', 'lab-cloud-provider'), secret: [] })).not.toEqual([]);
  });

  test('serviceAccountName and createAccess', () => {
    const named = synthCluster({ harvesterIntegration: integration({ serviceAccountName: 'guest' }) });
    expect(find(named, 'ServiceAccount', 'guest').metadata.namespace).toBe('default');
    expect(find(named, 'RoleBinding', 'default-guest').subjects[0].name).toBe('guest');
    const none = synthCluster({ harvesterIntegration: integration({ createAccess: false }) });
    expect(none.filter((o) => ['ServiceAccount', 'RoleBinding', 'ClusterRoleBinding'].includes(o.kind))).toEqual([]);
  });

  test('standalone access in a namespaced chart: the ClusterRoleBinding stays cluster-scoped', () => {
    const ns = new Chart(Testing.app(), 'ns', { namespace: 'guests' });
    const access = new HarvesterCloudProviderAccess(ns, 'access', { serviceAccountName: 'lab' });
    const objs = Testing.synth(ns);
    expect(access.tokenSecretName).toBe('lab-token');
    expect(find(objs, 'ServiceAccount', 'lab').metadata.namespace).toBe('guests');
    expect(find(objs, 'RoleBinding', 'guests-lab').metadata.namespace).toBe('guests');
    expect(find(objs, 'ClusterRoleBinding', 'guests-lab').metadata.namespace).toBeUndefined();
    expect(find(objs, 'ClusterRoleBinding', 'guests-lab').subjects[0].namespace).toBe('guests');
  });
});

test('HarvesterCloudProviderAccess: a bad ServiceAccount name fails where it is given', () => {
  expect(() => new HarvesterCloudProviderAccess(Testing.chart(), 'access', { serviceAccountName: 'Not_A_Name' })).toThrow(/access.*serviceAccountName.*Not_A_Name/);
  expect(() => synthCluster({ harvesterIntegration: integration({ serviceAccountName: 'x'.repeat(250) }) })).toThrow(/serviceAccountName/);
});

describe('harvesterIntegration: guest StorageClasses', () => {
  const objects = synthCluster({
    harvesterIntegration: integration({
      storageClasses: [
        { name: 'harvester-ssd', hostStorageClass: 'ssd-3r' },
        { name: 'harvester-keep', hostStorageClass: 'hdd', isDefault: true, reclaimPolicy: ReclaimPolicy.RETAIN, volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER, allowVolumeExpansion: false },
      ],
    }),
  });
  const [, ssd, keep] = docs(fileContent(objects, 'lab-cp-0', MANIFEST)!);

  test('defaults', () => {
    expect(ssd.apiVersion).toBe('storage.k8s.io/v1');
    expect(ssd.kind).toBe('StorageClass');
    expect(ssd.metadata.name).toBe('harvester-ssd');
    expect(ssd.metadata.annotations).toBeUndefined();
    expect(ssd.provisioner).toBe('driver.harvesterhci.io');
    expect(ssd.parameters).toEqual({ hostStorageClass: 'ssd-3r' });
    expect(ssd.reclaimPolicy).toBe('Delete');
    expect(ssd.allowVolumeExpansion).toBe(true);
    expect(ssd.volumeBindingMode).toBe('Immediate');
  });

  test('every option', () => {
    expect(keep.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
    expect(keep.parameters).toEqual({ hostStorageClass: 'hdd' });
    expect(keep.reclaimPolicy).toBe('Retain');
    expect(keep.allowVolumeExpansion).toBe(false);
    expect(keep.volumeBindingMode).toBe('WaitForFirstConsumer');
  });

  test('pass the Kubernetes storage.k8s.io OpenAPI structure check', () => {
    expect([ssd, keep].flatMap((o) => validateStructure(o))).toEqual([]);
  });

  test('same on every server', () => {
    expect(fileContent(objects, 'lab-cp-2', MANIFEST)).toBe(fileContent(objects, 'lab-cp-0', MANIFEST));
  });
});

describe('harvesterIntegration: guest load balancers', () => {
  test('IPAM annotation of a guest Service', () => {
    expect(Rke2HarvesterIntegration.serviceAnnotations(GuestLoadBalancerIpam.DHCP)).toEqual({ 'cloudprovider.harvesterhci.io/ipam': 'dhcp' });
    expect(Rke2HarvesterIntegration.serviceAnnotations(GuestLoadBalancerIpam.POOL)).toEqual({ 'cloudprovider.harvesterhci.io/ipam': 'pool' });
  });

  test('an IPPool scoped to the guest cluster in the VMs namespace', () => {
    const objects = synthCluster({
      harvesterIntegration: integration({
        guestClusterName: 'lab-guest',
        loadBalancerPool: { name: 'lab-services', subnet: '10.2.0.0/24', gateway: '10.2.0.1', rangeStart: '10.2.0.100', rangeEnd: '10.2.0.120' },
      }),
    });
    const pool = find(objects, 'IPPool', 'lab-services');
    expect(pool.metadata.namespace).toBeUndefined();
    expect(pool.spec.ranges).toEqual([{ subnet: '10.2.0.0/24', gateway: '10.2.0.1', rangeStart: '10.2.0.100', rangeEnd: '10.2.0.120' }]);
    expect(pool.spec.selector).toEqual({ scope: [{ project: '*', namespace: 'default', guestCluster: 'lab-guest' }] });
    expect(validateStructure(pool)).toEqual([]);
    const [chartConfig] = docs(fileContent(objects, 'lab-cp-0', MANIFEST)!);
    expect(chartConfig.spec.valuesContent).toBe('global:\n  cattle:\n    clusterName: lab-guest\n');
  });
});

describe('harvesterIntegration: mistakes', () => {
  const bad = (extra: Partial<Parameters<typeof synthCluster>[0]>) => () => synthCluster({ harvesterIntegration: integration(), ...extra });

  test('another cloud provider', () => {
    expect(bad({ config: { cloudProviderName: 'aws' } })).toThrow(/config\.cloudProviderName.*"aws".*"harvester" or unset/);
  });

  test('node-name, node-external-ip anywhere', () => {
    expect(bad({ config: { extraConfig: { 'node-name': 'x' } } })).toThrow(/config\.extraConfig\.node-name.*node name = hostname = VM name/);
    expect(bad({ workers: [{ config: { extraConfig: { 'node-external-ip': '1.2.3.4' } } }] })).toThrow(/workers\[0\]\.config\.extraConfig\.node-external-ip/);
    expect(bad({ controlPlane: { replicas: 3, config: { extraConfig: { 'node-name': 'x' } } } })).toThrow(/controlPlane\.config\.extraConfig\.node-name/);
  });

  test('storage class named harvester, duplicate names, bad host class', () => {
    const sc = (storageClasses: any[]) => () => synthCluster({ harvesterIntegration: integration({ storageClasses }) });
    expect(sc([{ name: 'harvester', hostStorageClass: 'a' }])).toThrow(/storageClasses\[0\]\.name.*other than "harvester"/);
    expect(sc([{ name: 'a', hostStorageClass: 'x' }, { name: 'a', hostStorageClass: 'y' }])).toThrow(/storageClasses\[1\]\.name.*not used by another/);
    expect(sc([{ name: 'a', hostStorageClass: 'Not_Valid' }])).toThrow(/storageClasses\[0\]\.hostStorageClass/);
  });

  test('load balancer pool: outside the subnet, reversed, holding the VIP, bad guest cluster name', () => {
    const lb = (pool: any, extra: any = {}) => () => synthCluster({ harvesterIntegration: integration({ loadBalancerPool: pool, ...extra }) });
    const ok = { name: 'svc', subnet: '10.2.0.0/24', gateway: '10.2.0.1', rangeStart: '10.2.0.100', rangeEnd: '10.2.0.120' };
    expect(lb({ ...ok, rangeStart: '10.3.0.1' })).toThrow(/loadBalancerPool\.rangeStart.*inside 10\.2\.0\.0\/24/);
    expect(lb({ ...ok, rangeStart: '10.2.0.130' })).toThrow(/loadBalancerPool\.rangeEnd.*not below rangeStart/);
    expect(lb({ ...ok, rangeStart: '10.2.0.10' })).toThrow(/loadBalancerPool\.rangeEnd.*without the endpoint VIP 10\.2\.0\.20/);
    expect(lb({ ...ok, subnet: '10.2.0.0' })).toThrow(/loadBalancerPool\.subnet/);
    expect(lb({ ...ok, name: 'lab-vip' })).toThrow(/loadBalancerPool\.name.*other than the endpoint's IPPool/);
    expect(lb(ok, { guestClusterName: 'Bad_Name' })).toThrow(/guestClusterName/);
  });
});

import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  HarvesterStorageClass, HarvesterVolume, LonghornDataLocality, ManifestValidator, ReclaimPolicy, VolumeBindingMode,
} from '../../lib';

describe('HarvesterStorageClass', () => {
  test('defaults: Longhorn, 3 replicas, 30 min stale timeout, migratable, Delete, expandable, Immediate', () => {
    const chart = Testing.chart();
    new HarvesterStorageClass(chart, 'sc', { name: 'lh-3' });
    const objects = Testing.synth(chart);
    expect(objects).toEqual([{
      apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'lh-3', labels: { 'harvesterhci.io/creator': 'gitvops' } },
      provisioner: 'driver.longhorn.io', parameters: { numberOfReplicas: '3', staleReplicaTimeout: '30', migratable: 'true' },
      reclaimPolicy: 'Delete', allowVolumeExpansion: true, volumeBindingMode: 'Immediate',
    }]);
    expect(ManifestValidator.check(objects)).toEqual([]);
    // the Kubernetes storage.k8s.io/v1 OpenAPI, strict: a misspelt field is refused
    expect(ManifestValidator.check([{ ...objects[0], reclaimPolicyy: 'Delete' }]).map((p) => p.message)).toEqual(['unknown field "reclaimPolicyy"']);
  });

  test('every prop, cluster-scoped in a namespaced chart, and volumes name it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'vms' });
    const sc = new HarvesterStorageClass(chart, 'sc', {
      name: 'fast-ssd', replicas: 2, staleReplicaTimeout: Duration.hours(1), diskSelector: ['ssd', 'nvme'], nodeSelector: ['storage'],
      migratable: false, dataLocality: LonghornDataLocality.BEST_EFFORT, reclaimPolicy: ReclaimPolicy.RETAIN, allowVolumeExpansion: false,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER, isDefault: true,
    });
    HarvesterVolume.blank(chart, 'd', { name: 'data', size: Size.gibibytes(10), storageClass: sc.storageClassName });
    const objects = Testing.synth(chart);
    const [cls, pvc] = objects;
    expect(cls.metadata).toEqual({ name: 'fast-ssd', labels: { 'harvesterhci.io/creator': 'gitvops' }, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
    expect(cls.parameters).toEqual({ numberOfReplicas: '2', staleReplicaTimeout: '60', migratable: 'false', diskSelector: 'ssd,nvme', nodeSelector: 'storage', dataLocality: 'best-effort' });
    expect([cls.reclaimPolicy, cls.allowVolumeExpansion, cls.volumeBindingMode]).toEqual(['Retain', false, 'WaitForFirstConsumer']);
    expect(pvc.spec.storageClassName).toBe('fast-ssd');
    expect(ManifestValidator.check(objects)).toEqual([]);
  });

  test('mistakes fail at construction with path, field, value and what is allowed', () => {
    const chart = Testing.chart();
    expect(() => new HarvesterStorageClass(chart, 'a', { name: 'a', replicas: 0 })).toThrow("HarvesterStorageClass 'test/a': replicas: 0 is invalid; allowed: an integer from 1 to 20");
    expect(() => new HarvesterStorageClass(chart, 'b', { name: 'b', diskSelector: ['has space'] })).toThrow('diskSelector[0]: "has space" is invalid; allowed: a Longhorn tag');
    expect(() => new HarvesterStorageClass(chart, 'c', { name: 'c', staleReplicaTimeout: Duration.seconds(30) })).toThrow('staleReplicaTimeout: "30s" is invalid; allowed: a whole number of minutes ≥ 1');
  });

  test('two default classes are refused at synth (Harvester storageclass webhook)', () => {
    const chart = Testing.chart();
    new HarvesterStorageClass(chart, 'a', { name: 'a', isDefault: true });
    new HarvesterStorageClass(chart, 'b', { name: 'b', isDefault: true });
    expect(() => Testing.synth(chart)).toThrow('{test/b/Resource} StorageClass b: metadata.annotations.storageclass.kubernetes.io/is-default-class: storage class a is already the default');
  });
});

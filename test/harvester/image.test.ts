import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  Delivery, HarvesterImage, HarvesterStorageClass, HarvesterTarget, HarvesterVersion, HarvesterVolume, ImageBackend, ImageOsType, ImageType, LonghornDataLocality,
  ManifestValidator, SynthValidation,
} from '../../lib';

const URL_QCOW2 = 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.qcow2';
const SHA512 = 'ab'.repeat(64);

/** A chart of an app whose output is for `version`. */
function chartFor(version: HarvesterVersion = HarvesterVersion.V1_6): Chart {
  const chart = Testing.chart();
  SynthValidation.configure(chart, { harvesterVersion: version });
  return chart;
}
const kind = (objects: any[], k: string) => objects.filter((o) => o.kind === k);
const messages = (chart: Chart) => SynthValidation.check(chart).map((p) => `${p.rule ?? ''} ${p.field}: ${p.message}`);

describe('HarvesterImage', () => {
  test('a download image with what Harvester\'s image webhook writes on create, valid for both releases', () => {
    for (const version of [HarvesterVersion.V1_6, HarvesterVersion.V1_8]) {
      const chart = chartFor(version);
      new HarvesterImage(chart, 'ubuntu', { name: 'ubuntu-24.04', url: URL_QCOW2, checksum: SHA512, osType: ImageOsType.UBUNTU, description: 'Noble' });
      const objects = Testing.synth(chart);
      expect(objects).toEqual([{
        apiVersion: 'harvesterhci.io/v1beta1', kind: 'VirtualMachineImage',
        metadata: {
          name: 'ubuntu-24.04', namespace: 'default',
          labels: {
            'harvesterhci.io/creator': 'gitvops', 'harvesterhci.io/imageDisplayName': 'ubuntu-24.04',
            'harvesterhci.io/image-type': 'raw_qcow2', 'harvesterhci.io/os-type': 'ubuntu',
          },
          annotations: { 'harvesterhci.io/storageClassName': 'harvester-longhorn' },
        },
        spec: {
          backend: 'backingimage', displayName: 'ubuntu-24.04', description: 'Noble', sourceType: 'download', url: URL_QCOW2, checksum: SHA512, retry: 3,
          storageClassParameters: { numberOfReplicas: '3', staleReplicaTimeout: '30', migratable: 'true' },
          targetStorageClassName: 'harvester-longhorn',
        },
      }]);
      expect(messages(chart)).toEqual([]);
      expect(ManifestValidator.check(objects, { harvesterVersion: version })).toEqual([]);
    }
  });

  test('display name, namespace, labels and retry', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'images' });
    const image = new HarvesterImage(chart, 'i', { name: 'leap', displayName: 'openSUSE-Leap-15.6', url: 'https://example.com/leap', retry: 0, labels: { team: 'ops' } });
    const [obj] = Testing.synth(chart);
    expect(obj.metadata.namespace).toBe('images');
    expect(obj.spec.displayName).toBe('openSUSE-Leap-15.6');
    expect(obj.spec.retry).toBe(0);
    expect(obj.metadata.labels).toEqual({ 'harvesterhci.io/creator': 'gitvops', 'harvesterhci.io/imageDisplayName': 'openSUSE-Leap-15.6', team: 'ops' });
    expect(obj.spec.description).toBeUndefined();
    expect(obj.spec.checksum).toBeUndefined();
    expect(image.imageId).toBe('images/leap');
    expect(image.imageName).toBe('leap');
    expect(image.namespace).toBe('images');
    expect(image.backend).toBe(ImageBackend.BACKING_IMAGE);
  });

  test('the image-type label follows the URL\'s file suffix as the UI does, unless given', () => {
    const typeOf = (url: string, imageType?: ImageType) => {
      const chart = Testing.chart();
      new HarvesterImage(chart, 'i', { name: 'i', url, imageType });
      return Testing.synth(chart)[0].metadata.labels['harvesterhci.io/image-type'];
    };
    expect(typeOf('https://example.com/x/installer.ISO')).toBe('iso');
    expect(typeOf('https://example.com/disk.img?token=1')).toBe('raw_qcow2');
    expect(typeOf('https://example.com/disk.raw')).toBe('raw_qcow2');
    expect(typeOf('https://example.com/disk.qcow')).toBe('raw_qcow2');
    expect(typeOf('https://example.com/disk.tar.gz')).toBeUndefined();
    expect(typeOf('https://example.com/disk.tar.gz', ImageType.ISO)).toBe('iso');
  });

  test('a StorageClass of the app: named in the annotation and target, its parameters copied as the mutator does (migratable stays "true")', () => {
    const chart = chartFor();
    const sc = new HarvesterStorageClass(chart, 'sc', {
      name: 'ssd-2', replicas: 2, staleReplicaTimeout: Duration.minutes(45), nodeSelector: ['ssd'], diskSelector: ['nvme', 'fast'],
      dataLocality: LonghornDataLocality.BEST_EFFORT, migratable: false,
    });
    new HarvesterImage(chart, 'i', { name: 'i', url: URL_QCOW2, storageClass: sc });
    const [image] = kind(Testing.synth(chart), 'VirtualMachineImage');
    expect(image.metadata.annotations).toEqual({ 'harvesterhci.io/storageClassName': 'ssd-2' });
    expect(image.spec.targetStorageClassName).toBe('ssd-2');
    expect(image.spec.storageClassParameters).toEqual({
      numberOfReplicas: '2', staleReplicaTimeout: '45', migratable: 'true', nodeSelector: 'ssd', diskSelector: 'nvme,fast', dataLocality: 'best-effort',
    });
    expect(messages(chart)).toEqual([]);
  });

  test('an existing StorageClass by name with its parameters stated', () => {
    const chart = chartFor();
    new HarvesterImage(chart, 'i', {
      name: 'i', url: URL_QCOW2, storageClassName: 'two-replicas',
      storageClassParameters: { replicas: 2, staleReplicaTimeout: Duration.hours(1), nodeSelector: ['a', 'b'], diskSelector: ['d'], dataLocality: LonghornDataLocality.DISABLED },
    });
    const [image] = Testing.synth(chart);
    expect(image.metadata.annotations['harvesterhci.io/storageClassName']).toBe('two-replicas');
    expect(image.spec.targetStorageClassName).toBe('two-replicas');
    expect(image.spec.storageClassParameters).toEqual({ numberOfReplicas: '2', staleReplicaTimeout: '60', migratable: 'true', nodeSelector: 'a,b', diskSelector: 'd', dataLocality: 'disabled' });
  });

  test('the CDI backend: the target class, no storageClassParameters', () => {
    const chart = chartFor(HarvesterVersion.V1_8);
    const image = new HarvesterImage(chart, 'i', { name: 'i', url: URL_QCOW2, backend: ImageBackend.CDI, storageClassName: 'lvm-striped' });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.backend).toBe('cdi');
    expect(obj.spec.targetStorageClassName).toBe('lvm-striped');
    expect(obj.metadata.annotations).toEqual({ 'harvesterhci.io/storageClassName': 'lvm-striped' });
    expect(obj.spec.storageClassParameters).toBeUndefined();
    expect(image.storageClassFor(HarvesterVersion.V1_8)).toBe('lvm-striped');
    expect(messages(chart)).toEqual([]);
  });

  test('the storage class of its volumes: longhorn-<name> before 1.8, unknown from 1.8', () => {
    const image = new HarvesterImage(Testing.chart(), 'i', { name: 'jammy', url: URL_QCOW2 });
    expect(image.storageClassFor(HarvesterVersion.V1_6)).toBe('longhorn-jammy');
    expect(image.storageClassFor(HarvesterVersion.V1_8)).toBeUndefined();
  });

  test.each([
    ['url not a URL', { url: 'not a url' }, /^HarvesterImage 'test\/i': url: "not a url" is invalid; allowed: an http:\/\/ or https:\/\/ URL$/],
    ['url not http(s)', { url: 'ftp://example.com/x.img' }, /url: "ftp:\/\/example.com\/x.img" is invalid; allowed: an http:\/\/ or https:\/\/ URL/],
    ['checksum in upper case', { checksum: 'AB'.repeat(64) }, /checksum: "(AB)+" is invalid; allowed: a SHA-512 digest: 128 lower-case hex digits/],
    ['checksum a SHA-256', { checksum: 'ab'.repeat(32) }, /checksum: "(ab)+" is invalid; allowed: a SHA-512 digest/],
    ['checksum with CDI', { checksum: SHA512, backend: ImageBackend.CDI, storageClassName: 'lvm' }, /checksum: the CDI backend does not check a checksum/],
    ['display name not a label value', { displayName: 'Ubuntu 24.04!' }, /displayName: "Ubuntu 24.04!" is invalid; allowed: a label value: 1 to 63 characters/],
    ['display name empty', { displayName: '' }, /displayName: "" is invalid; allowed: a label value/],
    ['retry above 10', { retry: 11 }, /retry: 11 is invalid; allowed: an integer from 0 to 10/],
    ['CDI without a class', { backend: ImageBackend.CDI }, /storageClassName: is required for the CDI backend/],
    ['CDI with parameters', { backend: ImageBackend.CDI, storageClassName: 'lvm', storageClassParameters: { replicas: 2 } }, /storageClassParameters: apply to the backing-image backend only/],
    ['replicas 0', { storageClassParameters: { replicas: 0 } }, /storageClassParameters.replicas: 0 is invalid; allowed: an integer from 1 to 20/],
    ['stale timeout in seconds', { storageClassParameters: { staleReplicaTimeout: Duration.seconds(90) } }, /storageClassParameters.staleReplicaTimeout: "90s" is invalid; allowed: a whole number of minutes/],
    ['bad node tag', { storageClassParameters: { nodeSelector: ['ok', 'no way'] } }, /storageClassParameters.nodeSelector\[1\]: "no way" is invalid; allowed: a Longhorn tag/],
    ['storage class name not DNS', { storageClassName: 'Fast_SC' }, /storageClassName: "Fast_SC" is invalid; allowed: a DNS-1123 subdomain/],
    ['name too long for longhorn-<name>', { name: `${Array(4).fill('a'.repeat(60)).join('.')}.a` }, /name: "[a.]{245}" is invalid; allowed: at most 244 characters \(Harvester before 1.8 names the image's StorageClass "longhorn-<name>"\)/],
  ])('%s fails at construction', (_name, props, message) => {
    expect(() => new HarvesterImage(Testing.chart(), 'i', { name: 'i', url: URL_QCOW2, ...(props as any) })).toThrow(message);
  });

  test('a StorageClass of the app together with a class name or parameters is refused', () => {
    const chart = Testing.chart();
    const sc = new HarvesterStorageClass(chart, 'sc', { name: 'sc' });
    expect(() => new HarvesterImage(chart, 'a', { name: 'a', url: URL_QCOW2, storageClass: sc, storageClassName: 'other' }))
      .toThrow(/^HarvesterImage 'test\/a': storageClass: cannot specify both storageClass and storageClassName \/ storageClassParameters/);
    expect(() => new HarvesterImage(chart, 'b', { name: 'b', url: URL_QCOW2, storageClass: sc, storageClassParameters: { replicas: 1 } }))
      .toThrow(/storageClass: cannot specify both/);
  });

  test('fromName: an existing image, declared to validation as external', () => {
    const chart = chartFor();
    const existing = HarvesterImage.fromName(chart, 'base', 'images/base', { storageClass: 'lh-0f3c', backend: ImageBackend.BACKING_IMAGE });
    const local = HarvesterImage.fromName(chart, 'local', 'jammy');
    expect(existing.imageId).toBe('images/base');
    expect(existing.storageClassFor(HarvesterVersion.V1_6)).toBe('lh-0f3c');
    expect(existing.storageClassFor(HarvesterVersion.V1_8)).toBe('lh-0f3c');
    expect(existing.backend).toBe(ImageBackend.BACKING_IMAGE);
    expect(local.imageId).toBe('default/jammy');
    expect(local.storageClassFor(HarvesterVersion.V1_6)).toBeUndefined();
    HarvesterVolume.fromHarvesterImage(chart, 'root', { name: 'root', image: existing, size: Size.gibibytes(10) });
    HarvesterVolume.fromHarvesterImage(chart, 'other', { name: 'other', image: local, storageClass: 'longhorn-jammy', size: Size.gibibytes(10) });
    const pvcs = Testing.synth(chart);
    expect(pvcs.map((p) => [p.metadata.annotations['harvesterhci.io/imageId'], p.spec.storageClassName])).toEqual([['images/base', 'lh-0f3c'], ['default/jammy', 'longhorn-jammy']]);
    expect(messages(chart)).toEqual([]);
    expect(() => HarvesterImage.fromName(chart, 'bad', 'a/b/c')).toThrow(/^ExistingImage 'test\/bad': name: "a\/b\/c" is invalid/);
  });
});

describe('HarvesterVolume.fromHarvesterImage', () => {
  test('1.6: the imageId annotation and the longhorn-<image> class from the image; no problems', () => {
    const chart = chartFor(HarvesterVersion.V1_6);
    const image = new HarvesterImage(chart, 'img', { name: 'ubuntu', url: URL_QCOW2 });
    const root = HarvesterVolume.fromHarvesterImage(chart, 'root', { name: 'vm-root', image, size: Size.gibibytes(40) });
    const [pvc] = kind(Testing.synth(chart), 'PersistentVolumeClaim');
    expect(pvc.metadata.annotations['harvesterhci.io/imageId']).toBe('default/ubuntu');
    expect(pvc.spec.storageClassName).toBe('longhorn-ubuntu');
    expect(pvc.spec.volumeMode).toBe('Block');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(pvc.spec.resources.requests.storage).toBe('40Gi');
    expect(root.claimName).toBe('vm-root');
    expect(messages(chart)).toEqual([]);
  });

  test('1.8: the class of an image made in the app is unknown at synth, so the volume must give it', () => {
    const chart = chartFor(HarvesterVersion.V1_8);
    const image = new HarvesterImage(chart, 'img', { name: 'ubuntu', url: URL_QCOW2 });
    HarvesterVolume.fromHarvesterImage(chart, 'root', { name: 'vm-root', image, size: Size.gibibytes(40) });
    expect(() => Testing.synth(chart)).toThrow(/HarvesterVolume 'test\/root': storageClass: is required for image default\/ubuntu on Harvester 1\.8: Harvester names the class of a new image "lh-<image uid>"/);

    const given = chartFor(HarvesterVersion.V1_8);
    const img = new HarvesterImage(given, 'img', { name: 'ubuntu', url: URL_QCOW2 });
    HarvesterVolume.fromHarvesterImage(given, 'root', { name: 'vm-root', image: img, storageClass: 'lh-4d1e9a7c-5b8f-4c33-9e61-2f0a7b3c8d12', size: Size.gibibytes(40) });
    expect(kind(Testing.synth(given), 'PersistentVolumeClaim')[0].spec.storageClassName).toBe('lh-4d1e9a7c-5b8f-4c33-9e61-2f0a7b3c8d12');
    expect(messages(given)).toEqual([]);
  });

  test('the release is read at synth: the app\'s release as last configured applies', () => {
    const chart = chartFor(HarvesterVersion.V1_8);
    const image = new HarvesterImage(chart, 'img', { name: 'ubuntu', url: URL_QCOW2 });
    HarvesterVolume.fromHarvesterImage(chart, 'root', { name: 'vm-root', image, size: Size.gibibytes(1) });
    SynthValidation.configure(chart, { harvesterVersion: HarvesterVersion.V1_6 });
    expect(kind(Testing.synth(chart), 'PersistentVolumeClaim')[0].spec.storageClassName).toBe('longhorn-ubuntu');
  });

  test('the release comes from the HarvesterTarget the volume is in', () => {
    const app = Testing.app();
    const classes: Record<string, () => any> = {};
    for (const version of [HarvesterVersion.V1_6, HarvesterVersion.V1_8]) {
      const target = new HarvesterTarget(app, `t${version}`, { name: `site-${version.replace('.', '-')}`, harvesterVersion: version, delivery: Delivery.fleet({ repoUrl: 'https://git.example.com/vms.git' }) });
      const chart = new Chart(target, 'c');
      const image = new HarvesterImage(chart, 'img', { name: 'ubuntu', url: URL_QCOW2 });
      const root = HarvesterVolume.fromHarvesterImage(chart, 'root', { name: 'vm-root', image, size: Size.gibibytes(1) });
      classes[version] = () => root.apiObject.toJson().spec.storageClassName;
    }
    expect(classes[HarvesterVersion.V1_6]()).toBe('longhorn-ubuntu');
    expect(() => classes[HarvesterVersion.V1_8]()).toThrow(/storageClass: is required for image default\/ubuntu on Harvester 1\.8/);
  });

  test('a CDI image is refused: Harvester clones it only into volumeClaimTemplates DataVolumes', () => {
    const chart = chartFor();
    const image = new HarvesterImage(chart, 'img', { name: 'win', url: URL_QCOW2, backend: ImageBackend.CDI, storageClassName: 'lvm' });
    expect(() => HarvesterVolume.fromHarvesterImage(chart, 'root', { name: 'r', image, size: Size.gibibytes(1) }))
      .toThrow(/^HarvesterVolume 'test\/root': image: image default\/win uses the CDI backend: Harvester clones CDI images only into the DataVolumes of a VM's volumeClaimTemplates annotation; a PersistentVolumeClaim would stay empty$/);
    const existingCdi = HarvesterImage.fromName(chart, 'ext', 'default/ext', { backend: ImageBackend.CDI, storageClass: 'lvm' });
    expect(() => HarvesterVolume.fromHarvesterImage(chart, 'root2', { name: 'r2', image: existingCdi, size: Size.gibibytes(1) })).toThrow(/uses the CDI backend/);
  });

  test('an explicit storage class on 1.6 that is not the image\'s is reported (references.image-storage-class)', () => {
    const chart = chartFor();
    const image = new HarvesterImage(chart, 'img', { name: 'ubuntu', url: URL_QCOW2 });
    HarvesterVolume.fromHarvesterImage(chart, 'root', { name: 'vm-root', image, storageClass: 'harvester-longhorn', size: Size.gibibytes(1) });
    expect(messages(chart)).toEqual([
      'references.image-storage-class spec.storageClassName: must be longhorn-ubuntu, the class Harvester 1.6 creates for image default/ubuntu (a volume of another class gets none of the image\'s data)',
    ]);
  });

  test('the string form keeps working and declares its image external; a hand-written PVC of an unknown image is reported', () => {
    const chart = chartFor();
    HarvesterVolume.fromImage(chart, 'root', { name: 'vm-root', image: 'images/base', storageClass: 'lh-1', size: Size.gibibytes(1) });
    expect(messages(chart)).toEqual([]);
    new ApiObject(chart, 'pvc', {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: 'stray', namespace: 'default', annotations: { 'harvesterhci.io/imageId': 'images/gone' } },
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'lh-2', volumeMode: 'Block' },
    });
    expect(messages(chart)).toEqual([
      'references.image metadata.annotations.harvesterhci.io/imageId: no VirtualMachineImage of that name in the output (declare it external if it exists: HarvesterImage.fromName)',
    ]);
    SynthValidation.configure(chart, { externalImages: ['images/gone'] });
    expect(messages(chart)).toEqual([]);
  });

  test('ManifestValidator checks image references only when told the external images', () => {
    const chart = Testing.chart();
    HarvesterVolume.fromImage(chart, 'root', { name: 'vm-root', image: 'images/base', storageClass: 'lh-1', size: Size.gibibytes(1) });
    const objects = Testing.synth(chart);
    expect(ManifestValidator.check(objects)).toEqual([]);
    expect(ManifestValidator.check(objects, { externalImages: [] }).map((p) => p.message)).toEqual([
      'no VirtualMachineImage of that name in the output (declare it external if it exists: HarvesterImage.fromName)',
    ]);
    expect(ManifestValidator.check(objects, { externalImages: [], checkReferences: false })).toEqual([]);
    expect(ManifestValidator.check(objects, { externalImages: ['images/base'] })).toEqual([]);
  });
});

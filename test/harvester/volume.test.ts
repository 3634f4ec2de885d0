import { Size, Testing } from 'cdk8s';
import { AccessMode, HarvesterVolume, IHarvesterVolume, VolumeMode } from '../../lib';

const synth = (build: (chart: any) => void) => {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
};

const PROTECTED = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  'helm.sh/resource-policy': 'keep',
};

describe('HarvesterVolume', () => {
  test('disks are protected from pruning by every delivery tool by default; opt out per volume', () => {
    const [on, off] = synth((c) => {
      HarvesterVolume.blank(c, 'a', { name: 'a', size: Size.gibibytes(1) });
      HarvesterVolume.blank(c, 'b', { name: 'b', size: Size.gibibytes(1), protectFromPruning: false, annotations: { x: 'y' } });
    });
    expect(on.metadata.annotations).toEqual(PROTECTED);
    expect(off.metadata.annotations).toEqual({ x: 'y' });
  });

  test('fromImage: imageId annotation, explicit storage class, quantity, RWX Block', () => {
    const [pvc] = synth((c) => HarvesterVolume.fromImage(c, 'root', { name: 'vm-root', image: 'images/ubuntu', storageClass: 'lh-abc', size: Size.gibibytes(40) }));
    expect(pvc).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'vm-root', namespace: 'default', labels: { 'harvesterhci.io/creator': 'gitvops' }, annotations: { 'harvesterhci.io/imageId': 'images/ubuntu', ...PROTECTED } },
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '40Gi' } }, storageClassName: 'lh-abc', volumeMode: 'Block' },
    });
  });

  test('an image name without namespace means the volume\'s namespace', () => {
    const [pvc] = synth((c) => HarvesterVolume.fromImage(c, 'root', { name: 'r', namespace: 'lab', image: 'ubuntu', storageClass: 'lh-1', size: Size.gibibytes(1) }));
    expect(pvc.metadata.annotations['harvesterhci.io/imageId']).toBe('lab/ubuntu');
  });

  test('blank with and without storage class; custom modes; sizes in the largest exact unit', () => {
    const objects = synth((c) => {
      HarvesterVolume.blank(c, 'a', { name: 'a', size: Size.mebibytes(1536) });
      HarvesterVolume.blank(c, 'b', { name: 'b', size: Size.tebibytes(2), storageClass: 'fast', accessMode: AccessMode.READ_WRITE_ONCE, volumeMode: VolumeMode.FILESYSTEM });
    });
    expect(objects[0].spec).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1536Mi' } }, volumeMode: 'Block' });
    expect(objects[0].metadata.annotations).toEqual(PROTECTED);
    expect(objects[1].spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Ti' } }, storageClassName: 'fast', volumeMode: 'Filesystem' });
  });

  test('an existing claim is referenced, never written', () => {
    let vol: IHarvesterVolume | undefined;
    expect(synth((c) => { vol = HarvesterVolume.fromClaimName(c, 'old', 'old-disk', 'lab'); })).toEqual([]);
    expect(vol!).not.toBeInstanceOf(HarvesterVolume);
    expect(vol!.claimName).toBe('old-disk');
    expect(vol!.namespace).toBe('lab');
  });

  test('legacy storage-class helper gives the pre-1.8 name', () => {
    expect(HarvesterVolume.legacyImageStorageClass('ubuntu')).toBe('longhorn-ubuntu');
  });

  const at = "HarvesterVolume 'test/v'";
  test.each<[string, () => void, string]>([
    ['size 0', () => synth((c) => HarvesterVolume.blank(c, 'v', { name: 'v', size: Size.gibibytes(0) })), `${at}: size: "0Ki" is invalid; allowed: a size greater than 0, a whole number of KiB`],
    ['size not whole KiB', () => synth((c) => HarvesterVolume.blank(c, 'v', { name: 'v', size: Size.kibibytes(1.5) })), `${at}: size: "1.5Ki" is invalid`],
    ['bad name', () => synth((c) => HarvesterVolume.blank(c, 'v', { name: 'Disk_1', size: Size.gibibytes(1) })), `${at}: name: "Disk_1" is invalid; allowed: a DNS-1123 subdomain`],
    ['bad image ref', () => synth((c) => HarvesterVolume.fromImage(c, 'v', { name: 'v', image: 'a/b/c', storageClass: 'x', size: Size.gibibytes(1) })), `${at}: image: "a/b/c" is invalid; allowed: "<namespace>/<name>" or "<name>"`],
    ['image without storage class', () => synth((c) => HarvesterVolume.fromImage(c, 'v', { name: 'v', image: 'default/ubuntu', storageClass: '', size: Size.gibibytes(1) })), `${at}: storageClass: is required for an image volume: give the storage class of image default/ubuntu (its status.storageClassName; "lh-<image uid>" from Harvester 1.8)`],
    ['bad storage class', () => synth((c) => HarvesterVolume.blank(c, 'v', { name: 'v', size: Size.gibibytes(1), storageClass: 'Fast SSD' })), `${at}: storageClass: "Fast SSD" is invalid`],
  ])('%s', (_n, fn, message) => expect(fn).toThrow(message));
});

import { Case, add } from './fixture';

/** The image-backed claims of the valid app (vm-root and the RKE2 node disks, all of image default/base). */
const imageClaims = (o: any[]) => o.filter((x) => x.kind === 'PersistentVolumeClaim' && x.metadata.annotations?.['harvesterhci.io/imageId'] === 'default/base');
const vmRoot = (o: any[]) => o.find((x) => x.kind === 'PersistentVolumeClaim' && x.metadata.name === 'vm-root');
const baseImage = (spec: any = {}) => ({
  apiVersion: 'harvesterhci.io/v1beta1', kind: 'VirtualMachineImage', metadata: { name: 'base', namespace: 'default' },
  spec: { displayName: 'base', sourceType: 'download', url: 'https://example.com/base.qcow2', ...spec },
});
const img = (name: string, namespace: string) => ({ ...baseImage(), metadata: { name, namespace } });
const useClass = (o: any[], storageClassName: string) => imageClaims(o).forEach((p) => { p.spec.storageClassName = storageClassName; });
const FIELD = 'metadata.annotations.harvesterhci.io/imageId';

/** Cases of the image reference rules (lib/validation/private/families/harvester-image-refs.ts). */
export const harvesterImageRefsCases: Case[] = [
  {
    name: 'PVC of an image neither in the output nor declared external', externalImages: ['default/base'],
    bad: (o) => { vmRoot(o).metadata.annotations['harvesterhci.io/imageId'] = 'default/other'; },
    good: (o) => { vmRoot(o).metadata.annotations['harvesterhci.io/imageId'] = 'default/base'; },
    field: FIELD, message: /^no VirtualMachineImage of that name in the output \(declare it external if it exists: HarvesterImage.fromName\)$/,
  },
  {
    name: 'PVC imageId without a namespace', externalImages: ['default/base'],
    bad: (o) => { vmRoot(o).metadata.annotations['harvesterhci.io/imageId'] = 'base'; },
    good: () => undefined,
    field: FIELD, message: /^must be "<namespace>\/<name>" of a VirtualMachineImage/,
  },
  {
    name: 'PVC of a backing-image image of the output in another class (1.6)',
    bad: (o) => { add(o, baseImage()); },
    good: (o) => { add(o, baseImage({ backend: 'backingimage' })); useClass(o, 'longhorn-base'); },
    field: 'spec.storageClassName', message: /^must be longhorn-base, the class Harvester 1\.6 creates for image default\/base/,
  },
  {
    name: 'PVC of its own cloned from a CDI image of the output',
    bad: (o) => { add(o, baseImage({ backend: 'cdi', targetStorageClassName: 'lvm' })); },
    good: (o) => { add(o, baseImage({ backend: 'backingimage', targetStorageClassName: 'lvm' })); useClass(o, 'longhorn-base'); },
    field: FIELD, message: /^image default\/base uses the CDI backend: Harvester clones it only into the DataVolume of a VM's volumeClaimTemplates entry/,
  },
  {
    name: 'two backing images of one name in two namespaces (1.6)',
    bad: (o) => { add(o, img('ubuntu', 'default')); add(o, img('ubuntu', 'lab')); },
    good: (o) => { add(o, img('ubuntu', 'default')); add(o, img('ubuntu-lab', 'lab')); add(o, { ...img('ubuntu', 'cdi'), spec: { ...img('ubuntu', 'cdi').spec, backend: 'cdi' } }); },
    field: 'metadata.name', message: /^image default\/ubuntu has this name too: Harvester 1\.6 gives both the StorageClass longhorn-ubuntu, and initialising one deletes the other's/,
  },
];

import { HarvesterVersion } from '../../../platform/harvester';
import { IMAGE_ID_ANNOTATION } from '../../../platform/private/labels';
import { legacyImageStorageClass } from '../../../platform/private/image-facts';
import type { RuleReport } from '../problems';
import { FamilyContext, RuleFamily, rule } from '../rule-info';

/*
 * Volumes cloned from images: a PVC names its image in the harvesterhci.io/imageId annotation and
 * takes the data through the image's StorageClass, which Harvester creates with the image.
 */

const H = 'harvester/harvester';
const V1_6 = [HarvesterVersion.V1_6] as const;

const RULES = [
  rule('references.image', 'GitVops', `${H} pkg/image/backingimage/backingimage.go createStorageClass (an image's class exists only with the image); pkg/controller/master/virtualmachine/vm_controller.go createPVCsFromAnnotation (an entry whose image is missing is skipped)`,
    'a PVC\'s harvesterhci.io/imageId names an image in the output or declared external (checked at synth, where external images are known)'),
  rule('references.image-storage-class', 'GitVops', `${H} pkg/util/image.go GetImageStorageClassName (v1.6.1: a backing-image image's class is longhorn-<image name>; v1.8.2 pkg/image/common/operator.go GetStorageClassName names new ones lh-<uid>, unknown at synth)`,
    'a PVC cloned from a backing-image image of the output uses that image\'s class, longhorn-<image name>', V1_6),
  rule('references.image-cdi-volume', 'GitVops', `${H} pkg/controller/master/virtualmachine/vm_controller.go createPVCsFromAnnotation / createDataVolume; pkg/webhook/resources/persistentvolumeclaim/mutator.go (no data source for an image PVC)`,
    'no PersistentVolumeClaim of its own is cloned from a CDI-backed image of the output (Harvester clones those only into the DataVolumes of a VM\'s volumeClaimTemplates)'),
  rule('harvester.image.storage-class-clash', 'Harvester', `${H} pkg/image/backingimage/backingimage.go Initialize → deleteBackingImageAndStorageClass, createBackingImageAndStorageClass (v1.6.1, class named by pkg/util/image.go GetImageStorageClassName; fixed in 1.8 by lh-<uid>, harvester/harvester#5165)`,
    'two backing-image images of one name in different namespaces do not share the class longhorn-<name> (the second one\'s initialisation deletes the first one\'s class)', V1_6),
];

const key = (obj: any) => `${obj?.metadata?.namespace ?? 'default'}/${obj?.metadata?.name}`;

const field = `metadata.annotations.${IMAGE_ID_ANNOTATION}`;

/** Whether `text` has exactly one "/" (how Harvester splits an image id). */
function oneSlash(text: string): boolean {
  const slash = text.indexOf('/');
  return slash >= 0 && text.indexOf('/', slash + 1) < 0;
}

// the reporter is made only for a problem (every PVC of a pool carries the annotation)
function checkClaim(pvc: any, reportFor: (obj: any) => RuleReport, images: Map<string, any>, context: FamilyContext): void {
  const imageId = pvc.metadata?.annotations?.[IMAGE_ID_ANNOTATION];
  if (imageId === undefined) return;
  const image = images.get(imageId);
  if (!image) {
    if (context.checkReferences === false || !context.externalImages) return;
    if (typeof imageId !== 'string' || !oneSlash(imageId)) {
      reportFor(pvc)('references.image', field, imageId, 'must be "<namespace>/<name>" of a VirtualMachineImage (Harvester splits it at the "/")');
    } else if (!context.externalImages.has(imageId)) {
      reportFor(pvc)('references.image', field, imageId, 'no VirtualMachineImage of that name in the output (declare it external if it exists: HarvesterImage.fromName)');
    }
    return;
  }
  if (image.spec?.backend === 'cdi') {
    reportFor(pvc)('references.image-cdi-volume', field, imageId,
      `image ${imageId} uses the CDI backend: Harvester clones it only into the DataVolume of a VM's volumeClaimTemplates entry; this PersistentVolumeClaim would stay empty`);
    return;
  }
  const expected = legacyImageStorageClass(image.metadata?.name);
  if (pvc.spec?.storageClassName !== expected) {
    reportFor(pvc)('references.image-storage-class', 'spec.storageClassName', pvc.spec?.storageClassName,
      `must be ${expected}, the class Harvester 1.6 creates for image ${imageId} (a volume of another class gets none of the image's data)`);
  }
}

/** The image references of PersistentVolumeClaims. */
export const harvesterImageRefs: RuleFamily = {
  rules: RULES,
  check: () => undefined,
  checkAll(_objects, reportFor, context) {
    const images = new Map<string, any>();
    const byClass = new Map<string, string>();
    const imageObjects = context.ofKind('harvesterhci.io', 'VirtualMachineImage');
    for (let i = 0; i < imageObjects.length; i++) {
      const o = imageObjects[i];
      images.set(key(o), o);
      if (o.spec?.backend === 'cdi') continue;
      const cls = legacyImageStorageClass(o.metadata?.name);
      const other = byClass.get(cls);
      if (other && other !== key(o)) {
        reportFor(o)('harvester.image.storage-class-clash', 'metadata.name', o.metadata?.name,
          `image ${other} has this name too: Harvester 1.6 gives both the StorageClass ${cls}, and initialising one deletes the other's (use another name)`);
      } else {
        byClass.set(cls, key(o));
      }
    }
    const claims = context.ofKind('', 'PersistentVolumeClaim');
    for (let i = 0; i < claims.length; i++) checkClaim(claims[i], reportFor, images, context);
  },
};

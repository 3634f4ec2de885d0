/**
 * What Harvester does with a VirtualMachineImage's storage class, read from harvester/harvester at
 * v1.6.1 and v1.8.2; shared by the HarvesterImage construct and the image reference rules.
 */

/** Image annotation: the class the image's parameters come from (pkg/util/constants.go AnnotationStorageClassName). */
export const IMAGE_STORAGE_CLASS_ANNOTATION = 'harvesterhci.io/storageClassName';
/** Image label the image webhook (1.8.2) or controller (1.6.1) writes from spec.displayName (pkg/util/constants.go LabelImageDisplayName). */
export const IMAGE_DISPLAY_NAME_LABEL = 'harvesterhci.io/imageDisplayName';
/** UI labels of an image (harvester-ui-extension config/labels-annotations.js OS_TYPE, IMAGE_SUFFIX). */
export const IMAGE_OS_TYPE_LABEL = 'harvesterhci.io/os-type';
export const IMAGE_TYPE_LABEL = 'harvesterhci.io/image-type';
/** The class Harvester's chart installs (deploy/charts/harvester/templates/harvester-storageclass.yaml). */
export const HARVESTER_LONGHORN = 'harvester-longhorn';

/**
 * The storage class Harvester gives a backing-image image's volumes before 1.8:
 * `longhorn-<image name>` (v1.6.1 pkg/util/image.go GetImageStorageClassName). From 1.8 a new image
 * gets `lh-<image uid>` (v1.8.2 pkg/image/common/operator.go GetStorageClassName), unknown at synth.
 */
export function legacyImageStorageClass(imageName: string): string {
  return `longhorn-${imageName}`;
}

/** The parameters every image class starts from (pkg/util/image.go GetImageDefaultStorageClassParameters). */
export const IMAGE_DEFAULT_PARAMETERS: Readonly<Record<string, string>> = { numberOfReplicas: '3', staleReplicaTimeout: '30', migratable: 'true' };

/**
 * The class parameters the image mutator copies over the defaults (pkg/image/common/mutator.go
 * mergeStorageClassParams allowPatchParams); `migratable` is not among them, so it is always "true".
 */
export const IMAGE_COPIED_PARAMETERS: readonly string[] = [
  'nodeSelector', 'diskSelector', 'numberOfReplicas', 'staleReplicaTimeout', 'dataLocality', 'encrypted',
  'csi.storage.k8s.io/provisioner-secret-name', 'csi.storage.k8s.io/provisioner-secret-namespace',
  'csi.storage.k8s.io/node-stage-secret-name', 'csi.storage.k8s.io/node-stage-secret-namespace',
  'csi.storage.k8s.io/node-publish-secret-name', 'csi.storage.k8s.io/node-publish-secret-namespace',
];

/** `spec.storageClassParameters` as the image mutator writes it on create from a Longhorn class's parameters (PatchImageSCParams). */
export function imageClassParameters(classParameters: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...IMAGE_DEFAULT_PARAMETERS };
  for (const [k, v] of Object.entries(classParameters)) if (IMAGE_COPIED_PARAMETERS.includes(k)) out[k] = v;
  return out;
}

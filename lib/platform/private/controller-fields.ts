/**
 * Fields that controllers — not webhooks — write after apply, per kind (PLATFORM.md §4):
 * KubeVirt's observed-API-version annotations and finalizer, Harvester's run-strategy and MAC
 * annotations, the template's `creationTimestamp: null` (KubeVirt re-serialises the template; a
 * null cannot be written in a cdk8s manifest), PVC binding annotations and volume name. Every tool
 * is told to ignore them.
 */
export const CONTROLLER_FIELDS: ReadonlyArray<{ group: string; kind: string; pointers: readonly string[] }> = [
  {
    group: 'kubevirt.io',
    kind: 'VirtualMachine',
    pointers: [
      '/metadata/annotations/kubevirt.io~1latest-observed-api-version',
      '/metadata/annotations/kubevirt.io~1storage-observed-api-version',
      '/metadata/annotations/harvesterhci.io~1vmRunStrategy',
      '/metadata/annotations/harvesterhci.io~1mac-address',
      '/metadata/finalizers',
      '/spec/template/metadata/creationTimestamp',
    ],
  },
  {
    group: '',
    kind: 'PersistentVolumeClaim',
    pointers: [
      '/metadata/annotations/pv.kubernetes.io~1bind-completed',
      '/metadata/annotations/pv.kubernetes.io~1bound-by-controller',
      '/metadata/annotations/volume.beta.kubernetes.io~1storage-provisioner',
      '/metadata/annotations/volume.kubernetes.io~1storage-provisioner',
      '/metadata/finalizers',
      '/spec/volumeName',
    ],
  },
];

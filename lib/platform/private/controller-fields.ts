/**
 * Fields that controllers — not webhooks — write after apply, per kind (PLATFORM.md §4):
 * KubeVirt's observed-API-version annotations and finalizer, Harvester's run-strategy and MAC
 * annotations, the template's `creationTimestamp: null` (KubeVirt re-serialises the template; a
 * null cannot be written in a cdk8s manifest), PVC binding annotations and volume name; the network
 * controller's (network-controller-harvester v1.6.1 / v1.8.2): a NAD's ready label
 * (manager/clusternetwork setNadReadyLabel) and its route annotation, rewritten with the learned
 * CIDR, gateway and connectivity (manager/nad updateNetworkConf, helper.go: ignored, a route
 * change in Git shows in `gitvops diff` between revisions, not as OutOfSync), a VlanConfig's matched-nodes annotation
 * (manager/node), a ClusterNetwork's uplink-mtu / mtu-source-vc annotations (manager/vlanconfig);
 * Harvester's image controller finalizer (master/image register.go OnRemove). Every tool is told to
 * ignore them.
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
  {
    group: 'harvesterhci.io',
    kind: 'VirtualMachineImage',
    pointers: ['/metadata/finalizers'],
  },
  {
    group: 'k8s.cni.cncf.io',
    kind: 'NetworkAttachmentDefinition',
    pointers: ['/metadata/labels/network.harvesterhci.io~1ready', '/metadata/annotations/network.harvesterhci.io~1route'],
  },
  {
    group: 'network.harvesterhci.io',
    kind: 'VlanConfig',
    pointers: ['/metadata/annotations/network.harvesterhci.io~1matched-nodes'],
  },
  {
    group: 'network.harvesterhci.io',
    kind: 'ClusterNetwork',
    pointers: ['/metadata/annotations/network.harvesterhci.io~1uplink-mtu', '/metadata/annotations/network.harvesterhci.io~1mtu-source-vc'],
  },
];

/** Object metadata only the API server writes (kubectl get -o yaml shows it; a manifest never carries it). */
export const SERVER_METADATA: readonly string[] = [
  'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds',
];

/** Annotations the tool that applied an object writes (kubectl, Fleet/Rancher, Helm). */
export const APPLIER_ANNOTATIONS: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration', 'objectset.rio.cattle.io/id', 'meta.helm.sh/release-name', 'meta.helm.sh/release-namespace',
];

/** The keys below `/metadata/<map>/` (annotations, labels) that controllers write, unescaped: of `kind`, or of every kind. */
export function controllerMetadataKeys(map: 'annotations' | 'labels', kind?: string): string[] {
  const prefix = `/metadata/${map}/`;
  return [...new Set(CONTROLLER_FIELDS.filter((f) => kind === undefined || f.kind === kind).flatMap((f) => f.pointers)
    .filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).replace(/~1/g, '/').replace(/~0/g, '~')))];
}

/** Label naming the tool that created an object; Harvester's default VM anti-affinity keys on it. */
export const CREATOR_LABEL = 'harvesterhci.io/creator';
/** Our value of the creator label. */
export const CREATOR_VALUE = 'gitvops';
/** Template label that load balancers and affinity rules select a VM by. */
export const VM_NAME_LABEL = 'harvesterhci.io/vmName';
/** Template annotation listing `ns/name` KeyPairs (UI only). */
export const SSH_NAMES_ANNOTATION = 'harvesterhci.io/sshNames';
/** VM annotation: memory reserved for the hypervisor (guest memory = limit − reserved). */
export const RESERVED_MEMORY_ANNOTATION = 'harvesterhci.io/reservedMemory';
/** PVC annotation naming the VirtualMachineImage a volume is cloned from. */
export const IMAGE_ID_ANNOTATION = 'harvesterhci.io/imageId';
/** VM label choosing what Harvester does with the VM when its host enters maintenance. */
export const MAINTAIN_MODE_LABEL = 'harvesterhci.io/maintain-mode-strategy';
/** VM annotation declaring PVCs that Harvester's VM controller creates (what the UI exports). */
export const VOLUME_CLAIM_TEMPLATES_ANNOTATION = 'harvesterhci.io/volumeClaimTemplates';
/** VM annotation: CPU and memory hotplug on (harvester/harvester pkg/util/constants.go AnnotationEnableCPUAndMemoryHotplug). */
export const CPU_MEMORY_HOTPLUG_ANNOTATION = 'harvesterhci.io/enableCPUAndMemoryHotplug';
/**
 * Markers that keep a PVC — the data — when a delivery tool would prune or delete it:
 * Argo CD sync options `Prune=false` (not pruned when gone from Git) and `Delete=false` (kept when
 * the Application is deleted); Flux kustomize-controller `prune: disabled`; Helm's (so Fleet's,
 * which installs bundles as Helm releases) `resource-policy: keep`.
 */
export const DISK_PROTECTION_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  'helm.sh/resource-policy': 'keep',
};
/** Written by load-balancer-harvester's mutators (pkg/utils/const.go, vid.go): IPPool VLAN id and global-pool labels, LoadBalancer namespace annotation. */
export const LB_VID_LABEL = 'loadbalancer.harvesterhci.io/vid';
export const LB_GLOBAL_POOL_LABEL = 'loadbalancer.harvesterhci.io/global-ip-pool';
export const LB_NAMESPACE_ANNOTATION = 'loadbalancer.harvesterhci.io/namespace';

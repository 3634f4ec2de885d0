import { NETWORK_LABEL_PREFIX, affinityPatch } from '../../../platform/private/mutator-parity';
import { CLUSTER_NETWORK_LABEL } from '../../../platform/private/network-facts';
import type { RuleReport } from '../problems';
import { FamilyContext, RuleFamily, list, rule } from '../rule-info';

const HMUT = 'harvester/harvester pkg/webhook/resources/virtualmachine/mutator.go';

/**
 * References from VMs to Harvester VM networks: a multus network of a VM names a
 * NetworkAttachmentDefinition that is in the output or declared external. Harvester's VM mutator
 * (getNodeSelectorRequirementFromNetwork, v1.6.1 and v1.8.2) gets the NAD of every multus network
 * (a bare name in the VM's namespace) for its cluster-network label and refuses the VM when it is
 * missing.
 */
const RULES = [
  rule('references.network', 'GitVops',
    `${HMUT} patchAffinity / getNodeSelectorRequirementFromNetwork (gets the NAD; a missing one fails the VM's admission)`,
    'a VM network (multus networkName) a VM uses is in the output or declared external (checked at synth; for plain manifests when external networks are given)'),
  rule('drift.vm.network-cluster', 'Harvester', `${HMUT} patchAffinity / getNodeSelectorRequirementFromNetwork / addNodeSelectorTerms`,
    'a VM whose VM networks are in the output carries the node terms of their NADs\' cluster networks (label network.harvesterhci.io/clusternetwork), and no other', undefined, true),
];

const namespaceOf = (obj: any): string => obj?.metadata?.namespace ?? 'default';

/** The VMs' multus networks, each resolved to `namespace/name` (a bare name is in the VM's namespace, as KubeVirt reads it). */
function checkNetworkReferences(context: FamilyContext, reportFor: (obj: any) => RuleReport, external: readonly string[]): void {
  const known = new Set(external);
  for (const nad of context.ofKind('k8s.cni.cncf.io', 'NetworkAttachmentDefinition')) known.add(`${namespaceOf(nad)}/${nad.metadata?.name}`);
  for (const vm of context.ofKind('kubevirt.io', 'VirtualMachine')) {
    list(vm.spec?.template?.spec?.networks).forEach((n, i) => {
      const name = n?.multus?.networkName;
      if (typeof name !== 'string' || name === '') return;
      const key = networkKey(vm, name);
      if (key === undefined) return; // kubevirt.vmi.* reports the malformed name
      if (!known.has(key)) {
        reportFor(vm)('references.network', `spec.template.spec.networks[${i}].multus.networkName`, name,
          `no NetworkAttachmentDefinition ${key} in the output (a VmNetwork), nor declared external (VmNetwork.fromName, NetworkSource.vmNetwork, or the externalNetworks option)`);
      }
    });
  }
}

/** `namespace/name` of a multus network name (a bare name is in the VM's namespace, as the mutator reads it); undefined when malformed. */
function networkKey(vm: any, name: string): string | undefined {
  const parts = name.split('/');
  if (parts.length > 2) return undefined;
  return parts.length === 2 ? name : `${namespaceOf(vm)}/${name}`;
}

/**
 * The affinity Harvester's mutator rebuilds from the NADs' cluster-network labels, when every
 * multus network of the VM has its NAD in the output (else what the mutator reads is unknown).
 */
function checkNetworkAffinity(context: FamilyContext, reportFor: (obj: any) => RuleReport): void {
  const nads = new Map<string, any>();
  for (const nad of context.ofKind('k8s.cni.cncf.io', 'NetworkAttachmentDefinition')) nads.set(`${namespaceOf(nad)}/${nad.metadata?.name}`, nad);
  // no NAD in the output: what the mutator reads is unknown for every VM
  if (nads.size === 0) return;
  const patches = new Map<string, string>();
  for (const vm of context.ofKind('kubevirt.io', 'VirtualMachine')) {
    const t = vm.spec?.template?.spec;
    const names = list(t?.networks).map((n) => n?.multus?.networkName).filter((n): n is string => typeof n === 'string' && n !== '');
    if (!names.length) continue;
    const found = names.map((n) => nads.get(networkKey(vm, n) ?? ''));
    if (found.some((nad) => nad === undefined)) continue;
    const clusterNetworks = [...new Set(found.map((nad) => nad.metadata?.labels?.[CLUSTER_NETWORK_LABEL]).filter((cn): cn is string => typeof cn === 'string' && cn !== ''))];
    const dedicated = t.domain?.cpu?.dedicatedCpuPlacement === true;
    const written = JSON.stringify(t.affinity ?? {});
    // a pool's VMs have one affinity: the mutator's answer is computed once per affinity and networks
    const key = `${dedicated}|${JSON.stringify(clusterNetworks)}|${written}`;
    let want = patches.get(key);
    if (want === undefined) patches.set(key, (want = JSON.stringify(affinityPatch(t.affinity, clusterNetworks, dedicated))));
    if (want !== written) {
      const terms = clusterNetworks.map((cn) => `${NETWORK_LABEL_PREFIX}/${cn}`).join(', ') || 'none';
      reportFor(vm)('drift.vm.network-cluster', 'spec.template.spec.affinity', t.affinity,
        `Harvester's mutator rebuilds the network node terms from the NADs' cluster networks (${terms}): it writes ${want} (NetworkSource.fromVmNetwork writes it)`);
    }
  }
}

/** GitVops' reference check between VMs and VM networks, and the node terms Harvester derives from those networks. */
export const harvesterNetworkRefs: RuleFamily = {
  rules: RULES,
  check() {
    // across objects only
  },
  checkAll(_objects, reportFor, context: FamilyContext) {
    checkNetworkAffinity(context, reportFor);
    if (context.externalNetworks !== undefined) checkNetworkReferences(context, reportFor, context.externalNetworks);
  },
};

import type { RuleReport } from '../problems';
import { FamilyContext, RuleFamily, isKind, list, rule } from '../rule-info';

/**
 * References from VMs to Harvester VM networks: a multus network of a VM names a
 * NetworkAttachmentDefinition that is in the output or declared external. Harvester's VM mutator
 * (getNodeSelectorRequirementFromNetwork, v1.6.1 and v1.8.2) gets the NAD of every multus network
 * (a bare name in the VM's namespace) for its cluster-network label and refuses the VM when it is
 * missing.
 */
const RULES = [
  rule('references.network', 'GitVops',
    'harvester/harvester pkg/webhook/resources/virtualmachine/mutator.go patchAffinity / getNodeSelectorRequirementFromNetwork (gets the NAD; a missing one fails the VM\'s admission)',
    'a VM network (multus networkName) a VM uses is in the output or declared external (checked at synth; for plain manifests when external networks are given)'),
];

const namespaceOf = (obj: any): string => obj?.metadata?.namespace ?? 'default';

/** The VMs' multus networks, each resolved to `namespace/name` (a bare name is in the VM's namespace, as KubeVirt reads it). */
function checkNetworkReferences(objects: readonly any[], reportFor: (obj: any) => RuleReport, external: readonly string[]): void {
  const known = new Set(external);
  for (const nad of objects.filter((o) => isKind(o, 'k8s.cni.cncf.io', 'NetworkAttachmentDefinition'))) known.add(`${namespaceOf(nad)}/${nad.metadata?.name}`);
  for (const vm of objects.filter((o) => isKind(o, 'kubevirt.io', 'VirtualMachine'))) {
    list(vm.spec?.template?.spec?.networks).forEach((n, i) => {
      const name = n?.multus?.networkName;
      if (typeof name !== 'string' || name === '') return;
      const parts = name.split('/');
      if (parts.length > 2) return; // kubevirt.vmi.* reports the malformed name
      const key = parts.length === 2 ? name : `${namespaceOf(vm)}/${name}`;
      if (!known.has(key)) {
        reportFor(vm)('references.network', `spec.template.spec.networks[${i}].multus.networkName`, name,
          `no NetworkAttachmentDefinition ${key} in the output (a VmNetwork), nor declared external (VmNetwork.fromName, NetworkSource.vmNetwork, or the externalNetworks option)`);
      }
    });
  }
}

/** GitVops' reference check between VMs and VM networks. */
export const harvesterNetworkRefs: RuleFamily = {
  rules: RULES,
  check() {
    // across objects only
  },
  checkAll(objects, reportFor, context: FamilyContext) {
    if (context.externalNetworks !== undefined) checkNetworkReferences(objects, reportFor, context.externalNetworks);
  },
};

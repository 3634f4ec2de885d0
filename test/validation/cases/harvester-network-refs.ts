import { Case, T, add } from './fixture';

/** A NAD as VmNetwork writes it (the config does not matter to the reference check). */
const nad = (namespace: string, name: string, clusterNetwork = 'mgmt') => ({
  apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition',
  metadata: { name, namespace, labels: { 'network.harvesterhci.io/clusternetwork': clusterNetwork } },
  spec: { config: JSON.stringify({ cniVersion: '0.3.1', name, type: 'bridge', bridge: `${clusterNetwork}-br`, promiscMode: true, vlan: 10, ipam: {} }) },
});

/** The fixture's VMs use default/net: declared external, as synth validation declares it. */
const options = { externalNetworks: ['default/net'] };

export const harvesterNetworkRefsCases: Case[] = [
  {
    name: 'VM network neither in the output nor external', options,
    bad: (o) => { T(o).networks[1].multus.networkName = 'default/lan'; },
    good: (o) => { T(o).networks[1].multus.networkName = 'default/lan'; add(o, nad('default', 'lan')); },
    field: 'spec.template.spec.networks[1].multus.networkName', message: /no NetworkAttachmentDefinition default\/lan in the output/,
  },
  {
    name: 'VM network by bare name: looked up in the VM\'s namespace', options,
    bad: (o) => { T(o).networks[1].multus.networkName = 'lan'; add(o, nad('infra', 'lan')); },
    good: (o) => { T(o).networks[1].multus.networkName = 'lan'; add(o, nad('default', 'lan')); },
    field: 'spec.template.spec.networks[1].multus.networkName', message: /no NetworkAttachmentDefinition default\/lan/,
  },
  {
    // the fixture's VMs carry the mgmt term for default/net
    name: 'drift: VM network on another cluster network than the VM\'s node term says',
    bad: (o) => add(o, nad('default', 'net', 'data')),
    good: (o) => add(o, nad('default', 'net', 'mgmt')),
    field: 'spec.template.spec.affinity', message: /rebuilds the network node terms from the NADs' cluster networks \(network.harvesterhci.io\/data\)/,
  },
];

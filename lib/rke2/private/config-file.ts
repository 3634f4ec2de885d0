import { IConstruct } from 'constructs';
import { problem } from '../../core/private/errors';
import { Cni, Rke2ConfigOptions } from '../config';

/** Keys only servers take; they are left out of agents' config. */
const SERVER_ONLY = ['cni', 'disable', 'kube-apiserver-arg', 'cluster-cidr', 'service-cidr', 'cluster-dns', 'cluster-domain', 'write-kubeconfig-mode', 'tls-san'];
/** Keys GitVops writes itself. */
const MANAGED = ['token', 'agent-token', 'server', 'tls-san'];
/** K3s keys that RKE2 does not take. */
const K3S_ONLY = ['secrets-encryption', 'flannel-backend', 'flannel-iface', 'datastore-endpoint', 'disable-network-policy', 'docker'];

function list(values?: string[]): string[] | undefined {
  return values && values.length ? [...values] : undefined;
}

/** The typed options as config.yaml keys, in a fixed order; unset and empty keys left out. */
export function configEntries(scope: IConstruct, field: string, o: Rke2ConfigOptions, server: boolean): Array<[string, any]> {
  const cni = o.cni ?? (o.multus ? Cni.CANAL : undefined);
  const entries: Array<[string, any]> = [
    ['cni', cni && (o.multus ? ['multus', cni] : cni)],
    ['profile', o.profile],
    ['system-default-registry', o.systemDefaultRegistry || undefined],
    ['cloud-provider-name', o.cloudProviderName],
    ['write-kubeconfig-mode', o.writeKubeconfigMode],
    ['cluster-cidr', o.clusterCidr],
    ['service-cidr', o.serviceCidr],
    ['cluster-dns', o.clusterDns],
    ['cluster-domain', o.clusterDomain],
    ['disable', list(o.disable)],
    ['kube-apiserver-arg', list(o.kubeApiserverArgs)],
    ['kubelet-arg', list(o.kubeletArgs)],
    ['node-label', list(o.nodeLabels)],
    ['node-taint', list(o.nodeTaints)],
  ];
  const extra = o.extraConfig ?? {};
  for (const key of Object.keys(extra).sort()) {
    if (MANAGED.includes(key) || entries.some(([k]) => k === key)) {
      throw problem(scope, `${field}.extraConfig.${key}`, 'is set by GitVops or a typed option; use that instead');
    }
    if (K3S_ONLY.includes(key)) throw problem(scope, `${field}.extraConfig.${key}`, 'is a K3s key that RKE2 does not accept');
    entries.push([key, extra[key]]);
  }
  return entries.filter(([k, v]) => v !== undefined && v !== null && v !== '' && (server || !SERVER_ONLY.includes(k)));
}

/** Merges two option sets: `b` wins for scalars, lists are concatenated. */
export function mergeConfig(a: Rke2ConfigOptions = {}, b: Rke2ConfigOptions = {}): Rke2ConfigOptions {
  const cat = (x?: string[], y?: string[]) => (x || y ? [...(x ?? []), ...(y ?? [])] : undefined);
  return {
    ...a,
    ...b,
    nodeLabels: cat(a.nodeLabels, b.nodeLabels),
    nodeTaints: cat(a.nodeTaints, b.nodeTaints),
    disable: cat(a.disable, b.disable),
    kubeApiserverArgs: cat(a.kubeApiserverArgs, b.kubeApiserverArgs),
    kubeletArgs: cat(a.kubeletArgs, b.kubeletArgs),
    extraConfig: a.extraConfig || b.extraConfig ? { ...a.extraConfig, ...b.extraConfig } : undefined,
  };
}

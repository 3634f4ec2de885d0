import { IConstruct } from 'constructs';
import { problem } from '../core/errors';

/** CNI plugin of the cluster. */
export enum Cni {
  CANAL = 'canal',
  CALICO = 'calico',
  CILIUM = 'cilium',
  NONE = 'none',
}

/** Hardening profile. */
export enum Rke2Profile {
  /** CIS benchmark: `profile: cis`, the etcd user and the CIS sysctl settings on every node. */
  CIS = 'cis',
}

/**
 * RKE2 configuration (`/etc/rancher/rke2/config.yaml`); keys are RKE2's CLI flags. Only what is
 * set is written: no empty keys.
 */
export interface Rke2ConfigOptions {
  /** CNI (server only); put Multus first with `multus: true`. @default Cni.CANAL (RKE2's default) */
  readonly cni?: Cni;
  /** Prepend Multus to the CNI list. @default false */
  readonly multus?: boolean;
  /** Node labels, `key=value`. @default - none */
  readonly nodeLabels?: string[];
  /** Node taints, `key=value:Effect`. @default - none */
  readonly nodeTaints?: string[];
  /** Packaged components not to deploy, e.g. `rke2-ingress-nginx` (server only). @default - none */
  readonly disable?: string[];
  /** Hardening profile. @default - none */
  readonly profile?: Rke2Profile;
  /** Extra kube-apiserver arguments, `flag=value` (server only). @default - none */
  readonly kubeApiserverArgs?: string[];
  /** Extra kubelet arguments, `flag=value`. @default - none */
  readonly kubeletArgs?: string[];
  /** Registry that all system images are pulled from. @default - none (docker.io) */
  readonly systemDefaultRegistry?: string;
  /** Cloud provider name, e.g. `harvester`. @default - none */
  readonly cloudProviderName?: string;
  /** Pod CIDR (server only; must match on every server). @default - RKE2's 10.42.0.0/16 */
  readonly clusterCidr?: string;
  /** Service CIDR (server only; must match on every server). @default - RKE2's 10.43.0.0/16 */
  readonly serviceCidr?: string;
  /** Cluster DNS address (server only; must match on every server). @default - RKE2's 10.43.0.10 */
  readonly clusterDns?: string;
  /** Cluster domain (server only; must match on every server). @default - RKE2's cluster.local */
  readonly clusterDomain?: string;
  /** Mode of the kubeconfig RKE2 writes (server only). @default '0600' via RKE2; GitVops writes '0640' only when set */
  readonly writeKubeconfigMode?: string;
  /**
   * Any other keys (passthrough), written as given after the typed keys, sorted.
   * A key may not repeat a typed option or a key GitVops manages (token, server, tls-san).
   * @default - none
   */
  readonly extraConfig?: { [key: string]: any };
}

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

/** CNI plugin of the cluster. */
export enum Cni {
  /** Canal (Calico policy with Flannel networking): RKE2's default. */
  CANAL = 'canal',
  /** Calico. */
  CALICO = 'calico',
  /** Cilium. */
  CILIUM = 'cilium',
  /** No CNI: bring your own. */
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

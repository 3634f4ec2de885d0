/** Role of the nodes of a pool. */
export enum Rke2Role {
  /** Control plane and etcd (`rke2-server`). */
  SERVER = 'server',
  /** Workloads only (`rke2-agent`). */
  AGENT = 'agent',
}

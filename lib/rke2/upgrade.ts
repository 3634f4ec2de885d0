import { Duration } from 'cdk8s';

/** How a node is drained before its upgrade (system-upgrade-controller `DrainSpec`). */
export interface Rke2DrainOptions {
  /** How long the drain may take. @default - no limit (kubectl drain's default) */
  readonly timeout?: Duration;
  /** Seconds each pod gets to stop. @default - each pod's own grace period */
  readonly gracePeriod?: Duration;
  /** Delete pods' emptyDir data (`deleteEmptydirData`). @default true */
  readonly deleteEmptydirData?: boolean;
  /** Leave DaemonSet pods (`ignoreDaemonSets`). @default true */
  readonly ignoreDaemonSets?: boolean;
  /** Also delete pods no controller manages (`force`). @default false */
  readonly force?: boolean;
  /** Delete instead of evicting, bypassing PodDisruptionBudgets (`disableEviction`). @default false */
  readonly disableEviction?: boolean;
}

/** One role's upgrade Plan. */
export interface Rke2RolePlanOptions {
  /** Nodes upgraded at once. @default 1 */
  readonly concurrency?: number;
  /** Cordon the node before the upgrade (ignored when `drain` is set: draining cordons). @default true */
  readonly cordon?: boolean;
  /** Drain the node before the upgrade. @default - no drain */
  readonly drain?: Rke2DrainOptions;
}

/**
 * Upgrades the RKE2 way: system-upgrade-controller `Plan` objects (`upgrade.cattle.io/v1`) for
 * servers and agents, to the cluster's `release`. The controller itself must run in the guest
 * cluster (see the README, "Upgrades").
 */
export interface Rke2UpgradeOptions {
  /** The servers' Plan. @default - one at a time, cordoned */
  readonly servers?: Rke2RolePlanOptions;
  /** The agents' Plan (they wait for the servers' Plan). @default - one at a time, cordoned */
  readonly agents?: Rke2RolePlanOptions;
  /** Namespace of the Plans (the controller's). @default 'system-upgrade' */
  readonly namespace?: string;
  /** The controller's ServiceAccount the upgrade Jobs run as. @default 'system-upgrade' */
  readonly serviceAccountName?: string;
  /** The upgrade image. @default 'rancher/rke2-upgrade' */
  readonly image?: string;
}

import { Duration } from 'cdk8s';

/** Names of the control-plane LoadBalancer's listeners (they become the Service's port names). */
export interface EndpointListenerNames {
  /** The Kubernetes API listener (6443). @default 'api' */
  readonly api?: string;
  /** The RKE2 join listener (9345). @default 'join' */
  readonly join?: string;
  /** The ingress listener (443, with `exposeIngress`). @default 'https' */
  readonly ingress?: string;
}

/** Thresholds of the control-plane LoadBalancer's TCP health check on 6443. */
export interface EndpointHealthCheck {
  /** Successful probes before a server counts as up. @default 1 */
  readonly successThreshold?: number;
  /** Failed probes before a server counts as down. @default 3 */
  readonly failureThreshold?: number;
  /** Time between probes (whole seconds). @default Duration.seconds(5) */
  readonly period?: Duration;
  /** Probe timeout (whole seconds). @default Duration.seconds(3) */
  readonly timeout?: Duration;
}

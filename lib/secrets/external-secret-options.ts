import { Duration } from 'cdk8s';

/** Kind of the store an ExternalSecret reads from. */
export enum SecretStoreKind {
  /** A namespaced SecretStore. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide ClusterSecretStore. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** Props of `SecretOutput.externalSecret`. */
export interface ExternalSecretOutputProps {
  /** Name of the (Cluster)SecretStore. */
  readonly storeName: string;
  /** Kind of the store. @default SecretStoreKind.CLUSTER_SECRET_STORE */
  readonly storeKind?: SecretStoreKind;
  /** How often External Secrets re-reads the store. @default Duration.hours(1) */
  readonly refreshInterval?: Duration;
}

import { SecretValue } from '../core/secret-value';

/** A registry mirror (`registries.yaml` `mirrors.<registry>`). */
export interface RegistryMirror {
  /** The registry being mirrored, e.g. `docker.io`, or `*` for all. */
  readonly registry: string;
  /** Endpoints to pull from instead, e.g. `https://registry.lab:5000`. */
  readonly endpoints: string[];
  /** Image-name rewrites, regular expression → replacement. @default - none */
  readonly rewrite?: { [pattern: string]: string };
}

/** Authentication and TLS for one registry host (`registries.yaml` `configs.<host>`). */
export interface RegistryConfig {
  /** The registry host, e.g. `registry.lab:5000`. */
  readonly host: string;
  /** User name. @default - no basic auth */
  readonly username?: string;
  /** Password (with `username`). @default - none */
  readonly password?: SecretValue;
  /** Bearer token (instead of username/password). @default - none */
  readonly token?: SecretValue;
  /** CA bundle path on the node. @default - system CAs */
  readonly caFile?: string;
  /** Client certificate path on the node. @default - none */
  readonly certFile?: string;
  /** Client key path on the node. @default - none */
  readonly keyFile?: string;
  /** Skip TLS verification. @default false */
  readonly insecureSkipVerify?: boolean;
}

/** Private registries for containerd (`/etc/rancher/rke2/registries.yaml`). */
export interface Rke2Registries {
  /** Mirrors. @default - none */
  readonly mirrors?: RegistryMirror[];
  /** Per-host auth and TLS. @default - none */
  readonly configs?: RegistryConfig[];
  /**
   * More `mirrors` entries written as given (free-form, e.g. copied from a Helm chart's values),
   * registry → entry such as `{ endpoint: [...], rewrite: {...} }`; a registry may not also be in `mirrors`.
   * @default - none
   */
  readonly extraMirrors?: { [registry: string]: any };
  /**
   * More `configs` entries written as given, host → entry such as `{ tls: {...} }`; a host may
   * not also be in `configs`. Values are plain text in the Secret: put credentials in `configs`.
   * @default - none
   */
  readonly extraConfigs?: { [host: string]: any };
}

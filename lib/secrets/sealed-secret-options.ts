/** Who may decrypt a sealed value: the label the session key is encrypted with. */
export enum SealingScope {
  /** Only a Secret of this name in this namespace (label `<namespace>/<name>`). */
  STRICT = 'strict',
  /** Any name in this namespace (label `<namespace>`). */
  NAMESPACE_WIDE = 'namespace-wide',
  /** Any name in any namespace (empty label). */
  CLUSTER_WIDE = 'cluster-wide',
}

/** Props of `SecretOutput.sealedSecret`. */
export interface SealedSecretOutputProps {
  /** The controller's public certificate (PEM, as `kubeseal --fetch-cert` prints it). @default - read from certificateFile */
  readonly certificate?: string;
  /** A file holding that certificate. @default - none; certificate is required then */
  readonly certificateFile?: string;
  /** Who may decrypt. @default SealingScope.STRICT */
  readonly scope?: SealingScope;
  /** The seal cache (committed) that keeps unchanged values byte-identical. @default '.gitvops-seal-cache.json' */
  readonly cacheFile?: string;
}

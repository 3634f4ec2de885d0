/** One problem in one object: which object, which field, what is wrong. */
export interface ValidationProblem {
  /** Kind of the object, e.g. `VirtualMachine`. */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /** Namespace of the object. @default - cluster-scoped or unset */
  readonly namespace?: string;
  /** Field path inside the object, e.g. `spec.template.spec.domain.devices.disks[1].bootOrder`. */
  readonly field: string;
  /** The rejected value. @default - none shown */
  readonly value?: any;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** The platform rule broken (see `ManifestValidator.rules()`). @default - none (a schema or cloud-init data problem) */
  readonly rule?: string;
  /**
   * A drift warning, not an error: the cluster accepts the object but its webhooks store
   * something else (synth still succeeds; `gitvops validate` exits 0).
   * @default false
   */
  readonly warning?: boolean;
}

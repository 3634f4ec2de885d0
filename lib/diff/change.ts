/** What a change does to the running platform, from worst to harmless. */
export enum ChangeClass {
  /** Data is lost: a disk deleted or replaced, or a VM's disk or Secret removed while it needs it. */
  DATA_LOSS = 'data-loss',
  /** The API server or an admission webhook refuses the update (immutable field, shrinking). */
  REJECTED = 'rejected',
  /** Deleted and created again (a rename): downtime. */
  RECREATE = 'recreate',
  /** Takes effect at the VM's next restart (KubeVirt marks it RestartRequired). */
  RESTART = 'restart',
  /** Applied to the running VM (live update) or by a controller. */
  LIVE = 'live',
  /** Cloud-init data of an existing VM: affects only a VM created again (cloud-init runs once per instance). */
  DEFERRED = 'deferred',
  /** The run strategy starts or stops the VM, or a VM is created or deleted. */
  POWER = 'power',
  /** Metadata only, a new object, or nothing the platform acts on. */
  SAFE = 'safe',
}

/** One change to one object. */
export interface ObjectChange {
  /** API group ('' for the core group). */
  readonly group: string;
  /** Kind. */
  readonly kind: string;
  /** Namespace. @default - cluster-scoped */
  readonly namespace?: string;
  /** Name (the new one for a rename). */
  readonly name: string;
  /** What the change does. */
  readonly changeClass: ChangeClass;
  /** The fields that caused it (paths such as `spec.template.spec.domain.cpu.cores`). */
  readonly fields: string[];
  /** One line: why. Never a secret value. */
  readonly reason: string;
}

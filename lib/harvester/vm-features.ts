/**
 * Guest features of a HarvesterVm (KubeVirt `domain.features`); only what is set is written.
 * KubeVirt: `staging/src/kubevirt.io/api/core/v1/schema.go` type `Features` (v1.5.x, v1.7.x).
 */
export interface VmFeatures {
  /** ACPI in the guest (`features.acpi.enabled`). @default - KubeVirt's default: on */
  readonly acpi?: boolean;
  /** APIC in the guest (`features.apic.enabled`). @default - the machine type's setting */
  readonly apic?: boolean;
  /** System Management Mode (`features.smm.enabled`); secure boot needs it on. @default - off, on with secure boot */
  readonly smm?: boolean;
  /** Hide KVM from MSR-based discovery (`features.kvm.hidden`). @default false */
  readonly kvmHidden?: boolean;
  /** Tell the guest the host supports paravirtual spinlocks (`features.pvspinlock.enabled`). @default - KubeVirt's default: on */
  readonly pvspinlock?: boolean;
}


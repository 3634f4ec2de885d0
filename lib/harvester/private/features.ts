import { IConstruct } from 'constructs';
import { problem } from '../../core/private/errors';
import { Firmware } from '../firmware';
import { VmFeatures } from '../vm-features';

/**
 * `domain.features` from the firmware and the user's features. Whenever features are written
 * (an EFI firmware's `smm` included), `acpi` is written too: KubeVirt's VM mutator re-serialises
 * the spec and `Features.ACPI` is a non-pointer struct, so the stored object carries `acpi: {}`
 * (vm-mutator.go Mutate, patch.WithReplace("/spec")) — without it, GitOps drift.
 */
export function renderFeatures(scope: IConstruct, firmware: Firmware, features?: VmFeatures): { [key: string]: any } | undefined {
  const fromFirmware = firmware._toFeatures();
  if (!features) return fromFirmware ? { acpi: {}, ...fromFirmware } : undefined;
  if (firmware.secureBoot && features.smm === false) {
    throw problem(scope, 'features.smm', 'cannot be false with secure boot (EFI secure boot needs SMM)');
  }
  const state = (enabled?: boolean) => (enabled === undefined ? {} : { enabled });
  const out: { [key: string]: any } = { acpi: state(features.acpi) };
  if (features.apic !== undefined) out.apic = { enabled: features.apic };
  const smm = features.smm ?? (fromFirmware?.smm?.enabled as boolean | undefined);
  if (smm !== undefined) out.smm = { enabled: smm };
  // `hidden: false` is dropped on the round trip (omitempty): written only when true
  if (features.kvmHidden) out.kvm = { hidden: true };
  if (features.pvspinlock !== undefined) out.pvspinlock = { enabled: features.pvspinlock };
  return out;
}

import { Size, Testing } from 'cdk8s';
import { Firmware, HarvesterVm, HarvesterVmProps } from '../../lib';

function features(props: Partial<HarvesterVmProps>): any {
  const chart = Testing.chart();
  new HarvesterVm(chart, 'vm', { name: 'vm', memory: Size.gibibytes(2), ...props });
  return Testing.synth(chart).find((o) => o.kind === 'VirtualMachine').spec.template.spec.domain.features;
}

describe('HarvesterVm features', () => {
  test('none by default; with EFI, SMM and the acpi: {} KubeVirt stores', () => {
    expect(features({})).toBeUndefined();
    expect(features({ firmware: Firmware.efi() })).toEqual({ acpi: {}, smm: { enabled: false } });
  });

  test('acpi is always written when features are given (the stored object has acpi: {})', () => {
    expect(features({ features: {} })).toEqual({ acpi: {} });
    expect(features({ features: { apic: true } })).toEqual({ acpi: {}, apic: { enabled: true } });
  });

  test('each feature to its field', () => {
    expect(features({ features: { acpi: false, apic: false, smm: true, kvmHidden: true, pvspinlock: false } })).toEqual({
      acpi: { enabled: false }, apic: { enabled: false }, smm: { enabled: true }, kvm: { hidden: true }, pvspinlock: { enabled: false },
    });
  });

  test('kvmHidden false writes nothing (omitempty drops it on the round trip)', () => {
    expect(features({ features: { kvmHidden: false } })).toEqual({ acpi: {} });
  });

  test('SMM follows secure boot unless set', () => {
    expect(features({ firmware: Firmware.efi({ secureBoot: true }), features: { acpi: true } })).toEqual({ acpi: { enabled: true }, smm: { enabled: true } });
    expect(features({ firmware: Firmware.efi(), features: { acpi: true } })).toEqual({ acpi: { enabled: true }, smm: { enabled: false } });
  });

  test('SMM off with secure boot is refused', () => {
    expect(() => features({ firmware: Firmware.efi({ secureBoot: true }), features: { smm: false } })).toThrow(
      "HarvesterVm 'test/vm': features.smm: cannot be false with secure boot (EFI secure boot needs SMM)");
  });
});

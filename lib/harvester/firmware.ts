/** Options of `Firmware.efi`. */
export interface EfiOptions {
  /** Secure boot (needs SMM, which is then switched on). @default false */
  readonly secureBoot?: boolean;
}

/** Boot firmware of a HarvesterVm. */
export class Firmware {
  /** Legacy BIOS (KubeVirt's default). */
  public static bios(): Firmware {
    return new Firmware(false, false);
  }

  /** UEFI, with or without secure boot. */
  public static efi(options: EfiOptions = {}): Firmware {
    return new Firmware(true, options.secureBoot ?? false);
  }

  private constructor(
    /** True for UEFI. */
    public readonly isEfi: boolean,
    /** True when secure boot is on. */
    public readonly secureBoot: boolean,
  ) {}

  /** `domain.firmware`. Secure boot is written explicitly: unset would mean on. @internal */
  public _toFirmware(): { [key: string]: any } {
    return { bootloader: this.isEfi ? { efi: { secureBoot: this.secureBoot } } : { bios: {} } };
  }

  /** `domain.features` that must match the firmware (SMM for secure boot). @internal */
  public _toFeatures(): { [key: string]: any } | undefined {
    return this.isEfi ? { smm: { enabled: this.secureBoot } } : undefined;
  }
}

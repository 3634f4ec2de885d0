import { Duration } from 'cdk8s';
import { HarvesterVersion } from './harvester';
import { invalid } from '../core/private/errors';

/**
 * Harvester's `overcommit-config` setting: how far requests are below limits, in percent
 * (harvester/harvester `pkg/settings/settings.go`; the setting validator refuses values below 100).
 */
export interface OvercommitConfig {
  /** CPU overcommit in percent: requests.cpu = limits.cpu × 100 / cpu. */
  readonly cpu: number;
  /** Memory overcommit in percent: requests.memory = limits.memory × 100 / memory, rounded down to MiB. */
  readonly memory: number;
  /** Storage overcommit in percent (Longhorn scheduling; not written into VMs). */
  readonly storage: number;
}

/** The Harvester settings that decide what the VM mutating webhook writes into a VirtualMachine. */
export interface HarvesterSettingsProps {
  /**
   * The `overcommit-config` setting.
   * @default - the release's default: 1.6 `{cpu: 1600, memory: 150, storage: 200}`, 1.8 `{cpu: 1000, memory: 150, storage: 100}`
   */
  readonly overcommit?: OvercommitConfig;
  /** The `default-vm-termination-grace-period-seconds` setting. @default Duration.seconds(120) */
  readonly defaultTerminationGracePeriod?: Duration;
  /**
   * The `additional-guest-memory-overhead-ratio` setting, 1.0 to 10.0, or 0 for none (then Harvester
   * keeps 100 MiB of the memory limit away from the guest).
   * @default 1.5
   */
  readonly additionalGuestMemoryOverheadRatio?: number;
}

const OVERCOMMIT: Record<HarvesterVersion, OvercommitConfig> = {
  [HarvesterVersion.V1_6]: { cpu: 1600, memory: 150, storage: 200 },
  [HarvesterVersion.V1_8]: { cpu: 1000, memory: 150, storage: 100 },
};

/**
 * The settings of one Harvester cluster that change what its webhooks write into a VM, with each
 * release's defaults (harvester/harvester `pkg/settings/settings.go` at v1.6.1 and v1.8.2). GitVops
 * writes those fields itself, with the same values, so what the cluster stores equals the manifest.
 */
export class HarvesterSettings {
  /** The defaults of a Harvester release. */
  public static defaults(version: HarvesterVersion): HarvesterSettings {
    return new HarvesterSettings(version, {});
  }

  /** The settings of a cluster of `version`, each unset one at the release's default. */
  public static of(version: HarvesterVersion, props: HarvesterSettingsProps): HarvesterSettings {
    return new HarvesterSettings(version, props);
  }

  /** The Harvester release. */
  public readonly version: HarvesterVersion;
  /** `overcommit-config`. */
  public readonly overcommit: OvercommitConfig;
  /** `default-vm-termination-grace-period-seconds`, in seconds. */
  public readonly defaultTerminationGracePeriodSeconds: number;
  /** `additional-guest-memory-overhead-ratio` (0: none). */
  public readonly additionalGuestMemoryOverheadRatio: number;

  private constructor(version: HarvesterVersion, props: HarvesterSettingsProps) {
    this.version = version;
    this.overcommit = props.overcommit ?? OVERCOMMIT[version];
    for (const key of ['cpu', 'memory', 'storage'] as const) {
      const value = this.overcommit[key];
      if (!Number.isInteger(value) || value < 100) throw invalid(undefined, `overcommit.${key}`, value, 'an integer ≥ 100 (Harvester refuses to undercommit)');
    }
    this.defaultTerminationGracePeriodSeconds = props.defaultTerminationGracePeriod?.toSeconds() ?? 120;
    const ratio = props.additionalGuestMemoryOverheadRatio ?? 1.5;
    if (!(ratio === 0 || (ratio >= 1 && ratio <= 10))) throw invalid(undefined, 'additionalGuestMemoryOverheadRatio', ratio, '0 (none) or 1.0 to 10.0');
    this.additionalGuestMemoryOverheadRatio = ratio;
  }
}

/** Options of `VmAffinity.spreadAcrossHosts`. */
export interface SpreadOptions {
  /** Refuse to start two VMs of the group on one host (instead of only preferring not to). @default false */
  readonly required?: boolean;
  /** Label key that marks the group on the VM template. @default 'gitvops.io/spread-group' */
  readonly labelKey?: string;
}

/** Placement of a HarvesterVm on Harvester hosts. */
export class VmAffinity {
  /** Default label key of spread groups. */
  public static readonly SPREAD_LABEL = 'gitvops.io/spread-group';

  /**
   * Spreads the VMs that share `group` across hosts: a pod anti-affinity on the template label
   * `<labelKey>: <group>` with topology `kubernetes.io/hostname`, preferred (weight 100) or
   * required. The VM carries the label itself.
   */
  public static spreadAcrossHosts(group: string, options: SpreadOptions = {}): VmAffinity {
    const labelKey = options.labelKey ?? VmAffinity.SPREAD_LABEL;
    const term = {
      labelSelector: { matchLabels: { [labelKey]: group } },
      topologyKey: 'kubernetes.io/hostname',
    };
    const podAntiAffinity = options.required
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] };
    return new VmAffinity({ podAntiAffinity }, { [labelKey]: group });
  }

  /** Any Kubernetes affinity object (escape hatch), written as given. */
  public static custom(affinity: { [key: string]: any }): VmAffinity {
    return new VmAffinity(affinity, {});
  }

  private constructor(
    /** The `affinity` object of the VM template. */
    public readonly affinity: { [key: string]: any },
    /** Labels the VM template must carry for the rule to apply. */
    public readonly templateLabels: { [key: string]: string },
  ) {}
}

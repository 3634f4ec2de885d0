import { Construct, IConstruct } from 'constructs';
import { Delivery } from './delivery';
import { invalid, problem } from '../core/private/errors';
import { checkDnsLabel } from '../core/private/names';
import { HarvesterVersion } from '../platform/harvester';
import { HarvesterSettings, HarvesterSettingsProps } from '../platform/harvester-settings';
import { registerTarget, targetScopeOf } from '../platform/private/target-scope';

/** Props of a HarvesterTarget. */
export interface HarvesterTargetProps {
  /** The cluster's name: its output folder `dist/<name>/` (a DNS-1123 label). */
  readonly name: string;
  /** The cluster's Harvester release. @default HarvesterVersion.V1_6 */
  readonly harvesterVersion?: HarvesterVersion;
  /** The cluster's settings that change what its webhooks write. @default - the release's defaults */
  readonly settings?: HarvesterSettingsProps;
  /** How the folder reaches the cluster. @default - the app's `delivery` (GitVopsApp), else none */
  readonly delivery?: Delivery;
  /**
   * The cluster's name in the delivery tool: Fleet `clusterName`, Argo CD destination `name`,
   * Flux kubeconfig Secret `<clusterName>-kubeconfig`.
   * @default - the target's name
   */
  readonly clusterName?: string;
  /**
   * Targets delivered before this one (e.g. a shared-services cluster first): Fleet `dependsOn`
   * (each target's bundle is named after it), Flux Kustomization `dependsOn`, Argo CD
   * Application sync waves (ordered when an app of apps applies them).
   * @default - none
   */
  readonly dependsOn?: HarvesterTarget[];
}

/**
 * One Harvester cluster the app delivers to. Charts defined under it are written for that cluster:
 * its release's schemas and rules, the fields its webhooks would write with its settings, and
 * (with `GitVopsApp`) their own output folder `dist/<name>/`. Shared definitions are plain code
 * reused under several targets.
 */
export class HarvesterTarget extends Construct {
  /** The target above (or at) `scope`, if any. */
  public static of(scope: IConstruct): HarvesterTarget | undefined {
    const t = targetScopeOf(scope);
    return t instanceof HarvesterTarget ? t : undefined;
  }

  /** The cluster's name (its output folder). */
  public readonly name: string;
  /** The cluster's Harvester release. */
  public readonly harvesterVersion: HarvesterVersion;
  /** The cluster's settings, each unset one at the release's default. */
  public readonly settings: HarvesterSettings;
  /** How the folder reaches the cluster, when set on the target. */
  public readonly delivery?: Delivery;
  /** The cluster's name in the delivery tool. */
  public readonly clusterName: string;
  /** The targets delivered before this one. */
  public readonly dependsOn: HarvesterTarget[];

  constructor(scope: Construct, id: string, props: HarvesterTargetProps) {
    super(scope, id);
    this.name = checkDnsLabel(this, 'name', props.name);
    this.harvesterVersion = props.harvesterVersion ?? HarvesterVersion.V1_6;
    try {
      this.settings = HarvesterSettings.of(this.harvesterVersion, props.settings ?? {});
    } catch (e) {
      throw problem(this, 'settings', (e as Error).message);
    }
    if (targetScopeOf(scope)) throw problem(this, 'scope', 'a HarvesterTarget cannot be inside another HarvesterTarget');
    this.delivery = props.delivery;
    this.clusterName = props.clusterName ?? this.name;
    this.dependsOn = [...(props.dependsOn ?? [])];
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(this.clusterName)) throw invalid(this, 'clusterName', this.clusterName, 'a cluster name (lower-case DNS name)');
    registerTarget(this, { name: this.name, settings: this.settings });
  }
}

import { ApiObject, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkFleetYaml } from './private/fleet-yaml';
import { SYNC_WAVES, TargetOutput, fleetYaml, managementObjects } from './private/config';
import { failure, invalid } from '../core/private/errors';
import { ManifestValidator } from '../validation/manifest-validator';

/** The folder of the management cluster's delivery objects (not a DNS label, so never a target's). */
const DELIVERY_FOLDER = '_delivery';
const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The GitOps tool that applies the output to the clusters. */
export enum DeliveryTool {
  /** Rancher Fleet: a `fleet.yaml` per target folder and a `GitRepo` per target. */
  FLEET = 'fleet',
  /** Argo CD: an `Application` per target (or one `ApplicationSet`). */
  ARGO_CD = 'argo-cd',
  /** Flux: a `GitRepository` and a `Kustomization` per target. */
  FLUX = 'flux',
}

/** Where the committed output lives. */
export interface GitSourceProps {
  /** URL of the Git repository the output is committed to. */
  readonly repoUrl: string;
  /** Branch. @default 'main' */
  readonly branch?: string;
  /** Folder of the output inside the repository (cdk8s.yaml `output`). @default 'dist' */
  readonly outputPath?: string;
}

/** Fleet delivery. */
export interface FleetDeliveryProps extends GitSourceProps {
  /** Namespace of the `GitRepo`s in the management cluster. @default 'fleet-default' */
  readonly namespace?: string;
  /**
   * More `fleet.yaml` keys for every target (checked against Fleet's field list: Fleet ignores
   * misspelt keys, GitVops refuses them).
   * @default - none
   */
  readonly fleetYaml?: { [key: string]: any };
}

/** Argo CD delivery. */
export interface ArgoCdDeliveryProps extends GitSourceProps {
  /** Namespace of the Applications (Argo CD's). @default 'argocd' */
  readonly namespace?: string;
  /** Argo CD project. @default 'default' */
  readonly project?: string;
  /** One `ApplicationSet` (list generator) for all targets instead of an `Application` each. @default false */
  readonly applicationSet?: boolean;
  /** Sync automatically (with self-heal; pruning never removes disks, see `protectFromPruning`). @default true */
  readonly automated?: boolean;
}

/** Flux delivery. */
export interface FluxDeliveryProps extends GitSourceProps {
  /** Namespace of the GitRepository and Kustomizations. @default 'flux-system' */
  readonly namespace?: string;
  /** Reconcile interval. @default Duration.minutes(10) */
  readonly interval?: Duration;
  /**
   * The Kustomizations apply to remote clusters through the kubeconfig Secret
   * `<clusterName>-kubeconfig` in `namespace` (Flux in a management cluster); false when Flux runs
   * in the target cluster itself.
   * @default true
   */
  readonly remoteClusters?: boolean;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * How the app's output reaches the clusters: the delivery config GitVops writes beside the
 * manifests (see the README's GitOps section). Chosen for the whole app (`GitVopsApp`'s
 * `delivery`) or per target (`HarvesterTarget`'s `delivery`).
 */
export class Delivery {
  /** Rancher Fleet. */
  public static fleet(props: FleetDeliveryProps): Delivery {
    return new Delivery(DeliveryTool.FLEET, props, props.namespace ?? 'fleet-default');
  }

  /** Argo CD. */
  public static argoCd(props: ArgoCdDeliveryProps): Delivery {
    return new Delivery(DeliveryTool.ARGO_CD, props, props.namespace ?? 'argocd');
  }

  /** Flux. */
  public static flux(props: FluxDeliveryProps): Delivery {
    return new Delivery(DeliveryTool.FLUX, props, props.namespace ?? 'flux-system');
  }

  /** The tool. */
  public readonly tool: DeliveryTool;
  /** Git repository URL. */
  public readonly repoUrl: string;
  /** Branch. */
  public readonly branch: string;
  /** Output folder inside the repository. */
  public readonly outputPath: string;
  /** Namespace of the delivery objects in the management cluster. */
  public readonly namespace: string;
  /**
   * The delivery files of the targets, as relative path → documents: `<target>/fleet.yaml` per
   * Fleet target, `_delivery/<tool><ext>` with the management cluster's objects. Throws on a
   * fleet.yaml key Fleet does not know or an object its CRD refuses. @internal
   */
  public static _files(outputs: TargetOutput[], fileExtension: string): Map<string, unknown[]> {
    const files = new Map<string, unknown[]>();
    const names = new Set<string>();
    for (const o of outputs) {
      if (names.has(o.name)) throw failure(undefined, 'name', `two HarvesterTargets are named "${o.name}": each needs its own output folder`);
      names.add(o.name);
      for (const dep of o.dependsOn) {
        const other = outputs.find((x) => x.name === dep);
        if (!other || other.delivery.tool !== o.delivery.tool) {
          throw failure(undefined, 'dependsOn', `target "${o.name}" depends on "${dep}", which is not delivered by ${o.delivery.tool} too: a tool orders only what it delivers`);
        }
      }
      const cycle = (name: string, path: string[]): string[] | undefined => {
        if (path.includes(name)) return [...path, name];
        const next = outputs.find((x) => x.name === name)?.dependsOn ?? [];
        for (const n of next) {
          const found = cycle(n, [...path, name]);
          if (found) return found;
        }
        return undefined;
      };
      const loop = cycle(o.name, []);
      if (loop) throw failure(undefined, 'dependsOn', `targets depend on each other in a cycle: ${loop.join(' → ')}`);
      if (o.delivery.tool !== DeliveryTool.FLEET) continue;
      const doc = fleetYaml(o);
      const problems = checkFleetYaml(doc);
      if (problems.length) throw failure(undefined, 'fleetYaml', `${o.name}/fleet.yaml: ${problems.join('; ')}`);
      files.set(`${o.name}/fleet.yaml`, [doc]);
    }
    for (const [tool, objects] of managementObjects(outputs)) {
      const problems = ManifestValidator.check(objects, { checkReferences: false });
      if (problems.length) throw failure(undefined, 'delivery', problems.map((p) => `${p.kind} ${p.name}: ${p.field}: ${p.message}`).join('; '));
      files.set(`${DELIVERY_FOLDER}/${tool}${fileExtension}`, objects);
    }
    return files;
  }

  /**
   * Problems of a `fleet.yaml` document against Fleet v0.16.1's field list (`field: message`
   * lines; empty when valid). Fleet ignores a misspelt key; this does not.
   */
  public static checkFleetYaml(doc: any): string[] {
    return checkFleetYaml(doc);
  }

  /** Argo CD sync-wave annotations on the objects under `scope`: what a VM stands on first. @internal */
  public static _addSyncWaves(scope: IConstruct): void {
    for (const c of scope.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      const wave = SYNC_WAVES[c.kind];
      if (wave !== undefined && c.metadata.toJson().annotations?.[SYNC_WAVE_ANNOTATION] === undefined) c.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
    }
  }

  /** @internal */
  public readonly _props: FleetDeliveryProps & ArgoCdDeliveryProps & FluxDeliveryProps;

  private constructor(tool: DeliveryTool, props: GitSourceProps, namespace: string) {
    this.tool = tool;
    if (!/^(https?|ssh|git):\/\/\S+$|^[\w.-]+@[\w.-]+:\S+$/.test(props.repoUrl)) {
      throw invalid(undefined, 'repoUrl', props.repoUrl, 'a Git URL (https://…, ssh://… or git@host:path)');
    }
    this.repoUrl = props.repoUrl;
    this.branch = props.branch ?? 'main';
    this.outputPath = (props.outputPath ?? 'dist').replace(/^\.\/|\/$/g, '');
    if (!DNS_LABEL.test(namespace)) throw invalid(undefined, 'namespace', namespace, 'a namespace name (DNS-1123 label)');
    this.namespace = namespace;
    this._props = props as any;
  }
}

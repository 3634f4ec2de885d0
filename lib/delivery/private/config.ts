/**
 * The delivery config of targets: what each GitOps tool needs to apply a target folder to its
 * cluster without fighting the cluster's controllers, and without pruning disks.
 */
import { CONTROLLER_FIELDS } from '../../platform/private/controller-fields';

/** What the renderers read of a `Delivery` (structurally: this module sits below it). */
export interface DeliverySpec {
  /** `fleet`, `argo-cd` or `flux` (DeliveryTool). */
  readonly tool: string;
  readonly repoUrl: string;
  readonly branch: string;
  readonly outputPath: string;
  readonly namespace: string;
  readonly _props: { fleetYaml?: { [key: string]: any }; project?: string; applicationSet?: boolean; automated?: boolean; interval?: { toSeconds(): number }; remoteClusters?: boolean };
}

const FLEET = 'fleet';
const ARGO_CD = 'argo-cd';

/** One target's output, as the writer hands it over. */
export interface TargetOutput {
  /** Folder name under the output (the target's name). */
  readonly name: string;
  /** The cluster's name in the delivery tool. */
  readonly clusterName: string;
  readonly delivery: DeliverySpec;
  /** The target's objects, resolved. */
  readonly objects: readonly any[];
  /** Names of the targets delivered before this one. */
  readonly dependsOn: readonly string[];
}

/**
 * Argo CD sync waves: what a VM stands on is applied (and healthy) before the VM — secret stores'
 * ExternalSecrets and Secrets, then images, networks, storage classes and IP pools, then disks,
 * then VMs, then the load balancers in front of them.
 */
export const SYNC_WAVES: Readonly<Record<string, number>> = {
  SecretStore: -3, ExternalSecret: -2, SealedSecret: -2, Secret: -2, ConfigMap: -2,
  VirtualMachineImage: -1, NetworkAttachmentDefinition: -1, StorageClass: -1, KeyPair: -1, IPPool: -1, ClusterNetwork: -1, VlanConfig: -1,
  PersistentVolumeClaim: 0, VirtualMachine: 1, LoadBalancer: 2,
};

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const path = (d: DeliverySpec, t: TargetOutput) => `${d.outputPath}/${t.name}`;

/** A target's fleet.yaml: namespace default, ignore rules per object, keep resources. */
export function fleetYaml(t: TargetOutput): any {
  const comparePatches: any[] = [];
  for (const obj of t.objects) {
    const fields = CONTROLLER_FIELDS.find((f) => f.kind === obj.kind && f.group === groupOf(obj.apiVersion));
    if (!fields) continue;
    comparePatches.push({
      apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace,
      operations: fields.pointers.map((p) => ({ op: 'remove', path: p })),
    });
  }
  return {
    // a bundle named after its target, so other targets can depend on it by name
    name: t.name,
    ...t.delivery._props.fleetYaml,
    ...(t.dependsOn.length ? { dependsOn: t.dependsOn.map((name) => ({ name })) } : {}),
    ...(comparePatches.length ? { diff: { comparePatches } } : {}),
    // a bundle removed from Git leaves its resources (the PVCs carry their own keep marker too)
    keepResources: true,
  };
}

/** The objects for the management cluster, one list per tool, in target order. */
export function managementObjects(targets: readonly TargetOutput[]): Map<string, any[]> {
  const out = new Map<string, any[]>();
  const push = (tool: string, obj: any) => out.set(tool, [...(out.get(tool) ?? []), obj]);
  const argoSets = new Map<DeliverySpec, TargetOutput[]>();
  const fluxSources = new Set<string>();
  for (const t of targets) {
    const d = t.delivery;
    const p = d._props;
    if (d.tool === FLEET) {
      push(d.tool, {
        apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: t.name, namespace: d.namespace },
        spec: { repo: d.repoUrl, branch: d.branch, paths: [path(d, t)], targets: [{ clusterName: t.clusterName }], keepResources: true },
      });
    } else if (d.tool === ARGO_CD) {
      if (p.applicationSet) argoSets.set(d, [...(argoSets.get(d) ?? []), t]);
      else {
        push(d.tool, {
          apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
          metadata: { name: t.name, namespace: d.namespace, ...(t.dependsOn.length ? { annotations: { 'argocd.argoproj.io/sync-wave': String(depth(t, targets)) } } : {}) },
          spec: argoSpec(d, path(d, t), t.clusterName),
        });
      }
    } else {
      const source = `${d.namespace}/${sourceName(d)}`;
      if (!fluxSources.has(source)) {
        fluxSources.add(source);
        push(d.tool, {
          apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: sourceName(d), namespace: d.namespace },
          spec: { interval: fluxInterval(d), url: d.repoUrl, ref: { branch: d.branch } },
        });
      }
      push(d.tool, {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: t.name, namespace: d.namespace },
        spec: {
          interval: fluxInterval(d), path: `./${path(d, t)}`, prune: true, wait: true,
          sourceRef: { kind: 'GitRepository', name: sourceName(d) },
          ...(t.dependsOn.length ? { dependsOn: t.dependsOn.map((name) => ({ name })) } : {}),
          ...(p.remoteClusters === false ? {} : { kubeConfig: { secretRef: { name: `${t.clusterName}-kubeconfig` } } }),
        },
      });
    }
  }
  for (const [d, ts] of argoSets) {
    push(ARGO_CD, {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: sourceName(d), namespace: d.namespace },
      spec: {
        goTemplate: true,
        generators: [{ list: { elements: ts.map((t) => ({ name: t.name, path: path(d, t), cluster: t.clusterName })) } }],
        template: { metadata: { name: '{{.name}}' }, spec: argoSpec(d, '{{.path}}', '{{.cluster}}') },
      },
    });
  }
  return out;
}

/** How many targets come before `t` (the longest dependsOn chain): its Argo CD sync wave. */
function depth(t: TargetOutput, all: readonly TargetOutput[], seen: string[] = []): number {
  if (seen.includes(t.name)) return 0;
  const before = t.dependsOn.map((n) => all.find((o) => o.name === n)).filter((o): o is TargetOutput => o !== undefined);
  return before.length ? 1 + Math.max(...before.map((o) => depth(o, all, [...seen, t.name]))) : 0;
}

function argoSpec(d: DeliverySpec, sourcePath: string, cluster: string): any {
  return {
    project: d._props.project ?? 'default',
    source: { repoURL: d.repoUrl, targetRevision: d.branch, path: sourcePath, directory: { recurse: false } },
    destination: { name: cluster },
    ignoreDifferences: CONTROLLER_FIELDS.map((f) => ({ group: f.group, kind: f.kind, jsonPointers: [...f.pointers] })),
    syncPolicy: {
      ...(d._props.automated === false ? {} : { automated: { prune: true, selfHeal: true } }),
      syncOptions: ['RespectIgnoreDifferences=true', 'CreateNamespace=false'],
    },
  };
}

/** The name of the app-wide Git source object: the repository's last path segment. */
function sourceName(d: DeliverySpec): string {
  const last = d.repoUrl.replace(/\.git$/, '').split(/[/:]/).filter(Boolean).pop() ?? 'gitvops';
  return last.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'gitvops';
}

function fluxInterval(d: DeliverySpec): string {
  const seconds = d._props.interval?.toSeconds() ?? 600;
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

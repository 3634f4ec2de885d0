import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { parse, parseAllDocuments } from 'yaml';
import { filesUnder as tree } from '../helpers/files';
import {
  Delivery, DiskSource, GitVopsApp, HarvesterTarget, HarvesterVersion, HarvesterVm, HarvesterVolume, ManifestValidator, NetworkSource, SynthValidation,
} from '../../lib';

const REPO = 'https://git.example.com/ops/vms.git';

/** A shared VM shape, reused under every target (plain code, as the README shows). */
class WebChart extends Chart {
  constructor(scope: Construct, id: string, vms: number) {
    super(scope, id, { namespace: 'default' });
    for (let i = 0; i < vms; i++) {
      const disk = HarvesterVolume.blank(this, `disk-${i}`, { name: `web-${i}-disk`, size: Size.gibibytes(10) });
      new HarvesterVm(this, `vm-${i}`, {
        name: `web-${i}`,
        disks: [{ name: 'disk', source: DiskSource.volume(disk) }],
        networks: [{ name: 'nic', source: NetworkSource.vmNetwork('default/vlan-10', { clusterNetwork: 'mgmt' }) }],
      });
    }
  }
}

function synth(build: (app: GitVopsApp) => void, props: ConstructorParameters<typeof GitVopsApp>[0] = {}): string {
  const outdir = mkdtempSync(join(tmpdir(), 'gitvops-delivery-'));
  const app = new GitVopsApp({ ...props, outdir });
  build(app);
  app.synth();
  return outdir;
}

const docs = (file: string) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());

describe('many clusters from one app: HarvesterTarget', () => {
  let out: string;
  beforeAll(() => {
    out = synth((app) => {
      const site = new HarvesterTarget(app, 'site-a', { name: 'site-a', harvesterVersion: HarvesterVersion.V1_6, delivery: Delivery.fleet({ repoUrl: REPO }) });
      new WebChart(site, 'web', 2);
      const lab = new HarvesterTarget(app, 'lab', {
        name: 'lab', harvesterVersion: HarvesterVersion.V1_8, clusterName: 'harvester-lab',
        settings: { overcommit: { cpu: 400, memory: 100, storage: 100 } },
        delivery: Delivery.argoCd({ repoUrl: REPO, branch: 'prod' }),
      });
      new WebChart(lab, 'web', 1);
      const edge = new HarvesterTarget(app, 'edge', { name: 'edge', delivery: Delivery.flux({ repoUrl: REPO, interval: Duration.minutes(5) }) });
      new WebChart(edge, 'web', 1);
    });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('one folder per target with its manifests and its delivery config', () => {
    expect(tree(out)).toEqual([
      '_delivery/argo-cd.k8s.yaml', '_delivery/fleet.k8s.yaml', '_delivery/flux.k8s.yaml',
      'edge/web.k8s.yaml', 'lab/web.k8s.yaml', 'site-a/fleet.yaml', 'site-a/web.k8s.yaml',
    ]);
  });

  test('each target is rendered for its own release and settings (same VM names in two clusters are fine)', () => {
    const siteVm = docs(join(out, 'site-a/web.k8s.yaml')).find((o) => o.kind === 'VirtualMachine');
    const labVm = docs(join(out, 'lab/web.k8s.yaml')).find((o) => o.kind === 'VirtualMachine');
    expect(siteVm.metadata.name).toBe(labVm.metadata.name);
    expect(siteVm.spec.template.spec.domain.resources.requests).toEqual({ cpu: '125m', memory: '2730Mi' });
    expect(labVm.spec.template.spec.domain.resources.requests).toEqual({ cpu: '500m', memory: '4Gi' });
    expect(siteVm.spec.template.spec.domain.firmware.uuid).toBeUndefined();
    expect(labVm.spec.template.spec.domain.firmware.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('Fleet: fleet.yaml ignores what controllers write, per object, and keeps resources; a GitRepo per target', () => {
    const fleet = parse(readFileSync(join(out, 'site-a/fleet.yaml'), 'utf8'));
    expect(fleet.keepResources).toBe(true);
    const vmPatch = fleet.diff.comparePatches.find((p: any) => p.kind === 'VirtualMachine' && p.name === 'web-0');
    expect(vmPatch).toEqual(expect.objectContaining({ apiVersion: 'kubevirt.io/v1', namespace: 'default' }));
    expect(vmPatch.operations).toContainEqual({ op: 'remove', path: '/metadata/annotations/kubevirt.io~1latest-observed-api-version' });
    expect(vmPatch.operations).toContainEqual({ op: 'remove', path: '/spec/template/metadata/creationTimestamp' });
    expect(fleet.diff.comparePatches.filter((p: any) => p.kind === 'PersistentVolumeClaim').map((p: any) => p.name)).toEqual(['web-0-disk', 'web-1-disk']);
    const [repo] = docs(join(out, '_delivery/fleet.k8s.yaml'));
    expect(repo).toEqual({
      apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: 'site-a', namespace: 'fleet-default' },
      spec: { branch: 'main', keepResources: true, paths: ['dist/site-a'], repo: REPO, targets: [{ clusterName: 'site-a' }] },
    });
  });

  test('Argo CD: an Application with ignoreDifferences honoured by the sync, sync waves on the objects', () => {
    const [application] = docs(join(out, '_delivery/argo-cd.k8s.yaml'));
    expect(application.kind).toBe('Application');
    expect(application.spec.source).toEqual({ repoURL: REPO, targetRevision: 'prod', path: 'dist/lab', directory: { recurse: false } });
    expect(application.spec.destination).toEqual({ name: 'harvester-lab' });
    expect(application.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
    expect(application.spec.ignoreDifferences).toContainEqual(expect.objectContaining({ group: 'kubevirt.io', kind: 'VirtualMachine' }));
    const objects = docs(join(out, 'lab/web.k8s.yaml'));
    const wave = (kind: string) => Number(objects.find((o) => o.kind === kind).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('PersistentVolumeClaim')).toBe(0);
    expect(wave('VirtualMachine')).toBe(1);
    // Fleet and Flux targets get no Argo CD annotations
    expect(docs(join(out, 'site-a/web.k8s.yaml')).find((o) => o.kind === 'VirtualMachine').metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBeUndefined();
  });

  test('Flux: one GitRepository, a Kustomization per target (prune, wait, remote kubeconfig)', () => {
    const [source, kustomization] = docs(join(out, '_delivery/flux.k8s.yaml'));
    expect(source).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'vms', namespace: 'flux-system' },
      spec: { interval: '5m', ref: { branch: 'main' }, url: REPO },
    });
    expect(kustomization.spec).toEqual({
      interval: '5m', path: './dist/edge', prune: true, wait: true, sourceRef: { kind: 'GitRepository', name: 'vms' },
      kubeConfig: { secretRef: { name: 'edge-kubeconfig' } },
    });
  });

  test('disks carry every tool\'s do-not-prune marker', () => {
    for (const file of ['site-a/web.k8s.yaml', 'lab/web.k8s.yaml', 'edge/web.k8s.yaml']) {
      for (const pvc of docs(join(out, file)).filter((o) => o.kind === 'PersistentVolumeClaim')) {
        expect(pvc.metadata.annotations).toEqual(expect.objectContaining({
          'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled', 'helm.sh/resource-policy': 'keep',
        }));
      }
    }
  });

  test('the delivery objects pass their upstream CRDs', () => {
    for (const tool of ['fleet', 'argo-cd', 'flux']) {
      expect(ManifestValidator.check(docs(join(out, `_delivery/${tool}.k8s.yaml`)), { checkReferences: false })).toEqual([]);
    }
  });
});

describe('a target\'s settings reach validation', () => {
  test('a VM written for a target\'s own overcommit has no drift warning (checked with that target\'s settings, not the defaults)', () => {
    const app = new GitVopsApp({ outdir: mkdtempSync(join(tmpdir(), 'gitvops-delivery-')) });
    const lab = new HarvesterTarget(app, 'lab', { name: 'lab', harvesterVersion: HarvesterVersion.V1_8, settings: { overcommit: { cpu: 400, memory: 120, storage: 100 } } });
    new WebChart(lab, 'web', 1);
    expect(SynthValidation.check(app).filter((p) => p.warning)).toEqual([]);
    rmSync(app.outdir, { recursive: true, force: true });
  });
});

describe('delivery chosen once for the app', () => {
  test('an ApplicationSet for all targets, each target its own element', () => {
    const out = synth((app) => {
      for (const name of ['dc1', 'dc2']) new WebChart(new HarvesterTarget(app, name, { name }), 'web', 1);
    }, { delivery: Delivery.argoCd({ repoUrl: REPO, applicationSet: true }) });
    const [set] = docs(join(out, '_delivery/argo-cd.k8s.yaml'));
    expect(set.kind).toBe('ApplicationSet');
    expect(set.spec.generators[0].list.elements).toEqual([{ name: 'dc1', path: 'dist/dc1', cluster: 'dc1' }, { name: 'dc2', path: 'dist/dc2', cluster: 'dc2' }]);
    expect(ManifestValidator.check([set], { checkReferences: false })).toEqual([]);
    rmSync(out, { recursive: true, force: true });
  });

  test('a misspelt fleet.yaml key fails synth (Fleet would ignore it)', () => {
    expect(() => synth((app) => {
      new WebChart(new HarvesterTarget(app, 't', { name: 't' }), 'web', 1);
    }, { delivery: Delivery.fleet({ repoUrl: REPO, fleetYaml: { defaultNamespce: 'vms' } }) })).toThrow('t/fleet.yaml: (top level): "defaultNamespce" is not a fleet.yaml key (Fleet would ignore it)');
  });

  test('a repository URL that is not one fails at once', () => {
    expect(() => Delivery.flux({ repoUrl: 'vms' })).toThrow('repoUrl: "vms" is invalid; allowed: a Git URL');
  });

  test('without targets the output is as before: one file per chart at the top', () => {
    const out = synth((app) => new WebChart(app, 'web', 1));
    expect(tree(out)).toEqual(['web.k8s.yaml']);
    rmSync(out, { recursive: true, force: true });
  });
});

describe('ordering targets: dependsOn', () => {
  const build = (delivery: Delivery) => (app: GitVopsApp) => {
    const shared = new HarvesterTarget(app, 'shared', { name: 'shared' });
    new WebChart(shared, 'web', 1);
    const site = new HarvesterTarget(app, 'site', { name: 'site', dependsOn: [shared] });
    new WebChart(site, 'web', 1);
    void delivery;
  };

  test('Fleet: bundles named after their targets, dependsOn by name', () => {
    const out = synth(build(Delivery.fleet({ repoUrl: REPO })), { delivery: Delivery.fleet({ repoUrl: REPO }) });
    expect(parse(readFileSync(join(out, 'site/fleet.yaml'), 'utf8'))).toEqual(expect.objectContaining({ name: 'site', dependsOn: [{ name: 'shared' }] }));
    expect(parse(readFileSync(join(out, 'shared/fleet.yaml'), 'utf8')).dependsOn).toBeUndefined();
    rmSync(out, { recursive: true, force: true });
  });

  test('Flux: Kustomization dependsOn; Argo CD: a later sync wave', () => {
    const flux = synth(build(Delivery.flux({ repoUrl: REPO })), { delivery: Delivery.flux({ repoUrl: REPO }) });
    const site = docs(join(flux, '_delivery/flux.k8s.yaml')).find((o) => o.kind === 'Kustomization' && o.metadata.name === 'site');
    expect(site.spec.dependsOn).toEqual([{ name: 'shared' }]);
    const argo = synth(build(Delivery.argoCd({ repoUrl: REPO })), { delivery: Delivery.argoCd({ repoUrl: REPO }) });
    const apps = docs(join(argo, '_delivery/argo-cd.k8s.yaml'));
    expect(apps.find((a) => a.metadata.name === 'site').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
    expect(apps.find((a) => a.metadata.name === 'shared').metadata.annotations).toBeUndefined();
    for (const d of [flux, argo]) rmSync(d, { recursive: true, force: true });
  });

  test('a dependency on a target another tool delivers fails synth', () => {
    expect(() => synth((app) => {
      const a = new HarvesterTarget(app, 'a', { name: 'a', delivery: Delivery.flux({ repoUrl: REPO }) });
      new WebChart(a, 'web', 1);
      new WebChart(new HarvesterTarget(app, 'b', { name: 'b', dependsOn: [a], delivery: Delivery.fleet({ repoUrl: REPO }) }), 'web', 1);
    })).toThrow('target "b" depends on "a", which is not delivered by fleet too');
  });
});

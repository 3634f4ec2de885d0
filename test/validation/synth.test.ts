import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import { DiskSource, HarvesterVm, HarvesterVolume, HarvesterVersion, SynthValidation } from '../../lib';

const ROOT = join(__dirname, '..', '..');

function newApp(): { app: App; chart: Chart; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'gitvops-synth-'));
  const app = new App({ outdir });
  return { app, chart: new Chart(app, 'lab', { namespace: 'default' }), outdir };
}

function synthError(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return String((e as Error).message);
  }
  throw new Error('synth did not fail');
}

describe('validation at synth', () => {
  let outdir: string;
  afterEach(() => outdir && rmSync(outdir, { recursive: true, force: true }));

  test('a valid app writes its files', () => {
    const t = newApp();
    outdir = t.outdir;
    new HarvesterVm(t.chart, 'vm', { name: 'web' });
    t.app.synth();
    expect(readdirSync(outdir)).toEqual(['lab.k8s.yaml']);
  });

  test('a drift warning (a field the webhooks would rewrite) never fails synth: it is warned about', () => {
    const t = newApp();
    outdir = t.outdir;
    const vm = new HarvesterVm(t.chart, 'vm', { name: 'web' });
    vm.apiObject.addJsonPatch(JsonPatch.replace('/spec/template/spec/domain/resources/requests/cpu', '2'));
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { written.push(String(chunk)); return true; });
    try {
      t.app.synth();
    } finally {
      spy.mockRestore();
    }
    expect(readdirSync(outdir)).toEqual(['lab.k8s.yaml']);
    expect(written.join('')).toContain("[gitvops] WARNING: drift: {lab/vm/Resource} VirtualMachine default/web: spec.template.spec.domain.resources.requests.cpu: Harvester's mutator writes 125m");
    const problems = SynthValidation.check(t.chart);
    expect(problems).toEqual([expect.objectContaining({ rule: 'drift.vm.requests', warning: true, value: '2' })]);
  });

  test('an escape-hatch patch that Harvester would reject fails synth, and nothing is written', () => {
    const t = newApp();
    outdir = t.outdir;
    const vm = new HarvesterVm(t.chart, 'vm', { name: 'web' });
    vm.apiObject.addJsonPatch(JsonPatch.add('/spec/runStrategy', 'Bogus'));
    vm.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/domain/cpu/cores', 0.5));
    const message = synthError(t.app);
    expect(message).toContain('{lab/vm/Resource} VirtualMachine default/web: spec.runStrategy: must be one of: Always, RerunOnFailure, Manual, Halted, Once (value: "Bogus")');
    expect(message).toContain('{lab/vm/Resource} VirtualMachine default/web: spec.template.spec.domain.cpu.cores: must be integer (value: 0.5)');
    expect(readdirSync(outdir)).toEqual([]);
  });

  test('plain ApiObjects added by hand are checked when their kind is known', () => {
    const t = newApp();
    outdir = t.outdir;
    new HarvesterVm(t.chart, 'vm', { name: 'web' });
    new ApiObject(t.chart, 'pvc', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'x' }, spec: { storageClass: 'y' } });
    new ApiObject(t.chart, 'widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, anything: true });
    const message = synthError(t.app);
    expect(message).toContain('{lab/pvc} PersistentVolumeClaim default/x: spec.storageClass: unknown field "storageClass"');
    expect(message).not.toContain('Widget');
  });

  test('references to claims outside the app: existing claims are declared, others rejected', () => {
    const t = newApp();
    outdir = t.outdir;
    const existing = HarvesterVolume.fromClaimName(t.chart, 'old', 'old-disk');
    new HarvesterVm(t.chart, 'vm', { name: 'web', disks: [{ name: 'root', source: DiskSource.volume(existing), bootOrder: 1 }] });
    t.app.synth();
    const t2 = newApp();
    const vm = new HarvesterVm(t2.chart, 'vm', { name: 'web' });
    vm.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/volumes', [{ name: 'd', persistentVolumeClaim: { claimName: 'ghost' } }]));
    vm.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/domain/devices/disks', [{ name: 'd', disk: { bus: 'virtio' } }]));
    expect(synthError(t2.app)).toContain('spec.template.spec.volumes[0].persistentVolumeClaim.claimName: no PersistentVolumeClaim of that name in the output (declare it external if it exists) (value: "ghost")');
    SynthValidation.configure(t2.chart, { externalClaims: ['default/ghost'] });
    t2.app.synth();
    rmSync(t2.outdir, { recursive: true, force: true });
  });

  test('the target release decides which fields exist', () => {
    const t = newApp();
    outdir = t.outdir;
    const vm = new HarvesterVm(t.chart, 'vm', { name: 'web', memory: Size.gibibytes(2) });
    vm.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/domain/devices/video', { type: 'virtio' }));
    expect(synthError(t.app)).toContain('spec.template.spec.domain.devices.video: unknown field "video"');
    SynthValidation.configure(t.chart, { harvesterVersion: HarvesterVersion.V1_8 });
    t.app.synth();
    expect(readdirSync(outdir)).toEqual(['lab.k8s.yaml']);
  });

  test('cdk8s synth of an invalid app exits non-zero with the report and writes nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'gitvops-cli-synth-'));
    outdir = out;
    const result = spawnSync(process.execPath, ['-r', join(ROOT, 'scripts', 'register.js'), join(ROOT, 'test', 'fixtures', 'invalid-app.ts')], {
      encoding: 'utf8', env: { ...process.env, OUTDIR: out },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('VirtualMachine default/web: spec.runStrategy: must be one of');
    expect(readdirSync(out)).toEqual([]);
    // the same app through the cdk8s CLI, as `npx cdk8s synth` runs it
    const cli = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade',
      '--app', `${process.execPath} -r ./scripts/register.js test/fixtures/invalid-app.ts`, '--output', out], { cwd: ROOT, encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stdout + cli.stderr).toContain('spec.runStrategy: must be one of');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('cloud-init data at synth', () => {
  test('an unknown cloud-config key set through the escape hatch fails synth', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'gitvops-synth-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'lab', { namespace: 'default' });
    const { CloudInitSecret } = jest.requireActual('../../lib');
    const ci = new CloudInitSecret(chart, 'ci', { name: 'ci' });
    ci.addConfig('packagez', ['vim']);
    expect(synthError(app)).toContain('{lab/ci/Resource} Secret default/ci: userdata.packagez: is not a cloud-config key cloud-init knows');
    expect(readdirSync(outdir)).toEqual([]);
    rmSync(outdir, { recursive: true, force: true });
  });

  test('a hand-made Secret with user data is parsed and checked', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'gitvops-synth-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'lab', { namespace: 'default' });
    new HarvesterVm(chart, 'vm', { name: 'web' });
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'raw' }, stringData: { userdata: '#cloud-config\nbogus: 1\n' } });
    expect(synthError(app)).toContain('{lab/raw} Secret default/raw: stringData.userdata.bogus: is not a cloud-config key cloud-init knows');
    rmSync(outdir, { recursive: true, force: true });
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { ExitCode, runValidate } from '../../lib/cli/validate';

const ROOT = join(__dirname, '..', '..');
const GOLDEN = join(ROOT, 'test', 'golden');

function run(args: string[]): { code: ExitCode; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runValidate(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

function goldenObjects(file: string): any[] {
  return parseAllDocuments(readFileSync(join(GOLDEN, file), 'utf8')).map((d) => d.toJS());
}

describe('gitvops validate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitvops-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, objects: any[]): string {
    const file = join(dir, name);
    writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
    return file;
  }

  test('the examples\' output is clean: exit 0, nothing on stdout', () => {
    const result = run([GOLDEN]);
    expect(result.out).toEqual([]);
    expect(result.code).toBe(ExitCode.CLEAN);
    // lab/ is for a cluster with its own overcommit setting: against the defaults its requests are
    // drift warnings (never errors); everything else carries what the webhooks write
    const warnings = result.err.filter((l) => l.startsWith('warning (drift): '));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((l) => l.includes(`${join(GOLDEN, 'lab')}/`) && l.includes('requests'))).toBe(true);
    expect(result.err[result.err.length - 1]).toMatch(/^\d+ objects valid for Harvester 1\.6, \d+ drift warnings$/);
  });

  test('one line per problem as file:doc#:kind/name:field: message, exit 1', () => {
    const objects = goldenObjects('single-vm.k8s.yaml');
    const vm = objects.find((o) => o.kind === 'VirtualMachine');
    vm.spec.runStrategy = 'Bogus';
    vm.spec.template.spec.domain.cpu.cores = '2';
    vm.spec.template.spec.hostname = 'web.01';
    const file = write('app.yaml', objects);
    const doc = objects.indexOf(vm) + 1;
    const result = run([file]);
    expect(result.code).toBe(ExitCode.PROBLEMS);
    expect(result.out).toContain(`${file}:${doc}:VirtualMachine/web-01:spec.runStrategy: must be one of: Always, RerunOnFailure, Manual, Halted, Once`);
    expect(result.out).toContain(`${file}:${doc}:VirtualMachine/web-01:spec.template.spec.hostname: must be a DNS-1123 label (at most 63 characters, no dots)`);
    expect(result.out.some((l) => l.startsWith(`${file}:${doc}:VirtualMachine/web-01:spec.template.spec.domain.cpu.cores:`))).toBe(true);
    expect(result.err.join('\n')).toMatch(/^3 problems in 6 objects$/);
  });

  test('GitVops output with targets: each folder is its own cluster; fleet.yaml checked against Fleet\'s fields', () => {
    const web = goldenObjects('prod/web.k8s.yaml');
    for (const t of ['a', 'b']) mkdirSync(join(dir, t));
    mkdirSync(join(dir, '_delivery'));
    write('a/web.k8s.yaml', web);
    write('b/web.k8s.yaml', web);
    writeFileSync(join(dir, 'a', 'fleet.yaml'), 'keepResources: true\ndefaultNamespce: web\n');
    const result = run([dir]);
    expect(result.out).toEqual([`${join(dir, 'a', 'fleet.yaml')}:1:fleet.yaml:(top level): "defaultNamespce" is not a fleet.yaml key (Fleet would ignore it)`]);
    // the same names in two folders are two clusters' objects, not duplicates; without the layout they clash
    rmSync(join(dir, '_delivery'), { recursive: true });
    rmSync(join(dir, 'a', 'fleet.yaml'));
    expect(run([dir]).out.some((l) => l.includes('the cluster keeps one object'))).toBe(true);
    expect(run([dir, '--clusters-by-folder']).out).toEqual([]);
  });

  test('references across files of one run are resolved; a missing one is reported', () => {
    const objects = goldenObjects('single-vm.k8s.yaml');
    const vms = objects.filter((o) => o.kind === 'VirtualMachine');
    const rest = objects.filter((o) => o.kind !== 'VirtualMachine');
    mkdirSync(join(dir, 'nested'));
    write('nested/vm.yaml', vms);
    write('rest.yml', rest);
    expect(run([dir]).code).toBe(ExitCode.CLEAN);
    const alone = run([join(dir, 'nested', 'vm.yaml')]);
    expect(alone.code).toBe(ExitCode.PROBLEMS);
    expect(alone.out.join('\n')).toContain('no PersistentVolumeClaim of that name');
    expect(run([join(dir, 'nested', 'vm.yaml'), '--no-references']).code).toBe(ExitCode.CLEAN);
  });

  test('cloud-init data in Secrets is checked', () => {
    const objects = goldenObjects('single-vm.k8s.yaml');
    const secret = objects.find((o) => o.kind === 'Secret');
    secret.stringData.userdata = '#cloud-config\nhostname: x\npackagez: [vim]\n';
    const result = run([write('s.yaml', objects)]);
    expect(result.code).toBe(ExitCode.PROBLEMS);
    expect(result.out.join('\n')).toContain(':Secret/web-01-cloudinit:stringData.userdata.packagez: is not a cloud-config key cloud-init knows');
  });

  test('--harvester-version 1.8 is accepted; other versions are a usage error', () => {
    expect(run([GOLDEN, '--harvester-version', '1.8']).code).toBe(ExitCode.CLEAN);
    const bad = run([GOLDEN, '--harvester-version', '1.7']);
    expect(bad.code).toBe(ExitCode.UNREADABLE);
    expect(bad.err[0]).toBe('gitvops validate: --harvester-version must be one of 1.6, 1.8, got "1.7"');
  });

  test('unreadable input exits 2', () => {
    expect(run([join(dir, 'missing.yaml')]).code).toBe(ExitCode.UNREADABLE);
    writeFileSync(join(dir, 'broken.yaml'), 'a: [unclosed\n');
    const broken = run([join(dir, 'broken.yaml')]);
    expect(broken.code).toBe(ExitCode.UNREADABLE);
    expect(broken.err[0]).toMatch(/broken\.yaml:1: not valid YAML/);
    expect(run([]).code).toBe(ExitCode.UNREADABLE);
  });

  test('the installed command: bin/gitvops.js exit codes', () => {
    const bin = join(ROOT, 'bin', 'gitvops.js');
    const ok = spawnSync(process.execPath, [bin, 'validate', GOLDEN], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const objects = goldenObjects('single-vm.k8s.yaml');
    objects.find((o) => o.kind === 'PersistentVolumeClaim').spec.bogus = true;
    const bad = spawnSync(process.execPath, [bin, 'validate', write('bad.yaml', objects)], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/:1:PersistentVolumeClaim\/web-01-root:spec\.bogus: /);
    expect(spawnSync(process.execPath, [bin, 'validate'], { encoding: 'utf8' }).status).toBe(2);
  });
});

describe('gitvops validate: nothing read, duplicates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitvops-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('an empty directory, or one without YAML, exits 2: a mistyped path in CI does not pass', () => {
    const empty = run([dir]);
    expect(empty.code).toBe(ExitCode.UNREADABLE);
    expect(empty.err).toEqual([`gitvops validate: no Kubernetes objects found in ${dir}`]);
    writeFileSync(join(dir, 'notes.txt'), 'kind: VirtualMachine\n');
    expect(run([dir]).code).toBe(ExitCode.UNREADABLE);
  });

  test('one object in two files: both file:doc positions are named', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } };
    writeFileSync(join(dir, 'a.yaml'), stringify(cm));
    writeFileSync(join(dir, 'b.yaml'), `${stringify({ ...cm, metadata: { name: 'other', namespace: 'default' } })}---\n${stringify({ ...cm, data: { a: '2' } })}`);
    const result = run([dir]);
    expect(result.code).toBe(ExitCode.PROBLEMS);
    expect(result.out).toEqual([
      `${join(dir, 'b.yaml')}:2:ConfigMap/settings:metadata.name: the same API group, kind, namespace and name as ${join(dir, 'a.yaml')}:1: the cluster keeps one object, so one would silently replace the other`,
    ]);
  });
});

describe('gitvops validate accepts what Harvester accepts', () => {
  const fixture = join(ROOT, 'test', 'fixtures', 'harvester-ui-export.yaml');

  test('a VM exported from the Harvester UI (server fields, controller annotations, volumeClaimTemplates) validates clean for 1.6 and 1.8', () => {
    for (const version of ['1.6', '1.8']) {
      const result = run([fixture, '--harvester-version', version]);
      expect(result.out).toEqual([]);
      expect(result.code).toBe(ExitCode.CLEAN);
    }
  });

  test('the annotation is what declares the claim: without it the claim is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitvops-cli-'));
    try {
      const docs = parseAllDocuments(readFileSync(fixture, 'utf8')).map((d) => d.toJS());
      delete docs[0].metadata.annotations['harvesterhci.io/volumeClaimTemplates'];
      writeFileSync(join(dir, 'vm.yaml'), docs.map((d) => stringify(d)).join('---\n'));
      const result = run([join(dir, 'vm.yaml')]);
      expect(result.code).toBe(ExitCode.PROBLEMS);
      expect(result.out).toEqual([`${join(dir, 'vm.yaml')}:1:VirtualMachine/web-01:spec.template.spec.volumes[0].persistentVolumeClaim.claimName: no PersistentVolumeClaim of that name in the output (declare it external if it exists)`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// `gitvops synth` as a user runs it: the real command in a scratch project (its own cdk8s.yaml and
// app, the repository's node_modules linked in), with hashes of the output tree before and after.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { makeSealingKeyPair } from '../helpers/sealing';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'gitvops.js');
const LIB = join(ROOT, 'lib');

let dir: string;
let config: string;
// one code and schema cache for the file's runs, outside the work tree (not 'off': every run would
// compile the validators and cloud-init's schema again, ~0.7 s each)
const cache = mkdtempSync(join(tmpdir(), 'gitvops-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitvops-synth-'));
  config = mkdtempSync(join(tmpdir(), 'gitvops-config-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'cdk8s.yaml'), 'language: typescript\napp: node main.ts\noutput: dist\n');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(config, { recursive: true, force: true });
});

/** An app of one VM; `extra` is code appended inside the chart (it may break the app). */
function app(extra = '', header = ''): void {
  writeFileSync(join(dir, 'main.ts'), `
import { App, Chart, Size } from 'cdk8s';
import { HarvesterVm, SecretOutput, SecretValue } from ${JSON.stringify(LIB)};
${header}
const app = new App();
const chart = new Chart(app, 'vms', { namespace: 'default' });
new HarvesterVm(chart, 'web', { name: 'web', memory: Size.gibibytes(1), userData: { packages: ['nginx'] } });
${extra}
void SecretOutput; void SecretValue;
app.synth();
`);
}

function synth(args: string[] = [], env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, [BIN, 'synth', ...args], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: config, GITVOPS_CODE_CACHE: cache, ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Every file under `root` (relative path → sha256 of its bytes). */
function hashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

const leftovers = () => readdirSync(dir).filter((f) => f.includes('gitvops-synth') || f.includes('gitvops-old'));

describe('gitvops synth', () => {
  test('writes the output of cdk8s.yaml; a second run gives the same bytes; nothing is left beside it', () => {
    app();
    const first = synth();
    expect(first.err).toBe('gitvops synth: dist/ written (1 file)\n');
    expect(first.code).toBe(0);
    const tree = hashes(join(dir, 'dist'));
    expect(Object.keys(tree)).toEqual(['vms.k8s.yaml']);
    expect(readFileSync(join(dir, 'dist', 'vms.k8s.yaml'), 'utf8')).toContain('kind: VirtualMachine');
    expect(synth().code).toBe(0);
    expect(hashes(join(dir, 'dist'))).toEqual(tree);
    expect(leftovers()).toEqual([]);
  });

  test('a construction error: exit 1, the populated output unchanged byte for byte, a report without a stack trace', () => {
    app();
    synth();
    writeFileSync(join(dir, 'dist', 'kept-by-the-user.txt'), 'x');
    const before = hashes(join(dir, 'dist'));
    app(`new HarvesterVm(chart, 'bad', { name: 'bad', cpu: { cores: 0 } });`);
    const failed = synth();
    expect(failed.code).toBe(1);
    expect(failed.err).toBe("gitvops synth: failed; dist/ is unchanged\nHarvesterVm 'vms/bad': cpu.cores: 0 is invalid; allowed: an integer from 1 to 512\n");
    expect(hashes(join(dir, 'dist'))).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  test('two objects of one kind, namespace and name: refused at synth naming both construct paths', () => {
    app(`new HarvesterVm(chart, 'web-again', { name: 'web', memory: Size.gibibytes(1) });`);
    const failed = synth();
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('{vms/web-again/Resource} VirtualMachine default/web: metadata.name: the same API group, kind, namespace and name as {vms/web/Resource}');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('an unexpected error names itself and points at --debug; --debug prints the stack', () => {
    app(`throw new TypeError('boom');`);
    const failed = synth();
    expect(failed.code).toBe(1);
    expect(failed.err).toBe('gitvops synth: failed; dist/ is unchanged\nboom\n(an unexpected error: run with --debug for the stack trace)\n');
    const debug = synth(['--debug']);
    expect(debug.err).toMatch(/TypeError: boom\n\s+at /);
  });

  test('--check: exit 0 when the committed output is what the app writes, else 1 with the stale files; never writes', () => {
    app();
    synth();
    expect(synth(['--check'])).toMatchObject({ code: 0, err: 'gitvops synth --check: dist/ is up to date (1 file)\n' });
    writeFileSync(join(dir, 'dist', 'vms.k8s.yaml'), 'edited by hand\n');
    writeFileSync(join(dir, 'dist', 'old.k8s.yaml'), 'left over\n');
    const before = hashes(join(dir, 'dist'));
    const stale = synth(['--check']);
    expect(stale.code).toBe(1);
    expect(stale.out).toBe('dist/vms.k8s.yaml: differs from what the app writes\ndist/old.k8s.yaml: not written by the app any more\n');
    expect(hashes(join(dir, 'dist'))).toEqual(before);
  });

  test('warnings are one summary line; --verbose lists them', () => {
    app(`new HarvesterVm(chart, 'db', { name: 'db', memory: Size.gibibytes(1), userData: { files: [{ path: '/t', content: \`\${SecretValue.unsafePlainText('x')}\` }] }, secretOutput: SecretOutput.unsafePlainText() });`);
    const quiet = synth();
    expect(quiet.code).toBe(0);
    expect(quiet.err).toBe('1 warning (plain-text secret material and the like): run with --verbose to list them\ngitvops synth: dist/ written (1 file)\n');
    const verbose = synth(['--verbose']);
    expect(verbose.err).toContain("warning: CloudInitSecret 'vms/db/CloudInit': Secret default/db-cloudinit holds secret material in plain text (a plain-text literal) because SecretOutput.unsafePlainText() was chosen");
  });

  test('SecretValue.fromEnv with no output chosen: one error, no misleading warning', () => {
    app(`new HarvesterVm(chart, 'db', { name: 'db', memory: Size.gibibytes(1), userData: { files: [{ path: '/t', content: \`\${SecretValue.fromEnv('GITVOPS_TEST_TOKEN')}\` }] } });`);
    const failed = synth([], { GITVOPS_TEST_TOKEN: 'x' });
    expect(failed.code).toBe(1);
    expect(failed.err).not.toContain('warning');
    expect(failed.err).toContain("CloudInitSecret 'vms/db/CloudInit': secretOutput: would write secret material in plain text (environment variable GITVOPS_TEST_TOKEN)");
  });
});

describe('gitvops synth and the seal cache', () => {
  const pair = makeSealingKeyPair();
  afterAll(() => pair.cleanup());
  const sealedApp = () => app(`
new HarvesterVm(chart, 'db', {
  name: 'db', memory: Size.gibibytes(1),
  userData: { files: [{ path: '/etc/token', content: \`\${SecretValue.fromEnv('GITVOPS_TEST_TOKEN')}\` }, { path: '/etc/pw', content: \`\${SecretValue.fromEnv('GITVOPS_TEST_PW')}\` }] },
  secretOutput: SecretOutput.sealedSecret({ certificateFile: ${JSON.stringify(pair.certFile)} }),
});`);

  test('a failed synth keeps the cache byte for byte; the next good synth is byte-identical to the last', () => {
    sealedApp();
    const env = { GITVOPS_TEST_TOKEN: 'tok', GITVOPS_TEST_PW: 'pw' };
    expect(synth([], env).code).toBe(0);
    const cache = readFileSync(join(dir, '.gitvops-seal-cache.json'), 'utf8');
    expect(Object.keys(JSON.parse(cache).entries)).toHaveLength(2);
    const output = hashes(join(dir, 'dist'));
    const failed = synth([], { GITVOPS_TEST_PW: 'pw' });
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('SecretValue: environment variable GITVOPS_TEST_TOKEN is not set');
    expect(readFileSync(join(dir, '.gitvops-seal-cache.json'), 'utf8')).toBe(cache);
    expect(synth([], env).code).toBe(0);
    expect(hashes(join(dir, 'dist'))).toEqual(output);
  });

  test('the cache key is never created inside the work tree: it lives in the user config dir, mode 0600', () => {
    spawnSync('git', ['init', '-q'], { cwd: dir });
    sealedApp();
    expect(synth([], { GITVOPS_TEST_TOKEN: 'tok', GITVOPS_TEST_PW: 'pw' }).code).toBe(0);
    const inRepo = spawnSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(inRepo.filter((f) => !f.startsWith('node_modules'))).toEqual(['.gitvops-seal-cache.json', 'cdk8s.yaml', 'dist/vms.k8s.yaml', 'main.ts']);
    const keys = readdirSync(join(config, 'gitvops', 'seal-cache-keys'));
    expect(keys).toHaveLength(1);
    expect(statSync(join(config, 'gitvops', 'seal-cache-keys', keys[0])).mode & 0o777).toBe(0o600);
    expect(statSync(join(config, 'gitvops', 'seal-cache-keys')).mode & 0o777).toBe(0o700);
  });

  test('a certificate file that is a private key, an EC certificate or not a certificate: the prop, the file and what is expected', () => {
    writeFileSync(join(dir, 'not-a-cert.pem'), 'hello\n');
    spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'ec-key.pem'), '-out', join(dir, 'ec.pem'), '-subj', '/CN=x', '-days', '1'], { stdio: 'ignore' });
    for (const [file, what] of [
      [join(pair.dir, 'key.pem'), 'holds a private key'],
      [join(dir, 'not-a-cert.pem'), 'is not a PEM X.509 certificate'],
      [join(dir, 'ec.pem'), 'holds a key of type EC, not RSA'],
      [join(dir, 'missing.pem'), 'cannot be read (ENOENT)'],
    ]) {
      app(`SecretOutput.sealedSecret({ certificateFile: ${JSON.stringify(file)} });`);
      const failed = synth();
      expect(failed.code).toBe(1);
      expect(failed.err).toContain(`SecretOutput.sealedSecret.certificateFile: file ${file} ${what}; expected the PEM certificate of the sealed-secrets controller's RSA key, as \`kubeseal --fetch-cert\` prints it`);
      expect(failed.err).not.toContain('    at ');
    }
  });
});

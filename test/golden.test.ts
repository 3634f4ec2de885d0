import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesUnder as files } from './helpers/files';
import { GitVopsApp } from '../lib';
import { EnvironmentChart } from '../examples/environment';
import { Rke2ClusterChart } from '../examples/rke2-cluster';
import { addSites } from '../examples/sites';
import { SingleVmChart } from '../examples/single-vm';

// The examples' synthesized files, byte for byte. Any change to the output shows up here as a
// diff to review; regenerate on purpose with UPDATE_GOLDEN=1 npx jest test/golden.test.ts.
const GOLDEN = join(__dirname, 'golden');

function synthExamples(): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'gitvops-golden-'));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    // the app of examples/main.ts (GitVopsApp writes what cdk8s' App writes, plus the target folders)
    const app = new GitVopsApp({ outdir });
    new SingleVmChart(app, 'single-vm');
    new Rke2ClusterChart(app, 'rke2-cluster');
    new EnvironmentChart(app, 'environment');
    addSites(app);
    app.synth();
    return new Map(files(outdir).map((f) => [f, readFileSync(join(outdir, f), 'utf8')]));
  } finally {
    stderr.mockRestore();
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('golden output of the examples', () => {
  const synthesized = synthExamples();

  if (process.env.UPDATE_GOLDEN === '1') {
    test('golden files updated', () => {
      for (const [name, text] of synthesized) {
        mkdirSync(join(GOLDEN, name, '..'), { recursive: true });
        writeFileSync(join(GOLDEN, name), text);
      }
    });
    return;
  }

  test('the same files as the golden set', () => {
    expect([...synthesized.keys()]).toEqual(files(GOLDEN).filter((f) => f.endsWith('.yaml')));
  });

  test.each([...synthesized.keys()])('%s is byte-identical to its golden file', (name) => {
    expect(synthesized.get(name)).toBe(readFileSync(join(GOLDEN, name), 'utf8'));
  });

  test('a second synth is byte-identical to the first', () => {
    expect(synthExamples()).toEqual(synthesized);
  });
});

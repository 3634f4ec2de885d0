import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { Rke2ClusterChart } from '../examples/rke2-cluster';
import { SingleVmChart } from '../examples/single-vm';

// The examples' synthesized files, byte for byte. Any change to the output shows up here as a
// diff to review; regenerate on purpose with UPDATE_GOLDEN=1 npx jest test/golden.test.ts.
const GOLDEN = join(__dirname, 'golden');

function synthExamples(): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'gitvops-golden-'));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const app = new App({ outdir });
    new SingleVmChart(app, 'single-vm');
    new Rke2ClusterChart(app, 'rke2-cluster');
    app.synth();
    return new Map(readdirSync(outdir).sort().map((f) => [f, readFileSync(join(outdir, f), 'utf8')]));
  } finally {
    stderr.mockRestore();
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('golden output of the examples', () => {
  const files = synthExamples();

  if (process.env.UPDATE_GOLDEN === '1') {
    test('golden files updated', () => {
      for (const [name, text] of files) writeFileSync(join(GOLDEN, name), text);
    });
    return;
  }

  test('the same files as the golden set', () => {
    expect([...files.keys()]).toEqual(readdirSync(GOLDEN).filter((f) => f.endsWith('.yaml')).sort());
  });

  test.each([...files.keys()])('%s is byte-identical to its golden file', (name) => {
    expect(files.get(name)).toBe(readFileSync(join(GOLDEN, name), 'utf8'));
  });

  test('a second synth is byte-identical to the first', () => {
    expect(synthExamples()).toEqual(files);
  });
});

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Yaml } from 'cdk8s';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { Rke2ClusterChart } from '../../examples/rke2-cluster';
import { SingleVmChart } from '../../examples/single-vm';
import { FastYaml, GitVopsApp } from '../../lib';

const OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;
const GOLDEN = join(__dirname, '..', 'golden');

// Strings that exercise the yaml library's choices: YAML 1.1 words, numbers, indicators,
// leading/trailing blanks, multi-line text with and without a final newline, unicode.
const tricky = fc.oneof(
  fc.constantFrom('---', '...', '%YAML', 'a\n---\nb', 'x\n...', '--- a', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'true', '0640', '1e3', '.5', '1:20', '2001-12-14', '- a', ': x', '#c', 'a #b', 'a: b',
    '{x}', '[1]', '*a', '&b', '!t', '|', '>', '%d', '@x', '`x`', '"q"', "'s'", ' lead', 'trail ', 'a\nb', 'a\nb\n', 'a\n\nb\n\n', '  indented\nx', 'tab\there', 'ü ñ', ''),
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', ' ', '\n', ':', '#', '-', '"', "'", '{', '0', '\t', 'é') }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('node'), { maxKeys: 4 })),
})).node;

describe('FastYaml writes the same bytes as the yaml library with cdk8s options', () => {
  test('random JSON-shaped documents', () => {
    fc.assert(fc.property(fc.dictionary(tricky, value, { maxKeys: 6 }), (doc) => {
      expect(new FastYaml().document(doc)).toBe(stringify(doc, OPTIONS));
    }), { numRuns: Number(process.env.FAST_YAML_RUNS ?? 500) });
  });

  test('document markers, whose rendering depends on indentation, at every depth', () => {
    const markers = ['---', '...', '%x', 'a\n---', '--- b'];
    for (const m of markers) {
      for (const doc of [{ [m]: m }, { a: { [m]: { b: m } } }, { a: [m, { [m]: [m] }] }, { a: { b: { c: { [m]: m } } } }]) {
        expect(new FastYaml().document(doc)).toBe(stringify(doc, OPTIONS));
      }
    }
  });

  test('multi-document output as cdk8s joins it', () => {
    fc.assert(fc.property(fc.array(fc.dictionary(tricky, value, { maxKeys: 3 }), { maxLength: 4 }), (docs) => {
      expect(new FastYaml().documents(docs)).toBe(Yaml.stringify(...docs));
    }), { numRuns: 200 });
  });

  test('the golden manifests re-serialise byte for byte', () => {
    for (const f of readdirSync(GOLDEN)) {
      const text = readFileSync(join(GOLDEN, f), 'utf8');
      const docs = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
      expect(new FastYaml().documents(docs)).toBe(text);
    }
  });

  test('GitVopsApp writes the same files as App, and restores cdk8s afterwards', () => {
    const run = (app: App, dir: string) => {
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        new SingleVmChart(app, 'single-vm');
        new Rke2ClusterChart(app, 'rke2-cluster');
        app.synth();
      } finally {
        spy.mockRestore();
      }
      return readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
    };
    const a = mkdtempSync(join(tmpdir(), 'gitvops-fast-a-'));
    const b = mkdtempSync(join(tmpdir(), 'gitvops-fast-b-'));
    const original = Yaml.stringify;
    try {
      expect(run(new GitVopsApp({ outdir: b }), b)).toEqual(run(new App({ outdir: a }), a));
      expect(Yaml.stringify).toBe(original);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

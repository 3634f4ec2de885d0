import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ApiObject, App, AppProps, Chart, Testing, Yaml, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { Rke2ClusterChart } from '../../examples/rke2-cluster';
import { SingleVmChart } from '../../examples/single-vm';
import { GitVopsApp, SynthValidation } from '../../lib';

/** Every file under `dir`, path → content. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Builds the same app as a cdk8s App and as a GitVopsApp, synthesizes both, returns both trees. */
function both(build: (app: App) => void, props: AppProps = {}): { cdk8s: Record<string, string>; gitvops: Record<string, string> } {
  const run = (make: (p: AppProps) => App) => {
    const outdir = mkdtempSync(join(tmpdir(), 'gitvops-app-'));
    dirs.push(outdir);
    const app = make({ ...props, outdir });
    build(app);
    app.synth();
    return files(outdir);
  };
  return { cdk8s: run((p) => new App(p)), gitvops: run((p) => new GitVopsApp(p)) };
}

function objects(chart: Construct, prefix: string, n: number): ApiObject[] {
  const out: ApiObject[] = [];
  const group = new Construct(chart, `${prefix}-group`);
  for (let i = 0; i < n; i++) {
    const scope = i % 2 ? group : chart;
    out.push(new ApiObject(scope, `${prefix}-${i}`, {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${prefix}-${i}` },
      data: { text: `line 1\nline ${i}\n`, yes: 'yes', n: String(i), empty: '' },
    }));
  }
  return out;
}

describe('GitVopsApp writes the files cdk8s App writes', () => {
  test('several charts, objects at several depths, an empty chart, chart labels and namespaces', () => {
    const { cdk8s, gitvops } = both((app) => {
      const a = new Chart(app, 'alpha', { namespace: 'ns-a', labels: { team: 'x' } });
      objects(a, 'a', 5);
      const b = new Chart(app, 'beta');
      objects(b, 'b', 3);
      new Chart(app, 'empty');
    });
    expect(Object.keys(gitvops)).toEqual(['alpha.k8s.yaml', 'beta.k8s.yaml', 'empty.k8s.yaml']);
    expect(gitvops).toEqual(cdk8s);
    expect(gitvops['empty.k8s.yaml']).toBe('');
    expect(gitvops['alpha.k8s.yaml']).toContain('namespace: ns-a');
  });

  test('many objects (the streaming writer writes in chunks)', () => {
    const { cdk8s, gitvops } = both((app) => objects(new Chart(app, 'big'), 'cm', 1500));
    expect(gitvops['big.k8s.yaml'].length).toBeGreaterThan(1 << 17);
    expect(gitvops).toEqual(cdk8s);
  });

  test('the GitVops examples, with synth-time validation', () => {
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { cdk8s, gitvops } = both((app) => {
        new SingleVmChart(app, 'single-vm');
        new Rke2ClusterChart(app, 'rke2-cluster');
      });
      expect(Object.keys(gitvops)).toEqual(['rke2-cluster.k8s.yaml', 'single-vm.k8s.yaml']);
      expect(gitvops).toEqual(cdk8s);
    } finally {
      spy.mockRestore();
    }
  });

  test('dependencies between objects and between charts change the order: cdk8s decides', () => {
    const { cdk8s, gitvops } = both((app) => {
      const first = new Chart(app, 'first');
      const [x, y, z] = objects(first, 'o', 3);
      x.addDependency(z);
      y.addDependency(x);
      const second = new Chart(app, 'second');
      objects(second, 'p', 2);
      second.addDependency(first);
    });
    expect(Object.keys(gitvops)).toEqual(['0000-first.k8s.yaml', '0001-second.k8s.yaml']);
    expect(gitvops).toEqual(cdk8s);
    expect(gitvops['0000-first.k8s.yaml'].indexOf('name: o-2')).toBeLessThan(gitvops['0000-first.k8s.yaml'].indexOf('name: o-0'));
  });

  test('nested charts, other output types and construct metadata: cdk8s decides', () => {
    const nested = (app: App) => {
      const outer = new Chart(app, 'outer');
      objects(outer, 'o', 2);
      objects(new Chart(outer, 'inner'), 'i', 2);
    };
    const original = Yaml.stringify;
    for (const props of [{}, { yamlOutputType: YamlOutputType.FILE_PER_RESOURCE }, { yamlOutputType: YamlOutputType.FILE_PER_APP }, { recordConstructMetadata: true }]) {
      const { cdk8s, gitvops } = both(nested, props);
      expect(Object.keys(gitvops).length).toBeGreaterThan(0);
      expect(gitvops).toEqual(cdk8s);
      // cdk8s' writer is lent to FastYaml for the synth only
      expect(Yaml.stringify).toBe(original);
    }
  });

  test('a chart that overrides toJson is written by cdk8s', () => {
    class Renamed extends Chart {
      public toJson(): any[] {
        return super.toJson().map((o) => ({ ...o, metadata: { ...o.metadata, name: `x-${o.metadata.name}` } }));
      }
    }
    const { cdk8s, gitvops } = both((app) => objects(new Renamed(app, 'renamed'), 'r', 2));
    expect(gitvops['renamed.k8s.yaml']).toContain('name: x-r-0');
    expect(gitvops).toEqual(cdk8s);
  });

  test('a failing validation throws cdk8s\' message and writes nothing', () => {
    const messages: string[] = [];
    for (const make of [(p: AppProps) => new App(p), (p: AppProps) => new GitVopsApp(p)]) {
      const outdir = join(mkdtempSync(join(tmpdir(), 'gitvops-app-')), 'out');
      dirs.push(outdir);
      const app = make({ outdir });
      const chart = new Chart(app, 'c');
      objects(chart, 'v', 1);
      chart.node.addValidation({ validate: () => ['first problem', 'second problem'] });
      new Construct(chart, 'child').node.addValidation({ validate: () => ['child problem'] });
      expect(() => app.synth()).toThrow(/Validation failed/);
      try {
        app.synth();
      } catch (e) {
        messages.push((e as Error).message);
      }
      expect(readdirSync(outdir)).toEqual([]);
    }
    expect(messages[1]).toBe(messages[0]);
    expect(messages[1]).toBe('Validation failed with the following errors:\n  [c] first problem\n  [c] second problem\n  [c/child] child problem');
  });

  test('each object is resolved once: validation and the writer share the JSON', () => {
    const app = new GitVopsApp({ outdir: mkdtempSync(join(tmpdir(), 'gitvops-app-')) });
    dirs.push(app.outdir);
    const chart = new Chart(app, 'c', { namespace: 'default' });
    SynthValidation.enable(chart);
    const [obj] = objects(chart, 'once', 1);
    const toJson = jest.spyOn(obj, 'toJson');
    app.synth();
    expect(toJson).toHaveBeenCalledTimes(1);
    expect(readFileSync(join(app.outdir, 'c.k8s.yaml'), 'utf8')).toContain('name: once-0');
    // a second synth resolves again (nothing is frozen between synths)
    app.synth();
    expect(toJson).toHaveBeenCalledTimes(2);
  });

  test('Testing.synth of a chart in a GitVopsApp matches the written file', () => {
    const app = new GitVopsApp({ outdir: mkdtempSync(join(tmpdir(), 'gitvops-app-')) });
    dirs.push(app.outdir);
    const chart = new Chart(app, 'c');
    objects(chart, 't', 3);
    app.synth();
    const docs = Testing.synth(chart);
    // tree order: the group (holding t-1) was added before t-0 and t-2
    expect(docs.map((d) => d.metadata.name)).toEqual(['t-1', 't-0', 't-2']);
    const text = readFileSync(join(app.outdir, 'c.k8s.yaml'), 'utf8');
    expect([...text.matchAll(/^  name: (\S+)$/gm)].map((m) => m[1])).toEqual(['t-1', 't-0', 't-2']);
  });
});

describe('GitVopsApp writes nothing when an object cannot be rendered', () => {
  test('without synth-time validation too: every object is resolved before any file is opened', () => {
    const written = (make: (p: AppProps) => App) => {
      const outdir = join(mkdtempSync(join(tmpdir(), 'gitvops-app-')), 'out');
      dirs.push(outdir);
      const app = make({ outdir });
      objects(new Chart(app, 'first'), 'ok', 2);
      const second = new Chart(app, 'second');
      objects(second, 'fine', 1);
      new ApiObject(second, 'broken', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'broken' }, data: { x: { resolve: () => { throw new Error('cannot render'); } } } } as any);
      expect(() => app.synth()).toThrow(/Failed serializing construct at path 'second\/broken' with name 'broken': Error: cannot render/);
      return readdirSync(outdir);
    };
    // cdk8s writes chart by chart and leaves the first; GitVopsApp writes nothing
    expect(written((p) => new App(p))).toEqual(['first.k8s.yaml']);
    expect(written((p) => new GitVopsApp(p))).toEqual([]);
  });
});

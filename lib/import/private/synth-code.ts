/**
 * Runs generated TypeScript in-process: transpiled (TypeScript's `transpileModule`, no type check)
 * to CommonJS, its `gitvops` import served by this library's own modules, its chart synthesized
 * with every construct's validations, secret placeholders resolved from values held in memory.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { App, Chart } from 'cdk8s';
import * as cloudConfig from '../../cloud-init/cloud-config';
import * as cloudInitSecret from '../../cloud-init/cloud-init-secret';
import * as command from '../../cloud-init/command';
import * as networkConfig from '../../cloud-init/network-config';
import * as secretValue from '../../core/secret-value';
import * as affinity from '../../harvester/affinity';
import * as firmware from '../../harvester/firmware';
import * as vmDisk from '../../harvester/vm-disk';
import * as vmNetwork from '../../harvester/vm-network';
import * as vm from '../../harvester/vm';
import * as volume from '../../harvester/volume';
import * as harvester from '../../platform/harvester';
import * as kubernetes from '../../platform/kubernetes';
import * as kubevirt from '../../platform/kubevirt';
import * as rke2Cluster from '../../rke2/cluster';
import * as rke2Release from '../../rke2/release';
import * as secretOutput from '../../secrets/secret-output';

/** The part of the public API generated code uses. */
const LIBRARY = {
  ...cloudConfig, ...cloudInitSecret, ...command, ...networkConfig, ...secretValue, ...affinity, ...firmware,
  ...vmDisk, ...vmNetwork, ...vm, ...volume, ...harvester, ...kubernetes, ...kubevirt, ...secretOutput, ...rke2Cluster, ...rke2Release,
};

const COLLECTOR = Symbol.for('gitvops.warnings');

/** JavaScript (CommonJS) of TypeScript source, without type checking. */
export function transpile(code: string): string {
  let ts: typeof import('typescript');
  try {
    ts = require('typescript');
  } catch {
    throw new Error('the round trip needs the "typescript" package (npm install --save-dev typescript)');
  }
  return ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
}

/** The objects `className` synthesizes, each construct validated; warnings collected, not printed. */
export function synthesize(code: string, importFrom: string, className: string, env: { [name: string]: string }): { objects: any[]; warnings: string[] } {
  const js = transpile(code);
  const mod: { exports: any } = { exports: {} };
  const load = (id: string) => (id === importFrom ? LIBRARY : require(id));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('exports', 'require', 'module', js)(mod.exports, load, mod);
  const ChartClass = mod.exports[className];
  if (typeof ChartClass !== 'function') throw new Error(`the generated code exports no class ${className}`);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const previous = (globalThis as any)[COLLECTOR];
  const warnings: string[] = [];
  (globalThis as any)[COLLECTOR] = warnings;
  Object.assign(process.env, env);
  try {
    const app = new App({ outdir: '/nonexistent-gitvops-import' });
    const chart: Chart = new ChartClass(app, 'imported', { secretOutput: secretOutput.SecretOutput.unsafePlainText() });
    const errors = app.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
    if (errors.length) throw new Error(`the generated chart does not validate: ${errors.join('; ')}`);
    return { objects: chart.toJson(), warnings: warnings.filter((w) => !/because SecretOutput\.unsafePlainText\(\) was chosen/.test(w)) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    (globalThis as any)[COLLECTOR] = previous;
  }
}

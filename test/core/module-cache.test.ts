import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '../helpers/files';

const ROOT = join(__dirname, '..', '..');
const tmp = tempDirs('gitvops-mc-');

/** A package directory: lib/a.js requires lib/b.js, a JSON file and a package under node_modules. */
function packageDir(): string {
  const dir = tmp();
  mkdirSync(join(dir, 'lib'));
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(dir, 'lib', 'a.js'), [
    '"use strict";',
    'const b = require("./b");',
    'const data = require("./data.json");',
    'exports.topThis = this === module.exports;',
    'exports.result = () => ({ b: b.twice(21), dep: require("dep"), data, dir: __dirname.endsWith("lib"), file: __filename.endsWith("a.js"),',
    '  resolved: require.resolve("./b").endsWith("b.js"), cached: require.resolve("./b") in require.cache, main: require.main === process.mainModule,',
    '  paths: Array.isArray(require.resolve.paths("dep")), ext: typeof require.extensions[".js"] });',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'lib', 'b.js'), 'exports.twice = (x) => x * 2;\n');
  writeFileSync(join(dir, 'lib', 'data.json'), '{ "n": 1 }\n');
  writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'module.exports = "dep";\n');
  return dir;
}

/** Loads lib/a.js of `pkg` in a fresh Node process with the cache on for `pkg`; its result and the cache's counts. */
function child(pkg: string, cache: string): any {
  const env: NodeJS.ProcessEnv = { ...process.env, GITVOPS_CODE_CACHE: cache };
  delete env.JEST_WORKER_ID;
  const code = `const mc = require('./lib/core/private/module-cache');
    mc.cacheModulesUnder(process.env.PKG);
    mc.cacheModulesUnder('/elsewhere');
    const a = require(require('node:path').join(process.env.PKG, 'lib', 'a.js'));
    console.log(JSON.stringify({ ...a.result(), topThis: a.topThis, stats: mc.moduleCacheStats() }));`;
  const result = spawnSync(process.execPath, ['-r', './scripts/register.js', '-e', code], { cwd: ROOT, env: { ...env, PKG: pkg }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const loaded = { b: 42, dep: 'dep', data: { n: 1 }, dir: true, file: true, resolved: true, cached: true, main: true, paths: true, ext: 'function', topThis: true };

describe("V8 code cache for GitVops' own modules", () => {
  test('modules load as with require; the next process compiles them from the cache; other packages and JSON are left alone', () => {
    const pkg = packageDir();
    const cache = join(pkg, 'cache');
    const first = child(pkg, cache);
    expect(first).toEqual({ ...loaded, stats: { root: `${pkg}/`, fromCache: 0, compiled: 2 } });
    expect(readdirSync(cache)).toHaveLength(2);
    expect(child(pkg, cache)).toEqual({ ...loaded, stats: { root: `${pkg}/`, fromCache: 2, compiled: 0 } });

    // a changed module is compiled anew (and stored under a new key); the unchanged one still comes from the cache
    const later = new Date(Date.now() + 5000);
    writeFileSync(join(pkg, 'lib', 'b.js'), 'exports.twice = (x) => x * 3;\n');
    utimesSync(join(pkg, 'lib', 'b.js'), later, later);
    expect(child(pkg, cache)).toEqual({ ...loaded, b: 63, stats: { root: `${pkg}/`, fromCache: 1, compiled: 1 } });
    expect(readdirSync(cache)).toHaveLength(3);

    // a damaged entry is refused by V8: compiled normally, stored again
    for (const f of readdirSync(cache)) writeFileSync(join(cache, f), 'not V8 code');
    expect(child(pkg, cache)).toEqual({ ...loaded, b: 63, stats: { root: `${pkg}/`, fromCache: 0, compiled: 2 } });
    expect(child(pkg, cache).stats).toEqual({ root: `${pkg}/`, fromCache: 2, compiled: 0 });
  });

  test('off: plain require, no cache files', () => {
    const pkg = packageDir();
    expect(child(pkg, 'off')).toEqual({ ...loaded, stats: { fromCache: 0, compiled: 0 } });
    expect(readdirSync(pkg).sort()).toEqual(['lib', 'node_modules']);
  });

  test('an error while loading a module is the module\'s own error', () => {
    const pkg = packageDir();
    writeFileSync(join(pkg, 'lib', 'b.js'), 'throw new Error("b fails");\n');
    expect(() => child(pkg, join(pkg, 'cache'))).toThrow(/b fails/);
  });
});

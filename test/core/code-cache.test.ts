import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileKey, fnv1a64 } from '../../lib/core/private/code-cache';
import { tempDirs } from '../helpers/files';

const ROOT = join(__dirname, '..', '..');
const tmp = tempDirs('gitvops-cc-');

/** Runs `code` (TypeScript, through tsx) in a fresh Node process, outside Jest's sandbox; returns its JSON output. */
function child(code: string, cache: string): any {
  const env: NodeJS.ProcessEnv = { ...process.env, GITVOPS_CODE_CACHE: cache };
  delete env.JEST_WORKER_ID;
  const result = spawnSync(process.execPath, ['-r', './scripts/register.js', '-e', code], { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe('V8 code cache for the generated validators', () => {
  test('a module loads like require; its compiled code is stored once and used by the next process', () => {
    const work = tmp();
    const cache = join(work, 'cache');
    const file = join(work, 'm.js');
    writeFileSync(file, '"use strict";\nconst path = require("node:path");\nmodule.exports = (x) => path.basename(x) + ":" + __filename.endsWith("m.js");\n');
    const load = `const { loadWithCodeCache } = require('./lib/core/private/code-cache');
      const m = loadWithCodeCache(${JSON.stringify(file)});
      const result = m.exports('/a/b.txt');
      m.persist();
      console.log(JSON.stringify({ result, fromCache: m.fromCache }));`;
    expect(child(load, cache)).toEqual({ result: 'b.txt:true', fromCache: false });
    expect(readdirSync(cache)).toHaveLength(1);
    expect(child(load, cache)).toEqual({ result: 'b.txt:true', fromCache: true });

    // a damaged cache is refused by V8, costs a normal compile, and is written anew
    const [bin] = readdirSync(cache);
    writeFileSync(join(cache, bin), 'not V8 code');
    expect(child(load, cache)).toEqual({ result: 'b.txt:true', fromCache: false });
    expect(readFileSync(join(cache, bin)).length).toBeGreaterThan(100);
    expect(child(load, cache)).toEqual({ result: 'b.txt:true', fromCache: true });

    // a changed module is a different cache entry
    writeFileSync(file, 'module.exports = () => "changed";\n');
    expect(child(load, cache)).toEqual({ result: 'changed', fromCache: false });
    expect(readdirSync(cache)).toHaveLength(2);
  });

  test('cache keys: 64-bit FNV-1a (against a BigInt reference), and a rewritten file of the same size is a new key', () => {
    const reference = (text: string) => {
      let h = 0xcbf29ce484222325n;
      for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    for (const text of ['', 'v20.20.2 x64 --max-semi-space-size=4 /a/b.js 12 123', '\uffff\u0000é✓'.repeat(50)]) expect(fnv1a64(text)).toBe(reference(text));
    const file = join(tmp(), 'k.js');
    writeFileSync(file, 'module.exports = 1;\n');
    const first = fileKey(file, 'ctx');
    expect(fileKey(file, 'ctx')).toBe(first);
    expect(fileKey(file, 'other flags')).not.toBe(first);
    const later = new Date(Date.now() + 5000);
    writeFileSync(file, 'module.exports = 2;\n');
    require('node:fs').utimesSync(file, later, later);
    expect(fileKey(file, 'ctx')).not.toBe(first);
  });

  test('off means require, no files', () => {
    const work = tmp();
    const file = join(work, 'm.js');
    writeFileSync(file, 'module.exports = () => 1;\n');
    const out = child(`const { loadWithCodeCache } = require('./lib/core/private/code-cache');
      const m = loadWithCodeCache(${JSON.stringify(file)}); m.exports(); m.persist();
      console.log(JSON.stringify({ fromCache: m.fromCache }));`, 'off');
    expect(out).toEqual({ fromCache: false });
    expect(readdirSync(work)).toEqual(['m.js']);
  });

  test('the VirtualMachine validator gives the same problems from the cache as compiled afresh', () => {
    const cache = join(tmp(), 'cache');
    const check = `const { validateStructure } = require('./lib/validation/private/structure');
      const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'Bad_Name', namespace: 'default' },
        spec: { runStrategy: 'Sometimes', template: { spec: { domain: { devices: { disks: [{ name: 'a', disk: { bus: 'floppy' } }] }, cpu: { cores: '2' } }, extra: 1 } } } };
      console.log(JSON.stringify(validateStructure(vm).map((p) => p.field + ': ' + p.message)));`;
    const fresh = child(check, cache);
    const cached = child(check, cache);
    expect(fresh).toHaveLength(3);
    expect(cached).toEqual(fresh);
    expect(fresh).toEqual(expect.arrayContaining([expect.stringContaining('spec.template.spec.extra'), expect.stringContaining('cpu.cores: must be integer'), expect.stringContaining('metadata.name')]));
    expect(readdirSync(cache).length).toBeGreaterThan(0);
  });
});

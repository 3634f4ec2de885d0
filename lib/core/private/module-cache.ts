import Module = require('node:module');
import { dirname, join, sep } from 'node:path';
import { CachedScript, cacheDir, compileWithCodeCache } from './code-cache';

/** The directory GitVops' compiled modules live under: `dist-lib/` of the package (`lib/`, `imports/`). */
const PACKAGE_ROOT = join(__dirname, '..', '..', '..');

let installedUnder: string | undefined;

/** What `cacheModulesUnder` did in this process. */
export interface ModuleCacheStats {
  /** The directory whose modules are cached, or undefined when the cache is off. */
  readonly root?: string;
  /** Modules compiled from V8's cached code. */
  readonly fromCache: number;
  /** Modules compiled from source (no cache yet, or a cache V8 refused): stored at exit. */
  readonly compiled: number;
}

const stats = { fromCache: 0, compiled: 0 };

/** The counts of this process (see `ModuleCacheStats`). */
export function moduleCacheStats(): ModuleCacheStats {
  return { root: installedUnder, ...stats };
}

/**
 * Compiles GitVops' own JavaScript modules with V8's code cache, as Node 22's
 * `module.enableCompileCache()` does for every module (Node 20, which GitVops supports, has no such
 * switch).
 *
 * A synth runs most of the library's code once, in a fresh process: V8 parses and compiles each
 * function the first time it is called (~20 ms of validation alone at N = 1,000 in the benchmark).
 * With the code V8 produced in an earlier process, taken when that process exits, later processes
 * skip that work.
 *
 * Only `.js` files below `root` are cached, never a path through `node_modules` (other packages'
 * code is theirs to cache), so TypeScript sources run through a transpiler are left alone. The
 * cache directory is `cacheDir()`'s (`GITVOPS_CODE_CACHE`, `off` for none; off under Jest); each
 * module's entry is keyed by its file (path, size, modification time, inode), its length as
 * compiled, Node's version, flags and architecture (`fileKey`); V8 refuses data that does not match
 * the source or the flags, and a refused or unreadable entry only costs the normal compile. A
 * module is compiled as Node compiles CommonJS (`Module.wrap`, the same `require`, `module`,
 * `exports`, `__filename`, `__dirname`), except that `import()` is not available inside it (GitVops
 * compiles to CommonJS and uses none). Installed once per process; later calls do nothing.
 */
export function cacheModulesUnder(root: string = PACKAGE_ROOT): void {
  if (installedUnder !== undefined) return;
  const dir = cacheDir();
  if (dir === undefined) return;
  const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
  installedUnder = prefix;
  const proto = (Module as any).prototype;
  const compile: (content: string, filename: string) => unknown = proto._compile;
  const pending: Array<() => void> = [];
  proto._compile = function compileCached(this: any, content: string, filename: string): unknown {
    if (typeof filename !== 'string' || !filename.startsWith(prefix) || !filename.endsWith('.js') || filename.includes(`${sep}node_modules${sep}`, prefix.length - 1)
      || content.startsWith('#!')) {
      return compile.call(this, content, filename);
    }
    let cached: CachedScript;
    try {
      // the length as compiled: another hook's transformed source is another entry
      cached = compileWithCodeCache(dir, filename, content, `\0${content.length}`);
    } catch {
      return compile.call(this, content, filename);
    }
    if (cached.fromCache) stats.fromCache++;
    else {
      stats.compiled++;
      pending.push(cached.persist);
    }
    const wrapper = cached.script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireOf(this), this, filename, dirname(filename));
  };
  // the code of every function compiled by then goes into the entry, not only the module's top level
  process.once('exit', () => {
    for (let i = 0; i < pending.length; i++) pending[i]();
  });
}

/** The `require` Node gives a CommonJS module (`module.require`, with `resolve`, `cache`, `main`, `extensions`). */
function requireOf(mod: any): NodeRequire {
  const M = Module as any;
  const req: any = (id: string) => mod.require(id);
  req.resolve = (request: string, options?: { paths?: string[] }) => M._resolveFilename(request, mod, false, options);
  req.resolve.paths = (request: string) => M._resolveLookupPaths(request, mod);
  req.main = require.main;
  req.extensions = M._extensions;
  req.cache = M._cache;
  return req as NodeRequire;
}

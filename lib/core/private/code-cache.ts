import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Module = require('node:module');
import { dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';

/** A module loaded through `loadWithCodeCache`. */
export interface CachedModule {
  /** The module's `module.exports`. */
  readonly exports: any;
  /** True when V8 took the module's code from the cache. */
  readonly fromCache: boolean;
  /**
   * Stores V8's code for the module, with the functions compiled so far, when the cache did
   * not have it: call it once the module's functions have run (they compile on first call).
   */
  readonly persist: () => void;
}

/**
 * Where V8 code caches go: `GITVOPS_CODE_CACHE` (a directory, or `off`), else
 * `node_modules/.cache/gitvops-v8/` of the nearest directory with a `node_modules` from the
 * working directory (the convention of build tools' caches: the user's own, git-ignored),
 * else nowhere. Off under Jest, whose sandbox runs modules in its own context.
 */
/**
 * A GitVops cache directory: `GITVOPS_CODE_CACHE` (`off` for none), else `node_modules/.cache/<name>`
 * of the nearest node_modules. Off under Jest unless `underJest` (V8's code cache is per process
 * flags, which Jest's workers vary).
 */
export function cacheDir(name = 'gitvops-v8', options: { underJest?: boolean } = {}): string | undefined {
  const setting = process.env.GITVOPS_CODE_CACHE;
  if (setting === 'off' || (!options.underJest && process.env.JEST_WORKER_ID !== undefined)) return undefined;
  if (setting) return resolve(setting);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', name);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Loads a CommonJS module like `require`, keeping V8's compiled code between processes.
 *
 * The generated validators (`imports/validators/*`) are large single functions: V8 parses and
 * compiles the one for VirtualMachine (~750 KB) in ~50 ms on its first call, in every synth.
 * With the code V8 produced for it after that first call stored next to the other build caches,
 * later processes skip that work (what Node 22's `module.enableCompileCache()` does for every
 * module; Node 20 has no such switch). The cache is keyed by the module's file (path, size,
 * modification time, inode: `fileKey`), Node's version and flags (V8 refuses code made under
 * other flags) and the architecture; V8 itself
 * refuses data that does not match the source or its flags, and a refused or unreadable cache
 * only costs the normal compile. Without a cache directory this is `require`. `requireFrom`
 * resolves the module's own requires (default: from the module's file).
 */
export function loadWithCodeCache(file: string, requireFrom?: NodeRequire): CachedModule {
  const dir = cacheDir();
  if (!dir) return { exports: (requireFrom ?? require)(file), fromCache: false, persist: () => undefined };
  const { script, fromCache, persist } = compileWithCodeCache(dir, file, readFileSync(file, 'utf8'));
  const mod = { exports: {} as any };
  script.runInThisContext()(mod.exports, requireFrom ?? createRequire(file), mod, file, dirname(file));
  return { exports: mod.exports, fromCache, persist };
}

/** A CommonJS module's source compiled (`Module.wrap`) with V8's code cache of `dir`. */
export interface CachedScript {
  readonly script: Script;
  /** True when V8 took the code from the cache. */
  readonly fromCache: boolean;
  /** Stores V8's code for the script, with the functions compiled so far, when the cache did not have it (once). */
  readonly persist: () => void;
}

/**
 * Compiles `source`, the text of module `file`, wrapped as Node wraps CommonJS, with the code an
 * earlier process stored in `dir`: keyed by the file (`fileKey`), Node's version, architecture and
 * flags (V8 refuses code made under other flags), and `key` (what else the entry depends on). Shared
 * by `loadWithCodeCache` and the library's module hook (`cacheModulesUnder`). Throws what `fileKey`
 * throws for a file that is not there.
 */
export function compileWithCodeCache(dir: string, file: string, source: string, key = ''): CachedScript {
  const cacheFile = join(dir, `${fileKey(file, `${process.version}\0${process.arch}\0${process.execArgv.join(' ')}${key}`)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const fromCache = cachedData !== undefined && script.cachedDataRejected === false;
  let pending = !fromCache;
  return {
    script,
    fromCache,
    persist: () => {
      if (!pending) return;
      pending = false;
      writeCacheFile(cacheFile, script.createCachedData());
    },
  };
}

/**
 * Writes a cache file whole or not at all (a temporary file renamed into place, so concurrent
 * processes never read half of one); a cache that cannot be written is no cache.
 */
export function writeCacheFile(file: string, data: string | Buffer): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch {
    // compiled again next time
  }
}

/**
 * A cache key of `file` as it is now, with `context`: its path, size, modification time and inode,
 * hashed (64-bit FNV-1a) into 16 hex digits. Build tools' caches key files this way; hashing the
 * content instead costs ~6 ms per large generated module, and loading node:crypto for it ~15 ms
 * more — a third of a small `gitvops validate`.
 */
export function fileKey(file: string, context: string): string {
  const stat = statSync(file, { bigint: true });
  return fnv1a64(`${context}\0${resolve(file)}\0${stat.size}\0${stat.mtimeNs}\0${stat.ino}`);
}

/** 64-bit FNV-1a of a string's UTF-16 code units, as 16 hex digits. */
export function fnv1a64(text: string): string {
  // two 32-bit halves of the 64-bit state (offset basis 0xcbf29ce484222325, prime 0x100000001b3)
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    // (hi:lo) * (2^40 + 0x1b3) mod 2^64: lo * 0x1b3 carries into hi, and lo << 40 is lo << 8 in hi
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    hi = (hi * 0x1b3 + lo * 0x100 + carry) >>> 0;
    lo = loMul >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

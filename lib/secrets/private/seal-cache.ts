import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Environment variable holding the seal-cache key (hex or any text). */
export const SEAL_CACHE_KEY_ENV = 'GITVOPS_SEAL_CACHE_KEY';
/** Set to `off` to keep a run from writing seal caches (`gitvops synth --check`). */
export const SEAL_CACHE_WRITE_ENV = 'GITVOPS_SEAL_CACHE_WRITE';

interface Entry {
  readonly hmac: string;
  readonly value: string;
}

/**
 * Where the key of a cache file lives when `GITVOPS_SEAL_CACHE_KEY` is not set: a per-user
 * configuration directory, outside every repository (`$XDG_CONFIG_HOME/gitvops/seal-cache-keys/`,
 * else `~/.config/gitvops/seal-cache-keys/`), one key per cache file (named by a hash of the
 * cache's absolute path), directory 0700, file 0600. A key next to the cache would be one
 * `git add .` away from the repository.
 */
export function sealCacheKeyFile(cacheFile: string): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const id = createHash('sha256').update(resolve(cacheFile)).digest('hex').slice(0, 16);
  return join(base, 'gitvops', 'seal-cache-keys', `${id}.key`);
}

/**
 * Keeps sealed values stable across synths. Sealing is random, so without it every synth would
 * rewrite every SealedSecret. The cache file is committed next to the app and maps
 * `(namespace, name, key, scope, certificate)` to `{ hmac, value }`: the sealed value, and an
 * HMAC-SHA256 of the plaintext under a cache key.
 *
 * Threat model: the cache holds no plaintext and no unkeyed hash of it, so someone with the
 * repository (and the public certificate) cannot test guesses of a value against it. The cache
 * key is the secret part: `GITVOPS_SEAL_CACHE_KEY` (keep it where the SecretValues come from, e.g.
 * the CI secret store), else a per-user key file outside the repository (`sealCacheKeyFile`).
 * Without the key, values are resealed (a diff, never a leak).
 *
 * The file is written only by a synth that succeeded (process exit code 0, or `flushAll` after
 * the output was swapped in), atomically (temporary file, then rename): a failed run never
 * drops an entry. Changing a value changes only its own entry.
 */
export class SealCache {
  private static readonly open = new Map<string, SealCache>();

  /** The cache of a file, shared by all outputs in the process. */
  public static of(file: string): SealCache {
    let cache = SealCache.open.get(file);
    if (!cache) {
      cache = new SealCache(file);
      SealCache.open.set(file, cache);
    }
    return cache;
  }

  /** Writes every cache that changed (after a successful synth; also at a clean process exit). */
  public static flushAll(): void {
    if (process.env[SEAL_CACHE_WRITE_ENV] === 'off') return;
    for (const cache of SealCache.open.values()) cache.flush();
  }

  /** Forgets every open cache without writing (a failed synth). */
  public static discardAll(): void {
    SealCache.open.clear();
  }

  private readonly entries: Map<string, Entry>;
  private readonly used = new Set<string>();
  private key?: Buffer;
  private dirty = false;

  private constructor(private readonly file: string) {
    this.entries = new Map(existsSync(file) ? Object.entries<Entry>(JSON.parse(readFileSync(file, 'utf8')).entries ?? {}) : []);
  }

  private cacheKey(): Buffer {
    if (this.key) return this.key;
    const fromEnv = process.env[SEAL_CACHE_KEY_ENV];
    if (fromEnv) {
      this.key = Buffer.from(fromEnv, 'utf8');
      return this.key;
    }
    const keyFile = sealCacheKeyFile(this.file);
    if (!existsSync(keyFile)) {
      mkdirSync(join(keyFile, '..'), { recursive: true, mode: 0o700 });
      writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    }
    this.key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'utf8');
    return this.key;
  }

  /** The cached sealed value for `id` when its plaintext is unchanged, else a new one from `seal`. */
  public sealed(id: string, plaintext: string, seal: () => string): string {
    const hmac = createHmac('sha256', this.cacheKey()).update(id).update('\0').update(plaintext).digest('hex');
    this.used.add(id);
    const hit = this.entries.get(id);
    if (hit && hit.hmac === hmac) return hit.value;
    const value = seal();
    this.entries.set(id, { hmac, value });
    this.dirty = true;
    return value;
  }

  /** Writes the file when an entry changed or went unused: sorted keys, trailing newline, atomically. */
  public flush(): void {
    for (const id of [...this.entries.keys()]) {
      if (!this.used.has(id)) {
        this.entries.delete(id);
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    const sorted = Object.fromEntries([...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const temp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(temp, `${JSON.stringify({ version: 1, entries: sorted }, null, 2)}\n`);
    chmodSync(temp, 0o644);
    renameSync(temp, this.file);
    this.dirty = false;
  }
}

// a run that failed (uncaught error, exit code ≠ 0) writes nothing
process.once('exit', (code) => {
  if (code === 0 && !process.exitCode) SealCache.flushAll();
});

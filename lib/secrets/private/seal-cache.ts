import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Environment variable holding the seal-cache key (hex or any text). */
export const SEAL_CACHE_KEY_ENV = 'GITVOPS_SEAL_CACHE_KEY';

interface Entry {
  readonly hmac: string;
  readonly value: string;
}

/**
 * Keeps sealed values stable across synths. Sealing is random, so without it every synth would
 * rewrite every SealedSecret. The cache file is committed next to the app and maps
 * `(namespace, name, key, scope, certificate)` to `{ hmac, value }`: the sealed value, and an
 * HMAC-SHA256 of the plaintext under a cache key.
 *
 * Threat model: the cache holds no plaintext and no unkeyed hash of it, so someone with the
 * repository (and the public certificate) cannot test guesses of a value against it. The cache
 * key is the secret part: it comes from `GITVOPS_SEAL_CACHE_KEY` (keep it where the SecretValues
 * themselves come from, e.g. the CI secret store), else from a key file beside the cache
 * (`<cache>.key`, created on first use and git-ignored by you — never commit it). Without the
 * key, values are resealed (a diff, never a leak). Changing a value changes only its own entry.
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

  /** Writes every cache that changed (called at process exit, or by tests). */
  public static flushAll(): void {
    for (const cache of SealCache.open.values()) cache.flush();
  }

  private readonly entries: Map<string, Entry>;
  private readonly used = new Set<string>();
  private readonly key: Buffer;
  private dirty = false;

  private constructor(private readonly file: string) {
    this.entries = new Map(existsSync(file) ? Object.entries<Entry>(JSON.parse(readFileSync(file, 'utf8')).entries ?? {}) : []);
    this.key = SealCache.cacheKey(file);
  }

  private static cacheKey(file: string): Buffer {
    const fromEnv = process.env[SEAL_CACHE_KEY_ENV];
    if (fromEnv) return Buffer.from(fromEnv, 'utf8');
    const keyFile = `${file}.key`;
    if (!existsSync(keyFile)) writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'utf8');
  }

  /** The cached sealed value for `id` when its plaintext is unchanged, else a new one from `seal`. */
  public sealed(id: string, plaintext: string, seal: () => string): string {
    const hmac = createHmac('sha256', this.key).update(id).update('\0').update(plaintext).digest('hex');
    this.used.add(id);
    const hit = this.entries.get(id);
    if (hit && hit.hmac === hmac) return hit.value;
    const value = seal();
    this.entries.set(id, { hmac, value });
    this.dirty = true;
    return value;
  }

  /** Writes the file when an entry changed or went unused: sorted keys, trailing newline. */
  public flush(): void {
    for (const id of [...this.entries.keys()]) {
      if (!this.used.has(id)) {
        this.entries.delete(id);
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    const sorted = Object.fromEntries([...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeFileSync(this.file, `${JSON.stringify({ version: 1, entries: sorted }, null, 2)}\n`);
    this.dirty = false;
  }
}

process.once('exit', () => SealCache.flushAll());

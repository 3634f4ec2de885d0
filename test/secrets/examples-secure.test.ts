import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { Rke2ClusterChart } from '../../examples/rke2-cluster';
import { SingleVmChart } from '../../examples/single-vm';
import { SecretOutput, SecretValue } from '../../lib';
import { SealCache } from '../../lib/secrets/private/seal-cache';
import { checkAllCloudInit, renderExternalSecrets } from '../helpers/real-validators';

const TOKEN = 'Tok3n-only-in-env';
const PASSWORD = 'Regi5try-Passw0rd';
const work = mkdtempSync(join(tmpdir(), 'gitvops-secure-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem'), '-subj', '/CN=s', '-days', '2'], { stdio: 'ignore' });
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The examples synthesized with `app.synth()` into a fresh dist/, as text. */
function synthDist(output: SecretOutput | undefined, token?: SecretValue, registryPassword?: SecretValue): string {
  const outdir = mkdtempSync(join(work, 'dist-'));
  const app = new App({ outdir });
  new SingleVmChart(app, 'single-vm');
  new Rke2ClusterChart(app, 'rke2-cluster', { secretOutput: output, token, registryPassword });
  app.synth();
  SealCache.flushAll();
  return readdirSync(outdir).map((f) => readFileSync(join(outdir, f), 'utf8')).join('\n');
}

function expectNoSecret(dist: string, values: string[]): void {
  for (const v of values) {
    expect(dist).not.toContain(v);
    expect(dist).not.toContain(Buffer.from(v).toString('base64'));
  }
}

describe('every example in each secure mode: no secret value in dist/', () => {
  process.env.GITVOPS_SEAL_CACHE_KEY = 'k';

  test('ExternalSecret (the default): no secret material', () => {
    const dist = synthDist(undefined);
    expect(dist).toContain('kind: ExternalSecret');
    expect(dist).not.toContain('__GITVOPS_SECRET_');
  });

  test('SealedSecret with values from the environment: sealed, never in clear', () => {
    process.env.RKE2_TOKEN = TOKEN;
    process.env.REGISTRY_PASSWORD = PASSWORD;
    const output = SecretOutput.sealedSecret({ certificateFile: join(work, 'cert.pem'), cacheFile: join(work, 'cache.json') });
    const dist = synthDist(output, SecretValue.fromEnv('RKE2_TOKEN'), SecretValue.fromEnv('REGISTRY_PASSWORD'));
    expect(dist).toContain('kind: SealedSecret');
    expectNoSecret(dist, [TOKEN, PASSWORD]);
    expectNoSecret(readFileSync(join(work, 'cache.json'), 'utf8'), [TOKEN, PASSWORD]);
    expect(synthDist(output, SecretValue.fromEnv('RKE2_TOKEN'), SecretValue.fromEnv('REGISTRY_PASSWORD'))).toBe(dist);
  });

  test('plain text only on request, and then synth warns', () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => { writes.push(String(c)); return true; });
    try {
      const dist = synthDist(SecretOutput.unsafePlainText(), SecretValue.unsafePlainText(TOKEN), SecretValue.unsafePlainText(PASSWORD));
      expect(dist).toContain(TOKEN);
    } finally {
      spy.mockRestore();
    }
    expect(writes.join('')).toContain('holds secret material in plain text');
  });

  test('rendered ExternalSecret templates pass cloud-init and netplan', () => {
    const app = new App({ outdir: mkdtempSync(join(work, 'x-')) });
    const objects = new Rke2ClusterChart(app, 'rke2').toJson();
    expect(checkAllCloudInit(renderExternalSecrets(objects))).toEqual([]);
  });
});

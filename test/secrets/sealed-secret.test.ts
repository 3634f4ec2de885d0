import { execFileSync } from 'node:child_process';
import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, Yaml } from 'cdk8s';
import { CloudInitSecret, SealingScope, SecretOutput, SecretValue } from '../../lib';
import { SealCache } from '../../lib/secrets/private/seal-cache';

const dir = mkdtempSync(join(tmpdir(), 'gitvops-seal-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=sealed-secret', '-days', '2'], { stdio: 'ignore' });
const CERT = readFileSync(join(dir, 'cert.pem'), 'utf8');
const KEY = readFileSync(join(dir, 'key.pem'), 'utf8');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens a sealed value the way the controller does. */
function unseal(value: string, label: string): string {
  const raw = Buffer.from(value, 'base64');
  const length = raw.readUInt16BE(0);
  const sessionKey = privateDecrypt({ key: KEY, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label) }, raw.subarray(2, 2 + length));
  const body = raw.subarray(2 + length);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
}

let counter = 0;
function synth(options: { scope?: SealingScope; token?: string; cacheFile?: string; viaDefault?: boolean } = {}) {
  const chart = Testing.chart();
  const output = SecretOutput.sealedSecret({ certificate: CERT, scope: options.scope, cacheFile: options.cacheFile ?? join(dir, `cache-${counter++}.json`) });
  if (options.viaDefault) SecretOutput.setDefault(chart, output);
  const ci = new CloudInitSecret(chart, 'ci', { name: 'node-cloudinit', hostname: 'node', secretOutput: options.viaDefault ? undefined : output });
  ci.addFile({ path: '/etc/rancher/rke2/config.yaml', content: `token: ${SecretValue.unsafePlainText(options.token ?? 'T0ken-value')}\n`, permissions: '0600' });
  return Testing.synth(chart);
}

describe('SealedSecret output', () => {
  process.env.GITVOPS_SEAL_CACHE_KEY = 'test-cache-key';

  test('strict scope: opens with label <namespace>/<name>; the template names the Secret', () => {
    const [sealed] = synth();
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(sealed.kind).toBe('SealedSecret');
    expect(sealed.metadata).toEqual({ name: 'node-cloudinit', namespace: 'default', labels: { 'harvesterhci.io/creator': 'gitvops' } });
    expect(sealed.spec.template).toEqual({ metadata: sealed.metadata, type: 'Opaque' });
    const userdata = unseal(sealed.spec.encryptedData.userdata, 'default/node-cloudinit');
    expect(userdata.startsWith('#cloud-config\n')).toBe(true);
    expect(userdata).toContain('token: T0ken-value');
  });

  test('a wrong name or namespace in the label fails to open', () => {
    const [sealed] = synth();
    expect(() => unseal(sealed.spec.encryptedData.userdata, 'default/other')).toThrow();
    expect(() => unseal(sealed.spec.encryptedData.userdata, 'other/node-cloudinit')).toThrow();
  });

  test('namespace-wide and cluster-wide: labels and annotations', () => {
    const [ns] = synth({ scope: SealingScope.NAMESPACE_WIDE });
    expect(ns.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(unseal(ns.spec.encryptedData.userdata, 'default')).toContain('T0ken-value');
    const [cw] = synth({ scope: SealingScope.CLUSTER_WIDE, viaDefault: true });
    expect(cw.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
    expect(unseal(cw.spec.encryptedData.userdata, '')).toContain('T0ken-value');
  });

  test('re-synth with the cache is byte-identical; a changed value changes only its own ciphertext', () => {
    const cacheFile = join(dir, 'stable.json');
    const first = Yaml.stringify(...synth({ cacheFile }));
    SealCache.flushAll();
    expect(existsSync(cacheFile)).toBe(true);
    expect(Yaml.stringify(...synth({ cacheFile }))).toBe(first);
    const changed = synth({ cacheFile, token: 'n3w-token' })[0];
    expect(Yaml.stringify(changed)).not.toBe(first);
    expect(unseal(changed.spec.encryptedData.userdata, 'default/node-cloudinit')).toContain('n3w-token');
  });

  test('the cache holds neither the plaintext nor its unkeyed hash', () => {
    const cacheFile = join(dir, 'inspect.json');
    synth({ cacheFile, token: 'Very-Secret-42' });
    SealCache.flushAll();
    const text = readFileSync(cacheFile, 'utf8');
    expect(text).not.toContain('Very-Secret-42');
    const userdata = unseal(JSON.parse(text).entries[Object.keys(JSON.parse(text).entries)[0]].value, 'default/node-cloudinit');
    const { createHash } = jest.requireActual('node:crypto');
    expect(text).not.toContain(createHash('sha256').update(userdata).digest('hex'));
    expect(text).not.toContain(Buffer.from('Very-Secret-42').toString('base64'));
  });

  test('no secret value in the output, raw or base64', () => {
    const text = Yaml.stringify(...synth({ token: 'Very-Secret-42' }));
    expect(text).not.toContain('Very-Secret-42');
    expect(text).not.toContain(Buffer.from('Very-Secret-42').toString('base64'));
  });

  test('a remote SecretValue cannot be sealed', () => {
    const chart = Testing.chart();
    const ci = new CloudInitSecret(chart, 'ci', { name: 'x', secretOutput: SecretOutput.sealedSecret({ certificate: CERT, cacheFile: join(dir, 'r.json') }) });
    ci.addFile({ path: '/t', content: `${SecretValue.fromRemote('rke2/token')}` });
    expect(() => Testing.synth(chart)).toThrow("CloudInitSecret 'test/ci': secretOutput: a SealedSecret is sealed at synth, but the SecretValue from remote key rke2/token is only in an external store");
  });
});

describe('SealedSecret strict schema', () => {
  test('the object passes; an unknown field does not', () => {
    const { validateStructure } = jest.requireActual('../../lib/validation/private/structure');
    const [sealed] = synth();
    expect(validateStructure(sealed)).toEqual([]);
    sealed.spec.encrypted = {};
    expect(validateStructure(sealed).map((p: any) => p.field)).toEqual(['spec.encrypted']);
  });
});

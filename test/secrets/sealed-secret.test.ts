import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, Yaml } from 'cdk8s';
import { CloudInitSecret, SealingScope, SecretOutput, SecretValue } from '../../lib';
import { SealCache } from '../../lib/secrets/private/seal-cache';
import { makeSealingKeyPair, unsealValue } from '../helpers/sealing';

const pair = makeSealingKeyPair();
const { dir, cert: CERT, key: KEY } = pair;
afterAll(() => pair.cleanup());

const unseal = (value: string, label: string): string => unsealValue(KEY, value, label);

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

  test('strict scope: only the value is sealed (label <namespace>/<name>); the user data stays readable as a template', () => {
    const [sealed] = synth();
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(sealed.kind).toBe('SealedSecret');
    expect(sealed.metadata).toEqual({ name: 'node-cloudinit', namespace: 'default', labels: { 'harvesterhci.io/creator': 'gitvops' } });
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(['value-1']);
    expect(unseal(sealed.spec.encryptedData['value-1'], 'default/node-cloudinit')).toBe('T0ken-value');
    expect(sealed.spec.template.metadata).toEqual(sealed.metadata);
    expect(sealed.spec.template.type).toBe('Opaque');
    expect(Object.keys(sealed.spec.template.data)).toEqual(['userdata']);
    const template: string = sealed.spec.template.data.userdata;
    expect(template.startsWith('#cloud-config\nhostname: node\n')).toBe(true);
    expect(template).toContain('token: {{ index . "value-1" | replace "\\n" "\\n      " }}');
    expect(template).not.toContain('T0ken-value');
  });

  test('a wrong name or namespace in the label fails to open', () => {
    const [sealed] = synth();
    expect(() => unseal(sealed.spec.encryptedData['value-1'], 'default/other')).toThrow();
    expect(() => unseal(sealed.spec.encryptedData['value-1'], 'other/node-cloudinit')).toThrow();
  });

  test('namespace-wide and cluster-wide: labels and annotations', () => {
    const [ns] = synth({ scope: SealingScope.NAMESPACE_WIDE });
    expect(ns.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(unseal(ns.spec.encryptedData['value-1'], 'default')).toBe('T0ken-value');
    const [cw] = synth({ scope: SealingScope.CLUSTER_WIDE, viaDefault: true });
    expect(cw.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
    expect(unseal(cw.spec.encryptedData['value-1'], '')).toBe('T0ken-value');
  });

  test('re-synth with the cache is byte-identical; a changed value changes only its own ciphertext', () => {
    const cacheFile = join(dir, 'stable.json');
    const first = synth({ cacheFile });
    SealCache.flushAll();
    expect(existsSync(cacheFile)).toBe(true);
    expect(Yaml.stringify(...synth({ cacheFile }))).toBe(Yaml.stringify(...first));
    const [changed] = synth({ cacheFile, token: 'n3w-token' });
    expect(changed.spec.template).toEqual(first[0].spec.template);
    expect(changed.spec.encryptedData['value-1']).not.toBe(first[0].spec.encryptedData['value-1']);
    expect(unseal(changed.spec.encryptedData['value-1'], 'default/node-cloudinit')).toBe('n3w-token');
  });

  test('values are named by their source: env.<NAME>, file.<path>, value-<n>; one source, one key', () => {
    process.env.GITVOPS_TEST_SEALED = 'from-env';
    const file = join(dir, 'password.txt');
    writeFileSync(file, 'from-file\n');
    const chart = Testing.chart();
    const ci = new CloudInitSecret(chart, 'ci', { name: 'n', secretOutput: SecretOutput.sealedSecret({ certificate: CERT, cacheFile: join(dir, 'named.json') }) });
    ci.addFile({ path: '/a', content: `${SecretValue.fromEnv('GITVOPS_TEST_SEALED')} ${SecretValue.fromEnv('GITVOPS_TEST_SEALED')}` });
    ci.addFile({ path: '/b', content: `${SecretValue.fromFile(file)} ${SecretValue.unsafePlainText('one')} ${SecretValue.unsafePlainText('two')}` });
    const [sealed] = Testing.synth(chart);
    const keys = Object.keys(sealed.spec.encryptedData);
    expect(keys).toEqual(['env.GITVOPS_TEST_SEALED', `file.${file.slice(1).replace(/\//g, '-')}`, 'value-1', 'value-2']);
    expect(keys.map((k) => unseal(sealed.spec.encryptedData[k], 'default/n'))).toEqual(['from-env', 'from-file', 'one', 'two']);
  });

  test('the cache holds neither the plaintext nor its unkeyed hash', () => {
    const cacheFile = join(dir, 'inspect.json');
    synth({ cacheFile, token: 'Very-Secret-42' });
    SealCache.flushAll();
    const text = readFileSync(cacheFile, 'utf8');
    expect(text).not.toContain('Very-Secret-42');
    const value = unseal(JSON.parse(text).entries[Object.keys(JSON.parse(text).entries)[0]].value, 'default/node-cloudinit');
    expect(value).toBe('Very-Secret-42');
    const { createHash } = jest.requireActual('node:crypto');
    expect(text).not.toContain(createHash('sha256').update(value).digest('hex'));
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

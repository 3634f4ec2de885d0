// Any secret value renders correctly in all three outputs. The same RKE2 server (token in
// config.yaml, registry password in registries.yaml, the token again as a whole file) is written
// with each output; the plain Secret reveals the values at synth, the SealedSecret and the
// ExternalSecret carry Go templates that Go's text/template with sprig renders here, as the
// sealed-secrets controller and External Secrets do in the cluster. Each rendering must be the
// plain one byte for byte, and every config file parsed from it must give back the exact value.
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Rke2NodePool, Rke2Role, SecretOutput, SecretValue } from '../../lib';
import { hasGoTemplates, renderGoTemplates } from '../helpers/go-template';
import { checkCloudConfig } from '../helpers/real-validators';
import { makeSealingKeyPair, unsealValue } from '../helpers/sealing';

const HOSTILE: { [name: string]: string } = {
  'quote and backslash': 'p"a\\ss\\"w',
  'newlines': 'line one\nline two\n',
  'hash and colon': '#not: a comment: x',
  'leading and trailing spaces': '   spaced   ',
  'template braces': '{{ .Values.secret }} }}{{',
  'non-ASCII': 'ünï©ødé ✓ 日本 😀',
  'YAML indicators': "- &a *b !c %d @e `f` 'g' | > ? [h] {i}",
  'control characters': 'tab\there bell\u0007 del\u007f nbsp\u00a0 ls\u2028',
  'looks like YAML 1.1 values': 'yes',
};

const pair = makeSealingKeyPair();
afterAll(() => pair.cleanup());
process.env.GITVOPS_SEAL_CACHE_KEY = 'hostile-test';

function server(output: SecretOutput, token: SecretValue, password: SecretValue): any[] {
  const chart = Testing.chart();
  new Rke2NodePool(chart, 'pool', {
    clusterName: 'lab', name: 'cp', role: Rke2Role.SERVER, replicas: 1, bootstrap: true, token,
    vm: { image: 'default/ubuntu', storageClass: 'lh-0', network: 'default/net' },
    registries: { configs: [{ host: 'registry.lab:5000', username: 'puller', password }] },
    files: [{ path: '/etc/lab/token', content: `${token}` }],
    secretOutput: output,
  });
  return Testing.synth(chart);
}

/** The values the node reads: token from config.yaml and the token file, password from registries.yaml. */
function valuesIn(userdata: string): { token: string; tokenFile: string; password: string } {
  const cc = parse(userdata, { version: '1.1' });
  const file = (path: string) => cc.write_files.find((f: any) => f.path === path).content;
  return {
    token: parse(file('/etc/rancher/rke2/config.yaml'), { version: '1.1' }).token,
    tokenFile: file('/etc/lab/token'),
    password: parse(file('/etc/rancher/rke2/registries.yaml'), { version: '1.1' }).configs['registry.lab:5000'].auth.password,
  };
}

describe.each(Object.entries(HOSTILE))('a secret value with %s', (_name, value) => {
  const password = `pw-${value}`;
  process.env.GITVOPS_HOSTILE_TOKEN = value;
  process.env.GITVOPS_HOSTILE_PASSWORD = password;
  const plain = server(SecretOutput.unsafePlainText(), SecretValue.fromEnv('GITVOPS_HOSTILE_TOKEN'), SecretValue.fromEnv('GITVOPS_HOSTILE_PASSWORD'));
  const plainUserdata: string = plain.find((o) => o.kind === 'Secret').stringData.userdata;

  test('plain Secret: every config file gives back the exact value; cloud-init accepts the user data', () => {
    expect(valuesIn(plainUserdata)).toEqual({ token: value, tokenFile: value, password });
    expect(checkCloudConfig(plainUserdata)).toEqual([]);
  });

  test('SealedSecret: the decrypted values rendered by Go templates give the plain user data byte for byte', () => {
    if (!hasGoTemplates()) return;
    process.env.GITVOPS_HOSTILE_TOKEN = value;
    process.env.GITVOPS_HOSTILE_PASSWORD = password;
    const sealed = server(
      SecretOutput.sealedSecret({ certificate: pair.cert, cacheFile: `${pair.dir}/cache.json` }),
      SecretValue.fromEnv('GITVOPS_HOSTILE_TOKEN'), SecretValue.fromEnv('GITVOPS_HOSTILE_PASSWORD'),
    ).find((o) => o.kind === 'SealedSecret');
    const label = `${sealed.metadata.namespace}/${sealed.metadata.name}`;
    const data = Object.fromEntries(Object.entries<string>(sealed.spec.encryptedData).map(([k, v]) => [k, unsealValue(pair.key, v, label)]));
    expect(Object.values(data).sort()).toEqual([password, value].sort());
    const rendered = renderGoTemplates(sealed.spec.template.data, data);
    expect(rendered.userdata).toBe(plainUserdata);
    expect(valuesIn(rendered.userdata)).toEqual({ token: value, tokenFile: value, password });
  });

  test('ExternalSecret: the remote values rendered by Go templates give the plain user data byte for byte', () => {
    if (!hasGoTemplates()) return;
    const es = server(
      SecretOutput.externalSecret({ storeName: 'vault' }),
      SecretValue.fromRemote('lab/token'), SecretValue.fromRemote('lab/registry', { property: 'password' }),
    ).find((o) => o.kind === 'ExternalSecret');
    expect(es.spec.data.map((d: any) => d.secretKey)).toEqual(['lab-registry-password', 'lab-token']);
    const rendered = renderGoTemplates(es.spec.target.template.data, { 'lab-token': value, 'lab-registry-password': password });
    expect(rendered.userdata).toBe(plainUserdata);
  });
});

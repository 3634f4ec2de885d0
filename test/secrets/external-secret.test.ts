import { Duration, Testing, Yaml } from 'cdk8s';
import { CloudInitSecret, SecretOutput, SecretStoreKind, SecretValue } from '../../lib';
import { goDuration } from '../../lib/secrets/private/external-secret-writer';
import { escapeGoTemplate } from '../../lib/secrets/private/writer';

function synth(build: (ci: CloudInitSecret) => void, output = SecretOutput.externalSecret({ storeName: 'vault' })) {
  const chart = Testing.chart();
  const ci = new CloudInitSecret(chart, 'ci', { name: 'node-cloudinit', secretOutput: output });
  build(ci);
  return Testing.synth(chart)[0];
}

describe('ExternalSecret output', () => {
  const token = SecretValue.fromRemote('rke2/mgmt', { property: 'token' });
  const password = SecretValue.fromRemote('registry');

  test('renders the same Secret from remote keys: target, template, data', () => {
    const es = synth((ci) => {
      ci.addFile({ path: '/etc/rancher/rke2/config.yaml', content: `token: ${token}\n` });
      ci.addFile({ path: '/etc/rancher/rke2/registries.yaml', content: `password: ${password}\ntoken-again: ${token}\n` });
    });
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.kind).toBe('ExternalSecret');
    expect(es.metadata.name).toBe('node-cloudinit');
    expect(es.spec.refreshInterval).toBe('1h');
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(es.spec.target.name).toBe('node-cloudinit');
    expect(es.spec.target.creationPolicy).toBe('Owner');
    expect(es.spec.target.template.engineVersion).toBe('v2');
    expect(Object.keys(es.spec.target.template.data)).toEqual(['userdata']);
    expect(es.spec.data).toEqual([
      { secretKey: 'registry', remoteRef: { key: 'registry' } },
      { secretKey: 'rke2-mgmt-token', remoteRef: { key: 'rke2/mgmt', property: 'token' } },
    ]);
    const template: string = es.spec.target.template.data.userdata;
    // each value lands in a literal block of the cloud-config (content indented by 6): its newlines get that indentation
    const inBlock = (key: string) => `{{ index . "${key}" | replace "\\n" "\\n      " }}`;
    expect(template.match(/\{\{ index [^}]*\}\}/g)).toEqual([inBlock('rke2-mgmt-token'), inBlock('registry'), inBlock('rke2-mgmt-token')]);
  });

  test('literal {{ and }} in user files are escaped and would render verbatim', () => {
    const content = 'value: {{ .Values.x }} and }} and {{{\n';
    const es = synth((ci) => {
      ci.addFile({ path: '/etc/helm.yaml', content });
      ci.addFile({ path: '/etc/t', content: `${token}` });
    });
    const template: string = es.spec.target.template.data.userdata;
    expect(template).toContain('{{ "{{" }} .Values.x {{ "}}" }} and {{ "}}" }} and {{ "{{" }}{');
    // rendering the escapes back gives the original text
    const rendered = template.replace(/\{\{ "(\{\{|\}\})" \}\}/g, '$1');
    expect(rendered).toContain(content.trimEnd());
    expect(escapeGoTemplate('{{}}')).toBe('{{ "{{" }}{{ "}}" }}');
  });

  test('store kind and refresh interval', () => {
    const es = synth((ci) => ci.addFile({ path: '/t', content: `${token}` }), SecretOutput.externalSecret({ storeName: 's', storeKind: SecretStoreKind.SECRET_STORE, refreshInterval: Duration.minutes(90) }));
    expect(es.spec.secretStoreRef).toEqual({ name: 's', kind: 'SecretStore' });
    expect(es.spec.refreshInterval).toBe('1h30m');
    expect(goDuration(Duration.seconds(45))).toBe('45s');
  });

  test('values that are not remote are refused, naming the source and not the value', () => {
    expect(() => synth((ci) => ci.addFile({ path: '/t', content: `${SecretValue.unsafePlainText('pl41n')}` })))
      .toThrow("CloudInitSecret 'test/ci': secretOutput: an ExternalSecret reads only remote values, but the SecretValue from a plain-text literal is not one; use SecretValue.fromRemote(key)");
  });

  test('no secret material in the output', () => {
    const text = Yaml.stringify(synth((ci) => ci.addFile({ path: '/t', content: `${token}` })));
    expect(text).not.toMatch(/__GITVOPS_SECRET_/);
  });
});

describe('ExternalSecret and SealedSecret objects pass the strict schema check', () => {
  const { validateStructure, isKnownKind } = jest.requireActual('../../lib/validation/private/structure');
  test('ExternalSecret', () => {
    const es = synth((ci) => ci.addFile({ path: '/t', content: `${SecretValue.fromRemote('k', { property: 'p' })}` }));
    expect(isKnownKind('external-secrets.io/v1', 'ExternalSecret')).toBe(true);
    expect(validateStructure(es)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(es));
    broken.spec.target.tempalte = {};
    broken.spec.secretStoreRef.kind = 'Vault';
    expect(validateStructure(broken).map((p: any) => [p.field, p.message])).toEqual(expect.arrayContaining([
      ['spec.target.tempalte', 'unknown field "tempalte"'],
      ['spec.secretStoreRef.kind', 'must be one of: SecretStore, ClusterSecretStore'],
    ]));
  });
});

import { Testing } from 'cdk8s';
import { HarvesterKeyPair, HarvesterVm, ManifestValidator, SecretOutput } from '../../lib';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINJQTlK4sHSEoraQ5/+u3qvpEyDAkBKETQ98gcLscuiC ops@example';

describe('HarvesterKeyPair', () => {
  test('a KeyPair on the imported kind, checked against the CRD and the keypair webhook rule', () => {
    const chart = Testing.chart();
    new HarvesterKeyPair(chart, 'ops', { name: 'ops', publicKey: ` ${KEY}\n` });
    const objects = Testing.synth(chart);
    expect(objects).toEqual([{
      apiVersion: 'harvesterhci.io/v1beta1', kind: 'KeyPair',
      metadata: { name: 'ops', namespace: 'default', labels: { 'harvesterhci.io/creator': 'gitvops' } },
      spec: { publicKey: KEY },
    }]);
    expect(ManifestValidator.check(objects)).toEqual([]);
  });

  test('a key that is not a real OpenSSH key fails at construction, with the construct path', () => {
    expect(() => new HarvesterKeyPair(Testing.chart(), 'bad', { name: 'bad', publicKey: 'ssh-rsa AAAA-not-a-key' }))
      .toThrow(/^HarvesterKeyPair 'test\/bad': publicKey: "ssh-rsa AAAA-not-a-key" is invalid; allowed: an OpenSSH public key/);
  });

  test('VMs take key pairs by object: sshNames annotation, and the key in the VM\'s own cloud-init', () => {
    const chart = Testing.chart();
    SecretOutput.setDefault(chart, SecretOutput.unsafePlainText());
    const ops = new HarvesterKeyPair(chart, 'ops', { name: 'ops', publicKey: KEY });
    const existing = HarvesterKeyPair.fromName(chart, 'dev', 'default/dev');
    new HarvesterVm(chart, 'vm', { name: 'web', keyPairs: [ops, existing], sshKeyPairs: ['default/ops'], userData: { packages: ['nginx'] } });
    new HarvesterVm(chart, 'plain', { name: 'plain', keyPairs: [ops], keyPairsInCloudInit: false, userData: { packages: ['nginx'] } });
    const objects = Testing.synth(chart);
    const vm = objects.find((o) => o.kind === 'VirtualMachine' && o.metadata.name === 'web');
    expect(JSON.parse(vm.spec.template.metadata.annotations['harvesterhci.io/sshNames'])).toEqual(['default/ops', 'default/dev']);
    const userdata = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'web-cloudinit').stringData.userdata;
    expect(userdata).toContain(`ssh_authorized_keys:\n  - ${KEY}`);
    expect(objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'plain-cloudinit').stringData.userdata).not.toContain('ssh_authorized_keys');
    expect(objects.filter((o) => o.kind === 'KeyPair').map((o) => o.metadata.name)).toEqual(['ops']);
  });
});

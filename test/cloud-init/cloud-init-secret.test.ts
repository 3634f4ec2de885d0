import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import {
  CloudInitSecret, CloudInitSecretProps, Command, FileEncoding, NetworkConfig, SecretOutput, SecretValue,
} from '../../lib';
import { CloudConfigBuilder } from '../../lib/cloud-init/private/cloud-config-builder';
import { checkCloudConfig, checkNetworkConfig, findObject } from '../helpers/real-validators';

function secret(props: Partial<CloudInitSecretProps> = {}, build?: (s: CloudInitSecret) => void) {
  const chart = Testing.chart();
  const s = new CloudInitSecret(chart, 'ci', { name: 'vm-cloudinit', ...props });
  build?.(s);
  return findObject(Testing.synth(chart), 'Secret', 'vm-cloudinit');
}
const userdata = (obj: any): string => obj.stringData.userdata;
const doc = (obj: any) => parse(userdata(obj), { version: '1.1' });

describe('CloudInitSecret: the Secret', () => {
  test('name, namespace, creator label, keys userdata only without a network config', () => {
    const obj = secret();
    expect(obj.apiVersion).toBe('v1');
    expect(obj.metadata).toEqual({ name: 'vm-cloudinit', namespace: 'default', labels: { 'harvesterhci.io/creator': 'gitvops' } });
    expect(Object.keys(obj.stringData)).toEqual(['userdata']);
    expect(obj.type).toBe('Opaque');
  });

  test('networkdata with a network config', () => {
    const obj = secret({ networkConfig: NetworkConfig.dhcp() });
    expect(Object.keys(obj.stringData).sort()).toEqual(['networkdata', 'userdata']);
    expect(parse(obj.stringData.networkdata)).toEqual({ network: { version: 2, ethernets: { enp1s0: { dhcp4: true } } } });
  });
});

describe('cloud-config rendering', () => {
  const full = () => secret({
    hostname: 'web-01',
    users: [{ name: 'ops', groups: ['sudo', 'adm'], sudo: 'ALL=(ALL) NOPASSWD:ALL', shell: '/bin/bash', sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKksNuZqJe6Z/4Yvqo6HmHvmx80Tw+5mHEAKRbDx47Ey ops'], lockPasswd: true }],
    sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFDYWOCYXsx/YEGKrwzFq1h/QsJXCohAlanozKzQ9lRc key@example'],
    packageUpgrade: true,
    packages: ['qemu-guest-agent', 'yes'],
    files: [
      { path: '/etc/app.conf', content: 'on\n', owner: 'root:root', permissions: '0640' },
      { path: '/etc/blob', content: 'aGVsbG8=', encoding: FileEncoding.BASE64, defer: true },
      { path: '/etc/app.conf', content: 'more\n', append: true },
    ],
    bootcmd: [Command.shell('echo early')],
    runcmd: [Command.exec('systemctl', 'enable', '--now', 'qemu-guest-agent'), Command.shell('echo "$HOME" > /tmp/x')],
    extraConfig: { timezone: 'Europe/Berlin', ntp: { enabled: true } },
  });

  test('every typed field, in a fixed order, extra keys sorted after them', () => {
    const text = userdata(full());
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    expect(Object.keys(doc(full()))).toEqual([
      'hostname', 'users', 'ssh_authorized_keys', 'package_update', 'package_upgrade', 'packages', 'write_files', 'bootcmd', 'runcmd', 'ntp', 'timezone',
    ]);
    expect(doc(full())).toEqual({
      hostname: 'web-01',
      users: ['default', { name: 'ops', groups: 'sudo, adm', sudo: 'ALL=(ALL) NOPASSWD:ALL', shell: '/bin/bash', lock_passwd: true, ssh_authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKksNuZqJe6Z/4Yvqo6HmHvmx80Tw+5mHEAKRbDx47Ey ops'] }],
      ssh_authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFDYWOCYXsx/YEGKrwzFq1h/QsJXCohAlanozKzQ9lRc key@example'],
      package_update: true,
      package_upgrade: true,
      packages: ['qemu-guest-agent', 'yes'],
      write_files: [
        { path: '/etc/app.conf', content: 'on\n', owner: 'root:root', permissions: '0640' },
        { path: '/etc/blob', encoding: 'b64', content: 'aGVsbG8=', defer: true },
        { path: '/etc/app.conf', content: 'more\n', append: true },
      ],
      bootcmd: ['echo early'],
      runcmd: [['systemctl', 'enable', '--now', 'qemu-guest-agent'], 'echo "$HOME" > /tmp/x'],
      ntp: { enabled: true },
      timezone: 'Europe/Berlin',
    });
  });

  test('YAML 1.1 pitfalls stay strings: yes, on, 0640', () => {
    const text = userdata(full());
    expect(text).toContain('- "yes"');
    expect(text).toContain('permissions: "0640"');
    expect(doc(full()).packages[1]).toBe('yes');
  });

  test('cloud-init accepts it', () => {
    expect(checkCloudConfig(userdata(full()))).toEqual([]);
  });

  test('add methods after construction are rendered; duplicates of packages and keys collapse', () => {
    const obj = secret({}, (s) => {
      s.addPackage('vim');
      s.addPackage('vim');
      s.addSshKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMqXgRLKG73K+sIxs5oj3E2nhu/4FHxOcrmAd4Wv7ki7 a');
      s.addFile({ path: '/x', content: 'y' });
      s.addCommand(Command.shell('true'));
      s.addBootCommand(Command.exec('echo', 'hi'));
      s.addUser({ name: 'svc', system: true });
      s.addConfig('timezone', 'UTC');
    });
    expect(doc(obj)).toEqual({
      users: ['default', { name: 'svc', system: true }], ssh_authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMqXgRLKG73K+sIxs5oj3E2nhu/4FHxOcrmAd4Wv7ki7 a'], package_update: true,
      packages: ['vim'], write_files: [{ path: '/x', content: 'y' }], bootcmd: [['echo', 'hi']], runcmd: ['true'], timezone: 'UTC',
    });
    expect(checkCloudConfig(userdata(obj))).toEqual([]);
  });

  test('no null entries: empty lists are left out', () => {
    expect(userdata(secret({ sshAuthorizedKeys: [], packages: [] }))).toBe('#cloud-config\n{}\n');
  });

  test('validation reads the document as last rendered, and a change after a render is never missed', () => {
    const builder = new CloudConfigBuilder(Testing.chart(), { hostname: 'web-01', packages: ['curl'] });
    expect(builder.renderedObject()).toEqual({ hostname: 'web-01', package_update: true, packages: ['curl'] });
    const written = builder.render();
    const rendered = builder.renderedObject();
    expect(parse(written, { version: '1.1' })).toEqual(rendered);
    expect(builder.renderedObject()).toBe(rendered);
    builder.addPackage('jq');
    expect(builder.renderedObject().packages).toEqual(['curl', 'jq']);
    builder.render();
    builder.addCommand(Command.exec('true'));
    expect(builder.renderedObject().runcmd).toEqual([['true']]);
    builder.render();
    builder.setExtra('timezone', 'UTC');
    expect(builder.renderedObject().timezone).toBe('UTC');
  });

  test('two renders are byte-identical', () => {
    expect(userdata(full())).toBe(userdata(full()));
  });
});

describe('bad input: construct path, field, value, rule', () => {
  const at = "CloudInitSecret 'test/ci'";
  test.each<[string, Partial<CloudInitSecretProps>, string]>([
    ['relative path', { files: [{ path: 'etc/x', content: '' }] }, `${at}: files[0].path: "etc/x" is invalid; allowed: an absolute file path (starting with "/")`],
    ['duplicate path', { files: [{ path: '/x', content: '' }, { path: '/x', content: '' }] }, `${at}: files[1].path: "/x" is invalid; allowed: a path not written already (set append: true to add to a file)`],
    ['malformed permissions', { files: [{ path: '/x', content: '', permissions: '644x' }] }, `${at}: files[0].permissions: "644x" is invalid; allowed: an octal mode string such as "0644" or "0600"`],
    ['non-octal permissions', { files: [{ path: '/x', content: '', permissions: '0999' }] }, 'files[0].permissions: "0999" is invalid'],
    ['bad owner', { files: [{ path: '/x', content: '', owner: 'root root' }] }, 'files[0].owner: "root root" is invalid; allowed: "user" or "user:group"'],
    ['empty command', { runcmd: [Command.shell('  ')] }, `${at}: runcmd[0]: "  " is invalid; allowed: a non-empty command`],
    ['empty argv', { bootcmd: [Command.exec('')] }, 'bootcmd[0]: [""] is invalid; allowed: a non-empty command'],
    ['bad package', { packages: ['vim; rm -rf /'] }, 'packages[0]: "vim; rm -rf /" is invalid'],
    ['bad ssh key', { sshAuthorizedKeys: ['not-a-key'] }, 'sshAuthorizedKeys[0]: "not-a-key" is invalid; allowed: an OpenSSH public key'],
    ['bad user name', { users: [{ name: 'Root User' }] }, 'users[0].name: "Root User" is invalid'],
    ['duplicate user', { users: [{ name: 'a' }, { name: 'a' }] }, 'users[1].name: "a" is invalid; allowed: a user name not used already'],
    ['typed key through extraConfig', { extraConfig: { runcmd: [] } }, `${at}: extraConfig.runcmd: cannot be set through extraConfig; use the typed option instead`],
    ['bad hostname', { hostname: 'web_01' }, `${at}: hostname: "web_01" is invalid; allowed: a DNS-1123 label`],
    ['bad name', { name: 'Web' }, `${at}: name: "Web" is invalid; allowed: a DNS-1123 subdomain`],
    ['invalid CIDR', { networkConfig: NetworkConfig.staticAddress({ address: '10.0.0.5/33' }) }, `${at}: networkConfig.ethernets.enp1s0.addresses[0]: "10.0.0.5/33" is invalid; allowed: an address with prefix length`],
    ['invalid address', { networkConfig: NetworkConfig.staticAddress({ address: '10.0.0.5/24', nameservers: ['dns.example'] }) }, 'networkConfig.ethernets.enp1s0.nameservers[0]: "dns.example" is invalid; allowed: an IPv4 or IPv6 address'],
    ['gateway outside the subnet', { networkConfig: NetworkConfig.staticAddress({ address: '10.0.0.5/24', gateway: '10.0.1.1' }) }, 'networkConfig.ethernets.enp1s0.gateway: "10.0.1.1" is invalid; allowed: an address inside the subnet of 10.0.0.5/24'],
    ['gateway is the own address', { networkConfig: NetworkConfig.staticAddress({ address: '10.0.0.5/24', gateway: '10.0.0.5' }) }, "gateway: \"10.0.0.5\" is invalid; allowed: an address other than the interface's own"],
    ['unknown interface reference', { networkConfig: NetworkConfig.dhcp().addRoute('eth9', { to: '10.9.0.0/16', via: '10.0.0.1' }) }, `${at}: networkConfig.routes[0].interface: "eth9" is invalid; allowed: an interface of this config (enp1s0)`],
    ['setName without match', { networkConfig: new NetworkConfig().addEthernet('lan', { dhcp4: true, setName: 'lan0' }) }, 'networkConfig.ethernets.lan.setName: needs match'],
    ['no address and no DHCP', { networkConfig: new NetworkConfig().addEthernet('enp1s0', {}) }, 'networkConfig.ethernets.enp1s0: needs dhcp4, dhcp6 or at least one static address'],
    ['bad MAC match', { networkConfig: new NetworkConfig().addEthernet('lan', { dhcp4: true, match: { macAddress: '52:54:00' } }) }, 'networkConfig.ethernets.lan.match.macAddress: "52:54:00" is invalid'],
  ])('%s', (_name, props, message) => {
    expect(() => secret(props)).toThrow(message);
  });

  test('appending to a written path is allowed', () => {
    expect(() => secret({ files: [{ path: '/x', content: 'a' }, { path: '/x', content: 'b', append: true }] })).not.toThrow();
  });
});

describe('network-config', () => {
  const net = (config: NetworkConfig) => secret({ networkConfig: config }).stringData.networkdata as string;

  test('static address: default route via the gateway, no gateway4; nameservers and search', () => {
    const text = net(NetworkConfig.staticAddress({ address: '10.2.0.21/24', gateway: '10.2.0.1', nameservers: ['10.2.0.1', '1.1.1.1'], searchDomains: ['lab.example'] }));
    expect(text).not.toContain('gateway4');
    expect(parse(text)).toEqual({ network: { version: 2, ethernets: { enp1s0: {
      dhcp4: false, addresses: ['10.2.0.21/24'], routes: [{ to: 'default', via: '10.2.0.1' }],
      nameservers: { addresses: ['10.2.0.1', '1.1.1.1'], search: ['lab.example'] },
    } } } });
    expect(checkNetworkConfig(text)).toEqual([]);
  });

  test('match, set-name, dhcp6, mtu, IPv6 and extra routes; netplan accepts them', () => {
    const config = new NetworkConfig()
      .addEthernet('lan', { match: { macAddress: '52:54:00:AB:CD:EF' }, setName: 'lan0', dhcp4: true, dhcp6: true, mtu: 9000 })
      .addEthernet('v6', { match: { name: 'enp2*' }, addresses: ['2001:db8::5/64'], gateway: '2001:db8::1' })
      .addRoute('lan', { to: '192.168.0.0/16', via: '10.0.0.254', metric: 100 });
    const text = net(config);
    expect(parse(text).network.ethernets).toEqual({
      lan: { match: { macaddress: '52:54:00:ab:cd:ef' }, 'set-name': 'lan0', dhcp4: true, dhcp6: true, routes: [{ to: '192.168.0.0/16', via: '10.0.0.254', metric: 100 }], mtu: 9000 },
      v6: { match: { name: 'enp2*' }, dhcp4: false, addresses: ['2001:db8::5/64'], routes: [{ to: 'default', via: '2001:db8::1' }] },
    });
    expect(checkNetworkConfig(text)).toEqual([]);
  });
});

describe('secret material', () => {
  test('without an output choice, a SecretValue fails synth naming the construct and the source, never the value', () => {
    const chart = Testing.chart();
    const s = new CloudInitSecret(chart, 'ci', { name: 'vm-cloudinit' });
    s.addFile({ path: '/etc/token', content: `${SecretValue.unsafePlainText('s3cr3t-value')}\n`, permissions: '0600' });
    // what app.synth() runs before writing anything
    const message = s.node.validate().join('\n');
    expect(message).toContain("CloudInitSecret 'test/ci': secretOutput: would write secret material in plain text (a plain-text literal)");
    expect(message).not.toContain('s3cr3t-value');
  });

  test('with SecretOutput.unsafePlainText() the value is written and a warning names the object', () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { writes.push(String(chunk)); return true; });
    try {
      const obj = secret({ secretOutput: SecretOutput.unsafePlainText() }, (s) => s.addFile({ path: '/etc/token', content: `token: ${SecretValue.unsafePlainText('s3cr3t')}\n` }));
      expect(doc(obj).write_files[0].content).toBe('token: s3cr3t\n');
    } finally {
      spy.mockRestore();
    }
    expect(writes.join('')).toMatch(/WARNING: CloudInitSecret 'test\/ci': Secret default\/vm-cloudinit holds secret material in plain text \(a plain-text literal\)/);
    expect(writes.join('')).not.toContain('s3cr3t');
  });

  test('an unset environment variable is named, no value shown', () => {
    delete process.env.GITVOPS_TEST_UNSET;
    expect(() => secret({ secretOutput: SecretOutput.unsafePlainText() }, (s) => s.addFile({ path: '/t', content: `${SecretValue.fromEnv('GITVOPS_TEST_UNSET')}` })))
      .toThrow('SecretValue: environment variable GITVOPS_TEST_UNSET is not set');
  });

  test('values with quotes, backslashes and newlines read back unchanged; one a literal block cannot carry is refused', () => {
    const value = 'x"\\\ny: #z';
    const objects = secret({ secretOutput: SecretOutput.unsafePlainText() }, (s) => {
      s.addFile({ path: '/a', content: `${SecretValue.unsafePlainText(value)}` });
      s.addFile({ path: '/b', content: `first\nv=${SecretValue.unsafePlainText(value)}\n` });
    });
    const files = doc(objects).write_files;
    expect(files.map((f: any) => f.content)).toEqual([value, `first\nv=${value}\n`]);
    expect(() => secret({ secretOutput: SecretOutput.unsafePlainText() }, (s) => s.addFile({ path: '/t', content: `a\n${SecretValue.unsafePlainText('x\ry')}` })))
      .toThrow("CloudInitSecret 'test/ci': secret: the SecretValue from a plain-text literal contains a carriage return or a non-printable character, which a YAML block literal cannot carry");
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOUD_INIT_SCHEMA, cloudConfigKeys, keysIndependent } from '../../lib/platform/private/cloud-init-keys';
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { checkCloudInitData } from '../../lib/validation/private/cloud-init-data';
import { cloudConfigRawErrors, keySchema } from '../../lib/validation/private/cloud-init-schema';

const secret = (stringData: any, data?: any) => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, stringData, ...(data ? { data } : {}),
});

describe('cloud-init data layer', () => {
  test('a valid cloud-config and network-config pass', () => {
    expect(checkCloudInitData(secret({
      userdata: '#cloud-config\nhostname: a\npackages: [vim]\nwrite_files:\n  - path: /x\n    content: hello\n',
      networkdata: 'network:\n  version: 2\n  ethernets:\n    enp1s0:\n      addresses: [10.0.0.5/24]\n      routes: [{to: default, via: 10.0.0.1}]\n',
    }))).toEqual([]);
  });

  test('the key list comes from cloud-init\'s own schema when it is installed', () => {
    const keys = cloudConfigKeys();
    expect(keys.has('write_files')).toBe(true);
    if (existsSync(CLOUD_INIT_SCHEMA)) expect(keys.has('ansible')).toBe(true);
    else if (process.env.CI === 'true') throw new Error(`${CLOUD_INIT_SCHEMA} missing on CI: .ci/run installs cloud-init`);
  });

  test('the schema\'s facts are stored once, read back by the next process, and read from the schema again when damaged', () => {
    if (!existsSync(CLOUD_INIT_SCHEMA)) {
      if (process.env.CI === 'true') throw new Error(`${CLOUD_INIT_SCHEMA} missing on CI: .ci/run installs cloud-init`);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'gitvops-facts-'));
    try {
      const run = () => {
        const result = spawnSync(process.execPath, ['-r', './scripts/register.js', '-e',
          "console.log(JSON.stringify(require('./lib/platform/private/cloud-init-keys').cloudInitSchemaFacts()))"],
        { cwd: join(__dirname, '..', '..'), env: { ...process.env, GITVOPS_CODE_CACHE: dir }, encoding: 'utf8' });
        expect(result.stderr).toBe('');
        return JSON.parse(result.stdout);
      };
      const schema = JSON.parse(readFileSync(CLOUD_INIT_SCHEMA, 'utf8'));
      const expected = new Set<string>();
      for (const ref of schema.allOf) {
        const def = schema.$defs[ref.$ref.replace('#/$defs/', '')];
        for (const k of [...Object.keys(def?.properties ?? {}), ...Object.keys(def?.patternProperties ?? {})]) expected.add(k);
      }
      const first = run();
      expect(new Set(first.keys)).toEqual(expected);
      expect(first.keysIndependent).toBe(keysIndependent(schema));
      const files = readdirSync(dir).filter((f) => f.startsWith('facts-'));
      expect(files).toHaveLength(1);
      // what the next process reads is the stored file (a marker proves it)
      writeFileSync(join(dir, files[0]), JSON.stringify({ keys: ['marker'], keysIndependent: false }));
      expect(run()).toEqual({ keys: ['marker'], keysIndependent: false });
      // a damaged or foreign file: the schema again, and stored again
      writeFileSync(join(dir, files[0]), '{"keys": 1}');
      expect(run()).toEqual(first);
      expect(JSON.parse(readFileSync(join(dir, files[0]), 'utf8'))).toEqual(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('unknown cloud-config key', () => {
    expect(checkCloudInitData(secret({ userdata: '#cloud-config\npackagez: [vim]\n' }))).toEqual([
      expect.objectContaining({ kind: 'Secret', name: 's', field: 'stringData.userdata.packagez', message: 'is not a cloud-config key cloud-init knows' }),
    ]);
  });

  test('missing #cloud-config header; scripts are accepted', () => {
    expect(checkCloudInitData(secret({ userdata: 'hostname: a\n' }))[0].message).toMatch(/must start with "#cloud-config"/);
    expect(checkCloudInitData(secret({ userdata: '#!/bin/sh\necho hi\n' }))).toEqual([]);
  });

  test('YAML that does not parse is reported for user data and network data', () => {
    const problems = checkCloudInitData(secret({ userdata: '#cloud-config\na: [b\n', networkdata: 'network: {version: 2\n' }));
    expect(problems.map((p) => [p.field, p.message.startsWith('not valid YAML: ')])).toEqual([
      ['stringData.userdata', true], ['stringData.networkdata', true],
    ]);
  });

  test('base64 data is decoded and checked', () => {
    const data = { userdata: Buffer.from('#cloud-config\nbogus: 1\n').toString('base64') };
    expect(checkCloudInitData(secret(undefined, data)).map((p) => p.field)).toEqual(['data.userdata.bogus']);
  });

  test('network-config: version, addresses, routes, nameservers, dhcp flags', () => {
    const problems = checkCloudInitData(secret({
      networkdata: 'network:\n  version: 2\n  ethernets:\n    e:\n      dhcp4: "yes please"\n      addresses: [10.0.0.5]\n      routes: [{to: nowhere, via: x}]\n      nameservers: {addresses: [dns]}\n',
    }));
    expect(problems.map((p) => p.field)).toEqual([
      'stringData.networkdata.ethernets.e.dhcp4',
      'stringData.networkdata.ethernets.e.addresses[0]',
      'stringData.networkdata.ethernets.e.routes[0].to',
      'stringData.networkdata.ethernets.e.routes[0].via',
      'stringData.networkdata.ethernets.e.nameservers.addresses[0]',
    ]);
    expect(checkCloudInitData(secret({ networkdata: 'version: 3\n' }))[0].message).toBe('network-config version must be 1 or 2');
  });

  test('inline cloudInitNoCloud data of a VM', () => {
    const vm = {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'v' },
      spec: { template: { spec: { volumes: [{ name: 'c', cloudInitNoCloud: { userData: '#cloud-config\nnope: 1\n' } }] } } },
    };
    expect(checkCloudInitData(vm).map((p) => p.field)).toEqual(['spec.template.spec.volumes[0].cloudInitNoCloud.userData.nope']);
  });
});

describe('cloud-init\'s own JSON schema (Debian\'s cloud-init)', () => {
  const secret = (userdata: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, stringData: { userdata } });
  const problems = (userdata: string) => checkCloudInitData(secret(userdata)).map((p) => [p.field, p.message, p.rule]);

  test('wrong types and shapes inside known keys are reported at the field, once each', () => {
    if (!existsSync(CLOUD_INIT_SCHEMA)) return;
    expect(problems('#cloud-config\npackages: nginx\nruncmd: echo hi\nwrite_files:\n  - path: /x\n    content: y\nusers:\n  - name: ops\n    lock_passwd: maybe\n')).toEqual([
      ['stringData.userdata.packages', 'must be array', 'cloud-init.schema'],
      ['stringData.userdata.runcmd', 'must be array', 'cloud-init.schema'],
      ['stringData.userdata.users[0].lock_passwd', 'must be boolean', 'cloud-init.schema'],
      // YAML 1.1 (PyYAML) reads a bare y as true
      ['stringData.userdata.write_files[0].content', 'must be string', 'cloud-init.schema'],
    ]);
  });

  test('each top-level key is validated on its own: the errors are those of the whole document', () => {
    if (!existsSync(CLOUD_INIT_SCHEMA)) {
      if (process.env.CI === 'true') throw new Error(`${CLOUD_INIT_SCHEMA} missing on CI: .ci/run installs cloud-init`);
      return;
    }
    const schema = JSON.parse(readFileSync(CLOUD_INIT_SCHEMA, 'utf8'));
    expect(keysIndependent(schema)).toBe(true);
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const whole = ajv.compile(schema);
    const docs = [
      { packages: 'nginx', runcmd: 'echo hi', users: [{ name: 'ops', lock_passwd: 'maybe' }], write_files: [{ path: '/x', content: true }] },
      { hostname: 7, fqdn: ['x'], preserve_hostname: 'no', ntp: { enabled: 'yes', servers: [1] }, apt: { sources: { x: { source: 5 } } } },
      { packages: ['vim'], bootcmd: [[1, 2]], timezone: 5, unknown_key: { a: 1 }, power_state: { mode: 'sideways' } },
    ];
    const key = (e: any) => `${e.instancePath} ${e.keyword} ${e.message} ${JSON.stringify(e.params)}`;
    for (const doc of docs) {
      expect(whole(doc)).toBe(false);
      const expected = whole.errors!.map(key).sort();
      expect(expected.length).toBeGreaterThan(2);
      expect(cloudConfigRawErrors(doc).map(key).sort()).toEqual(expected);
    }
    expect(cloudConfigRawErrors({ hostname: 'a', packages: ['vim'], unknown_key: 1 })).toEqual([]);
    // hostname is declared by two modules: both schemas hold
    expect((keySchema(schema, 'hostname') as any).properties.hostname.allOf).toHaveLength(2);
    expect(keySchema(schema, 'unknown_key')).toBeUndefined();
  });

  test('a schema that ties keys together is validated whole', () => {
    const module = (extra: object) => ({ $defs: { m: { type: 'object', properties: { a: { type: 'string' } }, ...extra } }, allOf: [{ $ref: '#/$defs/m' }] });
    expect(keysIndependent(module({}))).toBe(true);
    expect(keysIndependent(module({ additionalProperties: true }))).toBe(true);
    expect(keysIndependent(module({ required: ['a'] }))).toBe(false);
    expect(keysIndependent(module({ dependencies: { a: ['b'] } }))).toBe(false);
    expect(keysIndependent(module({ patternProperties: { '^x': {} } }))).toBe(false);
    expect(keysIndependent(module({ additionalProperties: false }))).toBe(false);
    expect(keysIndependent({ ...module({}), required: ['a'] })).toBe(false);
    expect(keysIndependent({ ...module({}), allOf: [{ $ref: '#/$defs/m' }, { required: ['a'] }] })).toBe(false);
  });

  test('GitVops constructs are checked from their model with the same schema', () => {
    if (!existsSync(CLOUD_INIT_SCHEMA)) return;
    const { Testing } = jest.requireActual('cdk8s');
    const { CloudInitSecret, SynthValidation } = jest.requireActual('../../lib');
    const chart = Testing.chart();
    new CloudInitSecret(chart, 'ci', { name: 'c', extraConfig: { timezone: 5, ntp: { enabled: 'yes' } } });
    expect(SynthValidation.check(chart).map((p: any) => [p.constructPath, p.field, p.message])).toEqual([
      ['test/ci/Resource', 'userdata.ntp.enabled', 'must be boolean'],
      ['test/ci/Resource', 'userdata.timezone', 'must be string'],
    ]);
  });
});

describe('network-config v2: the validator and netplan generate agree', () => {
  const { checkNetworkConfig, hasNetplan } = jest.requireActual('../helpers/real-validators');
  const doc = (ethernets: string, extra = '') => `network:\n  version: 2\n${extra}  ethernets:\n${ethernets}`;
  const cases: Array<[string, string, boolean]> = [
    ['DHCP', doc('    enp1s0:\n      dhcp4: true\n'), true],
    ['static with routes and DNS', doc('    enp1s0:\n      addresses: [10.0.0.5/24]\n      routes:\n        - to: default\n          via: 10.0.0.1\n          metric: 100\n      nameservers:\n        addresses: [10.0.0.1]\n        search: [lab]\n      mtu: 1500\n'), true],
    ['match and set-name', doc('    lan:\n      match:\n        macaddress: "52:54:00:12:34:56"\n      set-name: lan0\n      dhcp4: true\n'), true],
    ['renderer', doc('    enp1s0:\n      dhcp4: true\n', '  renderer: networkd\n'), true],
    ['unknown ethernet key', doc('    enp1s0:\n      dhcp: true\n'), false],
    ['unknown network key', doc('    enp1s0:\n      dhcp4: true\n', '  ethernet: {}\n'), false],
    ['dhcp4 not a boolean', doc('    enp1s0:\n      dhcp4: maybe\n'), false],
    ['address without prefix', doc('    enp1s0:\n      addresses: [10.0.0.5/99]\n'), false],
    ['route without to', doc('    enp1s0:\n      addresses: [10.0.0.5/24]\n      routes:\n        - via: 10.0.0.1\n'), false],
    ['route metric not a number', doc('    enp1s0:\n      addresses: [10.0.0.5/24]\n      routes:\n        - to: default\n          via: 10.0.0.1\n          metric: low\n'), false],
    ['set-name without match', doc('    enp1s0:\n      set-name: lan0\n      dhcp4: true\n'), false],
    ['unknown match key', doc('    lan:\n      match:\n        mac: "52:54:00:12:34:56"\n      dhcp4: true\n'), false],
    ['malformed MAC', doc('    lan:\n      match:\n        macaddress: "52:54:00:12:34"\n      dhcp4: true\n'), false],
    ['mtu not an integer', doc('    enp1s0:\n      dhcp4: true\n      mtu: big\n'), false],
    ['unknown nameservers key', doc('    enp1s0:\n      dhcp4: true\n      nameservers:\n        servers: [10.0.0.1]\n'), false],
    ['bad renderer', doc('    enp1s0:\n      dhcp4: true\n', '  renderer: systemd\n'), false],
  ];

  test.each(cases)('%s', (_name, networkdata, valid) => {
    const ours = checkCloudInitData(secret({ networkdata }));
    expect(ours.length === 0).toBe(valid);
    if (hasNetplan() || process.env.CI === 'true') expect(checkNetworkConfig(networkdata).length === 0).toBe(valid);
  });
});

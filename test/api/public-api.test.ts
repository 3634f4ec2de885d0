import { Size, Testing } from 'cdk8s';
import { parse } from 'yaml';
import * as api from '../../lib';
import {
  CloudInitSecret, Command, DiskBus, DiskSource, HarvesterVm, HarvesterVolume, InterfaceModel, ManifestValidator,
  NetworkConfig, NetworkSource, Rke2Release, RunStrategy, SecretOutput, SecretValue, SynthValidation,
} from '../../lib';
import { INTERFACE_BINDINGS } from '../../lib/platform/private/facts';

describe('the entry point exports API only', () => {
  test('every export is a class or an enum: no helper functions, constants or internals', () => {
    const leaked = Object.entries(api).filter(([name, value]) => {
      const isClass = typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value));
      const isEnum = typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
      return !(isClass || isEnum) || !/^[A-Z]/.test(name);
    }).map(([name]) => name);
    expect(leaked).toEqual([]);
  });

  test('internals are not exported', () => {
    for (const name of ['GitVopsError', 'invalid', 'revealSecrets', 'sealValue', 'runValidate', 'FastYaml', 'SealCache', 'validateStructure', 'checkPlatformRules']) {
      expect(Object.keys(api)).not.toContain(name);
    }
  });

  test('rendering members are @internal (underscore), not public API', () => {
    expect('toFirmware' in api.Firmware.bios()).toBe(false);
    expect('toVolumeSource' in DiskSource.containerDisk('x')).toBe(false);
    expect('toNetworkSource' in NetworkSource.pod()).toBe(false);
    expect('emit' in SecretOutput.unsafePlainText()).toBe(false);
  });
});

function synth(build: (chart: any) => void): any[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

describe('the VM owns its cloud-init', () => {
  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC0qIkCzYD1IHTOk3NLJHBNDfyMFADLPceROq2vLGtiN t@x';

  test('userData and networkConfig become the Secret <vm>-cloudinit, a child of the VM, mounted with network data', () => {
    let vm!: HarvesterVm;
    const objects = synth((chart) => {
      vm = new HarvesterVm(chart, 'vm', {
        name: 'web',
        userData: { sshAuthorizedKeys: [key], packages: ['nginx'] },
        networkConfig: NetworkConfig.dhcp(),
        labels: { team: 'web' },
      });
      vm.userData!.addCommand(Command.exec('systemctl', 'enable', '--now', 'nginx'));
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Secret/web-cloudinit', 'VirtualMachine/web']);
    const secret = objects[0];
    expect(secret.metadata.labels).toEqual({ 'harvesterhci.io/creator': 'gitvops', team: 'web' });
    const userdata = parse(secret.stringData.userdata, { version: '1.1' });
    expect(userdata).toEqual({ ssh_authorized_keys: [key], package_update: true, packages: ['nginx'], runcmd: [['systemctl', 'enable', '--now', 'nginx']] });
    expect(parse(secret.stringData.networkdata)).toEqual({ network: { version: 2, ethernets: { enp1s0: { dhcp4: true } } } });
    const volume = objects[1].spec.template.spec.volumes.find((v: any) => v.name === 'cloudinitdisk');
    expect(volume).toEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'web-cloudinit' }, networkDataSecretRef: { name: 'web-cloudinit' } } });
    expect(vm.cloudInit).toBe(vm.userData);
    expect(vm.userData!.node.path).toBe('test/vm/CloudInit');
  });

  test('user data alone: no network data reference', () => {
    const objects = synth((chart) => new HarvesterVm(chart, 'vm', { name: 'web', userData: { packages: ['nginx'] } }));
    expect(objects[0].stringData.networkdata).toBeUndefined();
    expect(objects[1].spec.template.spec.volumes).toEqual([{ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'web-cloudinit' } } }]);
  });

  test('a SecretValue in the VM-owned user data follows the VM\'s secretOutput', () => {
    const objects = synth((chart) => {
      new HarvesterVm(chart, 'vm', {
        name: 'web',
        userData: { files: [{ path: '/etc/token', content: `${SecretValue.fromRemote('app/token')}` }] },
        secretOutput: SecretOutput.externalSecret({ storeName: 'vault' }),
      });
    });
    expect(objects[0].kind).toBe('ExternalSecret');
    expect(objects[0].spec.data).toEqual([{ secretKey: 'app-token', remoteRef: { key: 'app/token' } }]);
  });

  test('cloudInit together with userData or networkConfig is refused', () => {
    const chart = Testing.chart();
    const shared = new CloudInitSecret(chart, 'ci', { name: 'shared' });
    expect(() => new HarvesterVm(chart, 'vm', { name: 'web', cloudInit: shared, userData: {} })).toThrow(
      "HarvesterVm 'test/vm': cloudInit: give either cloudInit (a Secret made elsewhere) or userData / networkConfig (the VM's own Secret), not both");
    expect(() => new HarvesterVm(chart, 'vm2', { name: 'web2', cloudInit: shared, networkConfig: NetworkConfig.dhcp() })).toThrow('not both');
  });

  test('a shared CloudInitSecret is still mounted by name', () => {
    const objects = synth((chart) => {
      const shared = new CloudInitSecret(chart, 'ci', { name: 'shared', packages: ['nginx'] });
      new HarvesterVm(chart, 'a', { name: 'a', cloudInit: shared });
      new HarvesterVm(chart, 'b', { name: 'b', cloudInit: shared });
    });
    expect(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual(['shared']);
    for (const vm of objects.filter((o) => o.kind === 'VirtualMachine')) {
      expect(vm.spec.template.spec.volumes[0].cloudInitNoCloud).toEqual({ secretRef: { name: 'shared' } });
    }
  });
});

describe('interface references for existing objects', () => {
  test('CloudInitSecret.fromSecretName: referenced, never written, known to validation as external', () => {
    const chart = Testing.chart();
    const existing = CloudInitSecret.fromSecretName(chart, 'ci', 'golden-image-ci', { hasNetworkData: true });
    expect(existing).not.toBeInstanceOf(CloudInitSecret);
    new HarvesterVm(chart, 'vm', { name: 'web', cloudInit: existing });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['VirtualMachine']);
    expect(objects[0].spec.template.spec.volumes[0].cloudInitNoCloud).toEqual({
      secretRef: { name: 'golden-image-ci' }, networkDataSecretRef: { name: 'golden-image-ci' },
    });
    expect(SynthValidation.check(chart)).toEqual([]);
  });

  test('an undeclared Secret reference is still a problem (the external declaration is what makes it valid)', () => {
    const chart = Testing.chart();
    const vm = new HarvesterVm(chart, 'vm', { name: 'web', userData: {} });
    vm.userData!.node.tryRemoveChild('Resource');
    expect(SynthValidation.check(chart).map((p) => `${p.field}: ${p.message}`)).toEqual([
      'spec.template.spec.volumes[0].cloudInitNoCloud.secretRef.name: no Secret of that name in the output (declare it external if it exists)',
    ]);
  });

  test('a name that is not a DNS subdomain is refused at the reference', () => {
    expect(() => CloudInitSecret.fromSecretName(Testing.chart(), 'ci', 'Bad_Name')).toThrow("ExistingCloudInitSecret 'test/ci': name: \"Bad_Name\" is invalid");
    expect(() => HarvesterVolume.fromClaimName(Testing.chart(), 'v', 'Bad_Name')).toThrow("ExistingVolume 'test/v': claimName: \"Bad_Name\" is invalid");
  });
});

describe('Rke2Release', () => {
  test('a version or a channel, checked by the construct that takes it', () => {
    expect(Rke2Release.version('v1.31.4+rke2r1')._installEnv()).toEqual(['INSTALL_RKE2_VERSION=v1.31.4+rke2r1']);
    expect(Rke2Release.channel('v1.31')._installEnv()).toEqual(['INSTALL_RKE2_CHANNEL=v1.31']);
    expect(Rke2Release.STABLE._installEnv()).toEqual(['INSTALL_RKE2_CHANNEL=stable']);
    expect([Rke2Release.LATEST.channelName, Rke2Release.LATEST.exactVersion]).toEqual(['latest', undefined]);
  });
});

describe('one source of truth: construct checks and the manifest validator agree', () => {
  const buses = [...Object.values(DiskBus)];
  const cases = buses.flatMap((bus) => [false, true].flatMap((cdrom) => [false, true].map((readOnly) => ({ bus, cdrom, readOnly }))));

  test.each(cases)('disk bus %o: the construct refuses it exactly when the validator does', ({ bus, cdrom, readOnly }) => {
    const chart = Testing.chart();
    let constructError: string | undefined;
    try {
      new HarvesterVm(chart, 'vm', { name: 'web', memory: Size.gibibytes(1), disks: [{ name: 'd', source: DiskSource.containerDisk('img'), bus, cdrom, readOnly }] });
    } catch (e) {
      constructError = (e as Error).message;
    }
    const target = { bus, ...(readOnly ? { readonly: true } : {}) };
    const vm = {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'web', namespace: 'default' },
      spec: {
        runStrategy: RunStrategy.ALWAYS,
        template: { spec: {
          domain: { memory: { guest: '1Gi' }, devices: { disks: [{ name: 'd', ...(cdrom ? { cdrom: target } : { disk: target }) }] } },
          volumes: [{ name: 'd', containerDisk: { image: 'img' } }],
        } },
      },
    };
    const problems = ManifestValidator.check([vm]).filter((p) => /bus|readonly/.test(p.field));
    expect(constructError !== undefined).toBe(problems.length > 0);
  });

  test('every NIC model the construct offers is one the validator accepts; every binding GitVops offers is a KubeVirt binding', () => {
    expect(Object.values(InterfaceModel).every((m) => !ManifestValidator.check([{
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'x', namespace: 'default' },
      spec: { runStrategy: 'Always', template: { spec: { domain: { memory: { guest: '1Gi' }, devices: { interfaces: [{ name: 'n', model: m, bridge: {} }] } }, networks: [{ name: 'n', multus: { networkName: 'default/x' } }] } } },
    }]).some((p) => p.field.endsWith('.model')))).toBe(true);
    expect(Object.values(api.InterfaceBinding).every((b) => INTERFACE_BINDINGS.includes(b))).toBe(true);
  });
});

describe('ManifestValidator', () => {
  test('problems carry the index of their object', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, stringData: { userdata: 'not cloud-config' } };
    const problems = ManifestValidator.check([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok', namespace: 'default' } }, secret]);
    expect(problems).toEqual([{ index: 1, kind: 'Secret', name: 's', namespace: 'default', field: 'stringData.userdata', value: 'not cloud-config', message: 'user data must start with "#cloud-config" (or be a "#!" script)' }]);
  });

  test('references: refused unless declared external or switched off', () => {
    const vm = {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'web', namespace: 'default' },
      spec: { runStrategy: 'Always', template: { spec: {
        domain: { memory: { guest: '1Gi' }, devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] } },
        volumes: [{ name: 'root', persistentVolumeClaim: { claimName: 'root-pvc' } }],
      } } },
    };
    const errors = (options = {}) => ManifestValidator.check([vm], options).filter((p) => !p.warning);
    expect(errors().map((p) => [p.index, p.field])).toEqual([[0, 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName']]);
    expect(errors({ externalClaims: ['default/root-pvc'] })).toEqual([]);
    expect(errors({ checkReferences: false })).toEqual([]);
    // a hand-written VM without what the webhooks write: drift warnings, never errors
    expect(ManifestValidator.check([vm], { checkReferences: false }).map((p) => [p.rule, p.warning])).toEqual([
      ['drift.vm.kubevirt-defaults', true], ['drift.vm.kubevirt-defaults', true], ['drift.vm.termination-grace-period', true],
    ]);
  });
});

describe('the rules table', () => {
  test('README.md holds the table the code generates (npm run docs:rules)', () => {
    const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = /<!-- rules:begin \(npm run docs:rules\) -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme);
    expect(block?.[1]).toBe(ManifestValidator.rulesTable());
  });

  test('version-aware: some rules apply to one release only', () => {
    const only = (v: string) => ManifestValidator.rules().filter((r) => r.versions.length === 1 && r.versions[0] === v).map((r) => r.id);
    expect(only('1.6')).toContain('kubevirt.vm.instancetype-kind');
    expect(only('1.8').length + only('1.6').length).toBeGreaterThan(0);
  });

  test('every rule names its source, upstream file, versions and meaning; ids are unique', () => {
    const rules = ManifestValidator.rules();
    expect(rules.length).toBeGreaterThanOrEqual(45);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.upstream.length).toBeGreaterThan(10);
      expect(r.versions.length).toBeGreaterThan(0);
      expect(r.versions.every((v) => ['1.6', '1.8'].includes(v))).toBe(true);
      expect(r.meaning.length).toBeGreaterThan(10);
    }
  });
});

describe('mistakes a new user makes fail at synth (issue 12)', () => {
  const key = (body: string) => `ssh-ed25519 ${body} x@y`;

  test('a machine type outside the emulated machines is refused by the construct', () => {
    expect(() => new HarvesterVm(Testing.chart(), 'vm', { name: 'web', machineType: 'pc-i440fx-rhel7.6.0' })).toThrow(
      "HarvesterVm 'test/vm': machineType: \"pc-i440fx-rhel7.6.0\" is invalid; allowed: a machine type KubeVirt accepts by default (q35*, pc-q35*)");
    expect(() => new HarvesterVm(Testing.chart(), 'vm', { name: 'web', machineType: 'pc-q35-rhel8.6.0' })).not.toThrow();
  });

  test('an SSH key whose body is not a key blob is refused, for the default user and for users', () => {
    expect(() => new HarvesterVm(Testing.chart(), 'vm', { name: 'web', userData: { sshAuthorizedKeys: ['ssh-rsa AAAA-not-a-key'] } })).toThrow(
      'sshAuthorizedKeys[0]: "ssh-rsa AAAA-not-a-key" is invalid; allowed: an OpenSSH public key ("ssh-ed25519 AAAA… comment"): the key body is not base64');
    expect(() => new HarvesterVm(Testing.chart(), 'vm', { name: 'web', userData: { users: [{ name: 'ops', sshAuthorizedKeys: [key('AAAAB3NzaC1yc2EAAAADAQABAAABAQ==')] }] } })).toThrow(
      'users[0].sshAuthorizedKeys[0]: "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x@y" is invalid; allowed: an OpenSSH public key ("ssh-ed25519 AAAA… comment"): the key body does not hold a ssh-ed25519 key');
  });

  test('a static address on the pod-network NIC fails synth naming the Secret and the VM', () => {
    const chart = Testing.chart();
    new HarvesterVm(chart, 'vm', {
      name: 'web',
      networks: [{ name: 'default', source: NetworkSource.pod() }],
      networkConfig: NetworkConfig.staticAddress({ address: '10.0.2.50/24', gateway: '10.0.2.1' }),
    });
    expect(SynthValidation.check(chart).map((p) => `${p.constructPath} ${p.field}: ${p.message}`)).toEqual([
      'test/vm/CloudInit/Resource stringData.networkdata.ethernets.enp1s0.addresses: interface "default" of VirtualMachine default/web is masquerade on the pod network: KubeVirt\'s DHCP gives the guest its address; a static one cuts the VM off',
    ]);
  });

  test('a network-config that matches a MAC no NIC has fails synth', () => {
    const chart = Testing.chart();
    new HarvesterVm(chart, 'vm', {
      name: 'web',
      networks: [{ name: 'lan', source: NetworkSource.vmNetwork('default/lan', { clusterNetwork: 'mgmt' }) }],
      networkConfig: new NetworkConfig().addEthernet('lan', { match: { macAddress: '52:54:00:12:34:56' }, dhcp4: true }),
    });
    expect(SynthValidation.check(chart).map((p) => p.message)).toEqual([
      expect.stringMatching(/^matches no interface of VirtualMachine default\/web \(fixed MACs: [0-9a-f]{2}(:[0-9a-f]{2}){5}; /),
    ]);
  });
});

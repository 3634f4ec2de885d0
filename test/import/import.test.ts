import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { Chart, Size, Testing } from 'cdk8s';
import { ChangeClass, ManifestImport, ManifestImportResult, Rke2Cluster, Rke2Release, SecretOutput, SecretValue } from '../../lib';
import { runImport } from '../../lib/cli/import';
import { Placeholders } from '../../lib/import/private/placeholders';
import { generate } from '../../lib/import/private/codegen';
import { synthesize } from '../../lib/import/private/synth-code';

const FIXTURES = join(__dirname, 'fixtures');
const ROOT = join(__dirname, '..', '..');
const objectsOf = (name: string) => ManifestImport.parseYaml(readFileSync(join(FIXTURES, name), 'utf8'), name);
const results = new Map<string, ManifestImportResult>();
const imported = (name: string) => {
  if (!results.has(name)) results.set(name, ManifestImport.fromObjects(objectsOf(name), { className: 'ImportedChart' }));
  return results.get(name)!;
};
/** What the final code synthesizes (the placeholders resolved from the values in memory, as the round trip does). */
const synthesized = (name: string) => {
  const ph = new Placeholders();
  const { code } = generate(objectsOf(name), ph, { className: 'ImportedChart', chartId: 'imported', importFrom: 'gitvops', sources: [] });
  return synthesize(code, 'gitvops', 'ImportedChart', ph.environment()).objects;
};
const FIXTURE_FILES = ['ui-export-list.yaml', 'two-disks-efi.yaml', 'rke2-chart.yaml', 'token-secret.yaml', 'edge-cases.yaml'];
const FORBIDDEN = [ChangeClass.DATA_LOSS, ChangeClass.REJECTED, ChangeClass.RECREATE];

describe('gitvops import: every fixture', () => {
  test.each(FIXTURE_FILES)('%s round-trips with no data-loss, rejected or recreate change', (file) => {
    const r = imported(file);
    expect(r.damaging).toEqual([]);
    expect(r.changes.filter((c) => FORBIDDEN.includes(c.changeClass))).toEqual([]);
    expect(r.changes.length).toBeGreaterThan(0); // the report has something to say (GitVops' labels at least)
  });

  test('the generated code type-checks (tsc, gitvops resolved to lib/index.ts)', () => {
    const files = new Map(FIXTURE_FILES.map((f) => [join(ROOT, 'test', 'import', '__generated__', f.replace(/\.yaml$/, '.ts')), imported(f).code]));
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, strict: true,
      noUnusedLocals: true, noUnusedParameters: true, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ['node'],
      baseUrl: ROOT, paths: { gitvops: ['lib/index.ts'] },
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.fileExists = (f) => files.has(f) || ts.sys.fileExists(f);
    host.readFile = (f) => files.get(f) ?? readFile(f);
    host.getSourceFile = (f, v, onError, create) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, v) : getSourceFile(f, v, onError, create));
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  }, 180_000);
});

describe('a VM exported from the Harvester UI (kubectl List)', () => {
  const file = 'ui-export-list.yaml';

  test('server state, controller annotations, finalizers and the MAC annotation are removed, each listed', () => {
    const fields = imported(file).removals.filter((r) => r.object === 'VirtualMachine default/web-01').map((r) => r.field);
    expect(fields).toEqual(expect.arrayContaining([
      'status', 'metadata.uid', 'metadata.resourceVersion', 'metadata.generation', 'metadata.creationTimestamp', 'metadata.managedFields',
      'metadata.annotations.harvesterhci.io/mac-address', 'metadata.annotations.kubevirt.io/latest-observed-api-version',
      'metadata.finalizers[kubevirt.io/virtualMachineControllerFinalize]', 'spec.template.spec.domain.resources.requests',
    ]));
    expect(imported(file).removals).toContainEqual({ object: 'Secret default/web-01-nqz2c', field: 'metadata.ownerReferences', reason: expect.stringContaining('controller') });
    expect(imported(file).code).not.toMatch(/managedFields|resourceVersion|mac-address|6f4a7e3c|2730Mi|125m/);
  });

  test('typed props: the volumeClaimTemplates PVC as an explicit volume, memory, MAC, key pairs, cloud-init', () => {
    const code = imported(file).code;
    expect(code).toContain("HarvesterVolume.fromImage(this, 'web-01-disk-0-b7xkq', {");
    expect(code).toContain("storageClass: 'longhorn-image-ubuntu'");
    expect(code).toContain('size: Size.gibibytes(40)');
    expect(code).toContain('memory: Size.gibibytes(4)');
    expect(code).toContain('reservedMemory: Size.mebibytes(100)');
    expect(code).toContain("macAddress: '52:54:00:3a:5b:01'");
    expect(code).toContain("sshKeyPairs: ['default/ops']");
    expect(code).toContain("runcmd: [Command.exec('systemctl', 'enable', '--now', 'qemu-guest-agent.service')]");
    expect(code).toContain(".addEthernet('enp1s0', { dhcp4: true })");
    // escape hatches for what the props do not cover: the tablet and ACPI, the Secret's UI type
    expect(code).toContain("JsonPatch.add('/spec/template/spec/domain/devices/inputs', [{ bus: 'usb', name: 'tablet', type: 'tablet' }])");
    expect(code).toContain("JsonPatch.replace('/type', 'secret')");
  });

  test('the round trip leaves metadata only, and the synthesized VM uses the same claim and Secret', () => {
    expect(imported(file).changes.map((c) => `${c.kind}/${c.name}:${c.changeClass}`)).toEqual([
      'PersistentVolumeClaim/web-01-disk-0-b7xkq:safe', 'Secret/web-01-nqz2c:safe', 'VirtualMachine/web-01:safe',
    ]);
    const vm = synthesized(file).find((o) => o.kind === 'VirtualMachine');
    const volumes = vm.spec.template.spec.volumes;
    expect(volumes[0]).toEqual({ name: 'disk-0', persistentVolumeClaim: { claimName: 'web-01-disk-0-b7xkq' } });
    expect(volumes[1].cloudInitNoCloud).toEqual({ secretRef: { name: 'web-01-nqz2c' }, networkDataSecretRef: { name: 'web-01-nqz2c' } });
    expect(vm.metadata.annotations['harvesterhci.io/volumeClaimTemplates']).toBeUndefined();
    expect(vm.spec.template.spec.domain.memory.guest).toBe('3996Mi');
  });
});

describe('a VM with two disks, two NICs and EFI secure boot', () => {
  const file = 'two-disks-efi.yaml';

  test('firmware, disks, NICs, placement and run strategy as props', () => {
    const code = imported(file).code;
    expect(code).toContain('firmware: Firmware.efi({ secureBoot: true })');
    expect(code).toContain("{ name: 'data', source: DiskSource.volume(db01Data), bus: DiskBus.SCSI }");
    expect(code).toContain("NetworkSource.vmNetwork('prod/storage-net', { clusterNetwork: 'storage-cn' })");
    expect(code).toContain('model: InterfaceModel.E1000');
    expect(code).toContain("{ name: 'default', source: NetworkSource.pod() }");
    expect(code).toContain('runStrategy: RunStrategy.ALWAYS');
    expect(code).toContain('evictionStrategy: EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE');
    expect(code).toContain('terminationGracePeriod: Duration.seconds(300)');
    expect(code).toContain('accessMode: AccessMode.READ_WRITE_ONCE');
    expect(code).toContain('volumeMode: VolumeMode.FILESYSTEM');
    expect(code).toContain("extraConfig: { timezone: 'Europe/Berlin' }");
  });

  test('the firmware UUID and serial are kept by patch (a new UUID would look like a new machine to the guest)', () => {
    const code = imported(file).code;
    expect(code).toContain("JsonPatch.add('/spec/template/spec/domain/firmware/uuid', '3f1c9a52-7b4e-4d0a-9c21-5e8f6a7b8c9d')");
    const vm = synthesized(file).find((o) => o.kind === 'VirtualMachine');
    // without the patch pass: GitVops' own output (pass 2 adds the patches)
    expect(vm.spec.template.spec.domain.firmware.bootloader).toEqual({ efi: { secureBoot: true } });
  });

  test('the VM and its PVCs round-trip without a spec change; only cloud-init re-rendering remains', () => {
    const byKind = imported(file).changes.map((c) => `${c.kind}/${c.name}:${c.changeClass}`);
    expect(byKind).toEqual(['Secret/db-01-cloudinit:deferred', 'PersistentVolumeClaim/db-01-data:safe', 'PersistentVolumeClaim/db-01-root:safe']);
    expect(imported(file).notes).toContainEqual(expect.stringContaining('Secret prod/db-01-cloudinit: re-rendered cloud-init'));
  });
});

describe('an RKE2 cluster rendered by the bench chart', () => {
  const file = 'rke2-chart.yaml';

  test('recognised as RKE2 nodes, imported as plain VMs, the shared token behind one placeholder', () => {
    const r = imported(file);
    expect(r.notes[0]).toMatch(/^RKE2 nodes recognised \(demo-cp-0, demo-cp-1, demo-cp-2, demo-worker-0, demo-worker-1; 3 servers\), imported as plain HarvesterVms: /);
    expect(r.notes[0]).toContain('the disks are not named as Rke2NodePool names them (demo-cp-0-disk-0, not demo-cp-disk-0; 5 of 5 nodes)');
    expect(r.code.match(/new HarvesterVm\(/g)).toHaveLength(5);
    expect(r.code.match(/HarvesterVolume\.fromImage\(/g)).toHaveLength(5);
    expect(r.placeholders).toEqual([{ envName: 'DEMO_CP_0_CLOUDINIT_CONFIG_YAML_TOKEN', usedIn: expect.arrayContaining(['Secret default/demo-cp-0-cloudinit', 'Secret default/demo-worker-1-cloudinit']) }]);
    expect(r.code).not.toContain('K10demo-cluster-token-5f2b');
    expect(r.code).toContain("content: `token: ${SecretValue.fromEnv('DEMO_CP_0_CLOUDINIT_CONFIG_YAML_TOKEN')}\nserver: https://10.0.0.10:9345\n");
  });

  test('the residual differences are the mutators\' fields, the affinity and the empty network data', () => {
    const vmFields = imported(file).changes.filter((c) => c.kind === 'VirtualMachine').flatMap((c) => c.fields);
    expect(new Set(vmFields)).toEqual(new Set([
      'spec.template.spec.architecture', 'spec.template.spec.domain.cpu.maxSockets', 'spec.template.spec.domain.machine',
      'spec.template.spec.domain.resources.requests', 'spec.template.spec.affinity',
    ]));
    const secrets = imported(file).changes.filter((c) => c.kind === 'Secret' && c.changeClass !== ChangeClass.SAFE);
    expect(secrets.every((c) => c.changeClass === ChangeClass.DEFERRED && c.fields.join() === 'stringData.networkdata')).toBe(true);
  });
});

describe('an RKE2 cluster in Rke2Cluster\'s own shape', () => {
  /** What an Rke2Cluster writes (a plain-text output, as `kubectl get` shows the Secrets), server state added by hand. */
  const clusterObjects = () => {
    process.env.IMPORT_TEST_TOKEN = 'tok-from-gitvops-123';
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'default' });
    SecretOutput.setDefault(chart, SecretOutput.unsafePlainText());
    new Rke2Cluster(chart, 'k', {
      name: 'lab', release: Rke2Release.version('v1.31.4+rke2r1'), token: SecretValue.fromEnv('IMPORT_TEST_TOKEN'),
      endpoint: { vip: '10.0.0.10', subnet: '10.0.0.0/24', gateway: '10.0.0.1' },
      vm: { image: 'default/ubuntu', storageClass: 'longhorn-ubuntu', network: 'default/vm-net', clusterNetwork: 'mgmt', cpu: 4, memory: Size.gibibytes(8) },
      workers: [{ replicas: 2, cpu: 8 }],
    });
    const objects = Testing.synth(chart);
    delete process.env.IMPORT_TEST_TOKEN;
    for (const o of objects) Object.assign(o.metadata, { uid: 'x', resourceVersion: '1' });
    return objects;
  };

  test('becomes one Rke2Cluster (pools, release, endpoint, VM defaults), the token a placeholder; the round trip damages nothing', () => {
    const r = ManifestImport.fromObjects(clusterObjects());
    expect(r.damaging).toEqual([]);
    expect(r.code).toContain("new Rke2Cluster(this, 'lab', {");
    expect(r.code).toContain("release: Rke2Release.version('v1.31.4+rke2r1')");
    expect(r.code).toContain("token: SecretValue.fromEnv('LAB_TOKEN')");
    expect(r.code).toContain("endpoint: { vip: '10.0.0.10', subnet: '10.0.0.0/24', gateway: '10.0.0.1' }");
    expect(r.code).toContain("clusterNetwork: 'mgmt'");
    expect(r.code).toContain('workers: [{ replicas: 2, cpu: 8 }]');
    expect(r.code).not.toContain('new HarvesterVm(');
    expect(r.code).not.toContain('tok-from-gitvops-123');
    expect(r.placeholders).toEqual([{ envName: 'LAB_TOKEN', usedIn: ['Rke2Cluster default/lab'] }]);
    // its own output: the same objects, nothing changes but what was written by hand
    expect(r.changes.filter((c) => c.changeClass !== ChangeClass.SAFE)).toEqual([]);
  });

  test('a disk an Rke2Cluster would write differently (another storage class): plain VMs, and the note says why', () => {
    const objects = clusterObjects();
    const pvc = objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'lab-cp-disk-1');
    pvc.spec.storageClassName = 'longhorn-fast';
    const r = ManifestImport.fromObjects(objects);
    expect(r.damaging).toEqual([]);
    expect(r.notes[0]).toMatch(/^RKE2 cluster lab: as an Rke2Cluster the round trip would damage objects \(PersistentVolumeClaim lab-cp-disk-\d: rejected/);
    expect(r.code).not.toContain('new Rke2Cluster(');
    expect(r.code.match(/new HarvesterVm\(/g)).toHaveLength(5);
  });
});

describe('a Secret with secret material in its user data', () => {
  const file = 'token-secret.yaml';
  const VALUES = ['s3cr3t-token-value-123', 'pg-pass-9876', 'Hunter2-root-pw', 'abcdef0123456789', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDfakekeymaterial'];

  test('no value reaches the code; each becomes a SecretValue.fromEnv placeholder, listed', () => {
    const r = imported(file);
    for (const v of VALUES) expect(r.code).not.toContain(v);
    expect(r.placeholders.map((p) => p.envName).sort()).toEqual([
      'APP_01_CLOUDINIT_ENV_API_TOKEN', 'APP_01_CLOUDINIT_ENV_DB_PASSWORD', 'APP_01_CLOUDINIT_PASSWORD', 'APP_01_CLOUDINIT_TLS_KEY_PRIVATE_KEY', 'APP_01_CLOUDINIT_TOKEN',
    ]);
    expect(r.code).toContain("API_TOKEN=${SecretValue.fromEnv('APP_01_CLOUDINIT_ENV_API_TOKEN')}");
    expect(r.code).toContain("Command.shell(`/usr/local/bin/agent register --token ${SecretValue.fromEnv('APP_01_CLOUDINIT_TOKEN')} --url https://ops.example.com`)");
  });

  test('with the values provided, the user data is the same (the placeholders sit exactly where the values were)', () => {
    const secret = imported(file).changes.find((c) => c.kind === 'Secret')!;
    expect(secret.changeClass).toBe(ChangeClass.SAFE);
    expect(secret.fields).toEqual(['metadata.labels.harvesterhci.io/creator']);
  });

  test('Helm\'s release annotations are removed as the applier\'s', () => {
    expect(imported(file).removals).toContainEqual({ object: 'Secret apps/app-01-cloudinit', field: 'metadata.annotations.meta.helm.sh/release-name', reason: 'written by the tool that applied it' });
  });
});

describe('less common VM shapes', () => {
  const file = 'edge-cases.yaml';

  test('what the props do not type is patched in; inline user data moves to a Secret, its password to a placeholder', () => {
    const r = imported(file);
    expect(r.damaging).toEqual([]);
    expect(r.code).not.toContain('hunter2');
    expect(r.placeholders).toEqual([{ envName: 'EDGE_1_CLOUDINIT_PASSWORD', usedIn: ['VirtualMachine default/edge-1'] }]);
    expect(r.code).toContain("HarvesterVolume.fromClaimName(this, 'shared-lun', 'shared-lun', 'default');");
    expect(r.code).toContain("JsonPatch.add('/spec/template/spec/domain/devices/disks/-', { name: 'lun0', lun: {} })");
    expect(r.code).toContain("JsonPatch.add('/spec/running', true)");
    expect(r.code).toContain("JsonPatch.add('/spec/dataVolumeTemplates', [");
    expect(r.code).toContain("source: DiskSource.containerDisk('quay.io/containerdisks/fedora:40'),\n          cdrom: true,");
    expect(r.code).toContain("new ApiObject(this, 'edge-cm', {");
    expect(r.notes).toContain('VirtualMachine default/edge-1: inline cloud-init user data moved to the VM\'s own Secret edge-1-cloudinit (userData prop): the cloudinitdisk volume changes');
    const vm = r.changes.find((c) => c.kind === 'VirtualMachine' && c.changeClass === ChangeClass.RESTART)!;
    expect(vm.fields).toContain('spec.template.spec.volumes[cloudinitdisk].cloudInitNoCloud.userData');
  });
});

describe('user data read as cloud-init reads it', () => {
  const vmWith = (userdata: string) => [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'u-1-cloudinit', namespace: 'default' }, stringData: { userdata } },
    {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'u-1', namespace: 'default' },
      spec: { runStrategy: 'Halted', template: { spec: {
        domain: { cpu: { cores: 1 }, resources: { limits: { cpu: '1', memory: '1Gi' } }, devices: { disks: [{ name: 'cloudinitdisk', disk: { bus: 'virtio' } }] } },
        volumes: [{ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'u-1-cloudinit' } } }],
      } } },
    },
  ];

  test('YAML 1.1 (PyYAML): an unquoted 0600 is octal, so the file keeps mode 0600', () => {
    const r = ManifestImport.fromObjects(vmWith('#cloud-config\nwrite_files:\n  - path: /etc/x\n    content: hi\n    permissions: 0600\n'));
    expect(r.code).toContain("permissions: '0600'");
    expect(r.code).toContain('runStrategy: RunStrategy.HALTED');
  });

  test('user data that is not a #cloud-config: the Secret is referenced, not imported', () => {
    const r = ManifestImport.fromObjects(vmWith('#!/bin/sh\necho hi\n'));
    expect(r.code).toContain("CloudInitSecret.fromSecretName(this, 'u-1-cloudinit', 'u-1-cloudinit', { namespace: 'default' })");
    expect(r.notes).toContain('Secret default/u-1-cloudinit: user data is not a #cloud-config; the Secret is referenced (CloudInitSecret.fromSecretName), not imported');
    expect(r.damaging).toEqual([]);
  });
});

describe('gitvops import (command)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitvops-import-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runImport(args, (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  test('writes the chart and prints the report (exit 0); the report holds no secret value', () => {
    const outFile = join(dir, 'lib', 'app.ts');
    const r = run([join(FIXTURES, 'token-secret.yaml'), '--out', outFile, '--chart-name', 'app']);
    expect(r.code).toBe(0);
    expect(readFileSync(outFile, 'utf8')).toContain('export class AppChart extends Chart');
    expect(r.out).toContain('set these environment variables (values are not shown):');
    expect(r.out).toContain('  APP_01_CLOUDINIT_TOKEN  (Secret apps/app-01-cloudinit)');
    expect(r.out).toMatch(/round trip \(imported objects → what the generated code synthesizes\):\n {2}restart: 1\n/);
    expect(r.out).not.toMatch(/s3cr3t|pg-pass|Hunter2|abcdef0123456789/);
  });

  test('the README walk-through is what the command prints', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const shown = readme.split('$ npx gitvops import web-01.yaml --out lib/web.ts --chart-name web\n')[1].split('```')[0].split('\n').filter((l) => l.trim() && !l.includes('…'));
    const r = run([join(FIXTURES, 'ui-export-list.yaml'), '--out', join(dir, 'lib', 'web.ts'), '--chart-name', 'web']);
    expect(r.code).toBe(0);
    const printed = r.out.replace(/ in .*lib\/web\.ts/, ' lib/web.ts').split('\n');
    for (const line of shown) expect(printed.map((p) => p.replace(/^wrote .*lib\/web\.ts/, 'wrote lib/web.ts'))).toContain(line);
  });

  test('exit 2 on unreadable input', () => {
    expect(run([join(dir, 'missing.yaml')])).toMatchObject({ code: 2, err: expect.stringContaining('missing.yaml: no such file') });
    writeFileSync(join(dir, 'bad.yaml'), 'kind: [unclosed\n');
    expect(run([join(dir, 'bad.yaml')])).toMatchObject({ code: 2, err: expect.stringContaining('not valid YAML') });
    writeFileSync(join(dir, 'none.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    expect(run([join(dir, 'none.yaml')])).toMatchObject({ code: 2, err: expect.stringContaining('no VirtualMachine') });
  });

  test('exit 1 when the generated code cannot reproduce the input', () => {
    const vm = readFileSync(join(FIXTURES, 'token-secret.yaml'), 'utf8').replace(/name: app-01\n/, 'name: App_01\n');
    writeFileSync(join(dir, 'vm.yaml'), vm);
    const r = run([join(dir, 'vm.yaml'), '--out', join(dir, 'x.ts')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the generated code does not synthesize: .*name.*App_01/);
  });
});

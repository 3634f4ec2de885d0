import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { runDiff } from '../../lib/cli/diff';
import { readText } from '../../lib/cli/files';
import { ChangeClass, ManifestDiff, ObjectChange } from '../../lib';

const GOLDEN = join(__dirname, '..', 'golden');
const load = (file: string) => parseAllDocuments(readFileSync(join(GOLDEN, file), 'utf8')).map((d) => d.toJS());
/** The single-VM example and the RKE2 example: a VM with two disks and cloud-init, and a cluster. */
const base = () => [...load('single-vm.k8s.yaml'), ...load('rke2-cluster.k8s.yaml')];
const find = (o: any[], kind: string, name: string) => o.find((x) => x.kind === kind && x.metadata.name === name);
const vm = (o: any[]) => find(o, 'VirtualMachine', 'web-01');
const T = (o: any[]) => vm(o).spec.template.spec;
const pvc = (o: any[], name = 'web-01-data') => find(o, 'PersistentVolumeClaim', name);
const without = (o: any[], kind: string, name: string) => o.filter((x) => !(x.kind === kind && x.metadata.name === name));

interface Pair {
  name: string;
  /** Changes the old side too (what the cluster has). */
  before?: (o: any[]) => void;
  change: (o: any[]) => any[] | void;
  expected: Array<Partial<ObjectChange>>;
}

const pairs: Pair[] = [
  // PVCs
  { name: 'PVC access mode changed (immutable)', change: (o) => { pvc(o).spec.accessModes = ['ReadWriteOnce']; }, expected: [{ kind: 'PersistentVolumeClaim', name: 'web-01-data', changeClass: ChangeClass.REJECTED, fields: ['spec.accessModes'] }] },
  { name: 'PVC storage class changed (immutable)', change: (o) => { pvc(o).spec.storageClassName = 'other'; }, expected: [{ changeClass: ChangeClass.REJECTED, fields: ['spec.storageClassName'] }] },
  { name: 'PVC volume mode changed (immutable)', change: (o) => { pvc(o).spec.volumeMode = 'Filesystem'; }, expected: [{ changeClass: ChangeClass.REJECTED, fields: ['spec.volumeMode'] }] },
  { name: 'PVC shrunk', change: (o) => { pvc(o).spec.resources.requests.storage = '50Gi'; }, expected: [{ changeClass: ChangeClass.REJECTED, fields: ['spec.resources.requests.storage'], reason: expect.stringContaining('shrinks from 100Gi to 50Gi') }] },
  { name: 'PVC grown', change: (o) => { pvc(o).spec.resources.requests.storage = '200Gi'; }, expected: [{ changeClass: ChangeClass.LIVE, fields: ['spec.resources.requests.storage'] }] },
  { name: 'PVC renamed (a new empty disk)', change: (o) => { pvc(o).metadata.name = 'web-01-data2'; T(o).volumes[1].persistentVolumeClaim.claimName = 'web-01-data2'; }, expected: [
    { kind: 'PersistentVolumeClaim', name: 'web-01-data2', changeClass: ChangeClass.DATA_LOSS, fields: ['metadata.name'], reason: expect.stringContaining('renamed from web-01-data: a new, empty disk; the old one is orphaned (kept)') },
    { kind: 'VirtualMachine', changeClass: ChangeClass.RESTART, fields: ['spec.template.spec.volumes[data].persistentVolumeClaim.claimName'] },
  ] },
  { name: 'protected PVC removed: orphaned, not lost', change: (o) => { T(o).volumes.splice(1, 1); T(o).domain.devices.disks.splice(1, 1); return without(o, 'PersistentVolumeClaim', 'web-01-data'); }, expected: [
    { kind: 'VirtualMachine', changeClass: ChangeClass.RESTART },
    { kind: 'PersistentVolumeClaim', changeClass: ChangeClass.SAFE, reason: expect.stringContaining('orphaned') },
  ] },
  { name: 'unprotected PVC removed: data loss', before: (o) => { delete pvc(o).metadata.annotations; }, change: (o) => without(o, 'PersistentVolumeClaim', 'web-01-data'), expected: [{ kind: 'PersistentVolumeClaim', changeClass: ChangeClass.DATA_LOSS, reason: expect.stringContaining('deleted with its data (disk of web-01)') }] },
  // VMs
  { name: 'VM renamed', change: (o) => { vm(o).metadata.name = 'web-02'; }, expected: [{ kind: 'VirtualMachine', name: 'web-02', changeClass: ChangeClass.RECREATE, fields: ['metadata.name'] }] },
  { name: 'VM renamed, its spec written in another key order (kubectl output): still a rename', change: (o) => { const v = vm(o); v.metadata.name = 'web-02'; v.spec = Object.fromEntries(Object.entries(v.spec).reverse()); }, expected: [{ kind: 'VirtualMachine', name: 'web-02', changeClass: ChangeClass.RECREATE, fields: ['metadata.name'] }] },
  { name: 'VM deleted, disks protected', change: (o) => without(o, 'VirtualMachine', 'web-01'), expected: [{ kind: 'VirtualMachine', changeClass: ChangeClass.POWER, reason: 'VM deleted: it stops; its disks stay' }] },
  { name: 'CPU cores changed (restart)', change: (o) => { T(o).domain.cpu.cores = 4; T(o).domain.resources.limits.cpu = '4'; T(o).domain.resources.requests.cpu = '250m'; }, expected: [{ changeClass: ChangeClass.RESTART, fields: ['spec.template.spec.domain.cpu.cores', 'spec.template.spec.domain.resources.limits.cpu', 'spec.template.spec.domain.resources.requests.cpu'] }] },
  { name: 'CPU sockets without hotplug (rejected: maxSockets 1)', change: (o) => { T(o).domain.cpu.sockets = 2; }, expected: [{ changeClass: ChangeClass.REJECTED, fields: ['spec.template.spec.domain.cpu.sockets'] }] },
  { name: 'CPU sockets with hotplug, within maxSockets (live)', change: (o) => { vm(o).metadata.annotations = { 'harvesterhci.io/enableCPUAndMemoryHotplug': 'true' }; T(o).domain.cpu.sockets = 2; delete T(o).domain.cpu.maxSockets; }, expected: [
    { changeClass: ChangeClass.RESTART, fields: ['spec.template.spec.domain.cpu.maxSockets'] },
    { changeClass: ChangeClass.LIVE, fields: ['spec.template.spec.domain.cpu.sockets'] },
  ] },
  { name: 'CPU sockets with hotplug beyond maxSockets (restart)', change: (o) => { vm(o).metadata.annotations = { 'harvesterhci.io/enableCPUAndMemoryHotplug': 'true' }; T(o).domain.cpu.sockets = 2; }, expected: [{ changeClass: ChangeClass.RESTART, fields: ['spec.template.spec.domain.cpu.sockets'] }] },
  { name: 'memory (limit) changed: restart', change: (o) => { T(o).domain.resources.limits.memory = '8Gi'; T(o).domain.memory.guest = '8Gi'; }, expected: [{ changeClass: ChangeClass.RESTART, fields: ['spec.template.spec.domain.memory.guest', 'spec.template.spec.domain.resources.limits.memory'] }] },
  { name: 'guest memory with hotplug: live', change: (o) => { vm(o).metadata.annotations = { 'harvesterhci.io/enableCPUAndMemoryHotplug': 'true' }; T(o).domain.memory.guest = '3Gi'; }, expected: [{ changeClass: ChangeClass.LIVE, fields: ['spec.template.spec.domain.memory.guest'] }] },
  { name: 'guest memory with hotplug beyond maxGuest: rejected', change: (o) => { vm(o).metadata.annotations = { 'harvesterhci.io/enableCPUAndMemoryHotplug': 'true' }; T(o).domain.memory.maxGuest = '4Gi'; T(o).domain.memory.guest = '6Gi'; }, expected: [
    { changeClass: ChangeClass.REJECTED, fields: ['spec.template.spec.domain.memory.guest'], reason: expect.stringContaining('beyond memory.maxGuest') },
    { changeClass: ChangeClass.RESTART, fields: ['spec.template.spec.domain.memory.maxGuest'] },
  ] },
  { name: 'firmware changed', change: (o) => { T(o).domain.firmware = { bootloader: { efi: { secureBoot: false } } }; }, expected: [{ changeClass: ChangeClass.RESTART, fields: ['spec.template.spec.domain.firmware.bootloader.bios', 'spec.template.spec.domain.firmware.bootloader.efi'] }] },
  { name: 'machine type changed', change: (o) => { T(o).domain.machine.type = 'pc-q35-rhel9.4.0'; }, expected: [{ changeClass: ChangeClass.RESTART, fields: ['spec.template.spec.domain.machine.type'] }] },
  { name: 'disk added (not hotpluggable)', change: (o) => { T(o).domain.devices.disks.push({ name: 'extra', disk: { bus: 'virtio' } }); T(o).volumes.push({ name: 'extra', persistentVolumeClaim: { claimName: 'x' } }); }, expected: [{ changeClass: ChangeClass.RESTART, fields: ['spec.template.spec.domain.devices.disks[extra]', 'spec.template.spec.volumes[extra]'] }] },
  { name: 'hotpluggable disk added: live', change: (o) => { T(o).domain.devices.disks.push({ name: 'hot', disk: { bus: 'scsi' } }); T(o).volumes.push({ name: 'hot', persistentVolumeClaim: { claimName: 'x', hotpluggable: true } }); }, expected: [{ changeClass: ChangeClass.LIVE, fields: ['spec.template.spec.domain.devices.disks[hot]', 'spec.template.spec.volumes[hot]'] }] },
  { name: 'affinity changed: live', change: (o) => { T(o).nodeSelector = { zone: 'b' }; }, expected: [{ changeClass: ChangeClass.LIVE, fields: ['spec.template.spec.nodeSelector'] }] },
  { name: 'template label changed: next start', change: (o) => { vm(o).spec.template.metadata.labels.tier = 'web'; }, expected: [{ changeClass: ChangeClass.RESTART, fields: ['spec.template.metadata.labels.tier'] }] },
  { name: 'VM label changed: safe', change: (o) => { vm(o).metadata.labels.team = 'ops'; }, expected: [{ changeClass: ChangeClass.SAFE, fields: ['metadata.labels.team'] }] },
  { name: 'run strategy Halted: power', change: (o) => { vm(o).spec.runStrategy = 'Halted'; }, expected: [{ changeClass: ChangeClass.POWER, fields: ['spec.runStrategy'], reason: expect.stringContaining('RerunOnFailure → Halted') }] },
  // cloud-init and secrets
  { name: 'cloud-init of an existing VM changed: deferred', change: (o) => { find(o, 'Secret', 'web-01-cloudinit').stringData.userdata += '# changed\n'; }, expected: [{ kind: 'Secret', changeClass: ChangeClass.DEFERRED, fields: ['stringData.userdata'] }] },
  { name: 'external cloud-init value moved to another key: deferred', change: (o) => { find(o, 'ExternalSecret', 'mgmt-cp-0-cloudinit').spec.data[1].remoteRef.key = 'rke2/mgmt-rotated'; }, expected: [{ kind: 'ExternalSecret', changeClass: ChangeClass.DEFERRED, fields: ['spec.data'], reason: expect.stringContaining('cloud-init data of VM mgmt-cp-0') }] },
  { name: 'cloud-init Secret removed while the VM needs it', change: (o) => without(o, 'Secret', 'web-01-cloudinit'), expected: [{ kind: 'Secret', changeClass: ChangeClass.DATA_LOSS, reason: expect.stringContaining('VM web-01 still needs it') }] },
  { name: 'Secret type changed: rejected (immutable)', change: (o) => { find(o, 'Secret', 'web-01-cloudinit').type = 'harvesterhci.io/cloud-init'; }, expected: [{ kind: 'Secret', changeClass: ChangeClass.REJECTED, fields: ['type'], reason: expect.stringContaining("a Secret's type is immutable (Opaque → harvesterhci.io/cloud-init)") }] },
  // load balancer
  { name: 'load balancer IPAM changed: rejected', change: (o) => { o.find((x) => x.kind === 'LoadBalancer').spec.ipam = 'dhcp'; }, expected: [{ kind: 'LoadBalancer', changeClass: ChangeClass.REJECTED, fields: ['spec.ipam'] }] },
  { name: 'new VM: started', change: (o) => { const copy = JSON.parse(JSON.stringify(vm(o))); copy.metadata.name = 'web-03'; copy.spec.template.spec.hostname = 'web-03'; o.push(copy); }, expected: [{ kind: 'VirtualMachine', name: 'web-03', changeClass: ChangeClass.POWER }] },
];

describe('gitvops diff: one change pair per class and field family', () => {
  test('no change, no report', () => {
    expect(ManifestDiff.compare(base(), base())).toEqual([]);
  });

  test.each(pairs)('$name', (p) => {
    const old = base();
    p.before?.(old);
    const next = base();
    p.before?.(next);
    const result = p.change(next) ?? next;
    const changes = ManifestDiff.compare(old, result);
    expect(changes).toEqual(p.expected.map((e) => expect.objectContaining(e)));
  });

  test('every class is produced by some pair', () => {
    const seen = new Set(pairs.flatMap((p) => {
      const old = base();
      p.before?.(old);
      const next = base();
      p.before?.(next);
      return ManifestDiff.compare(old, p.change(next) ?? next).map((c) => c.changeClass);
    }));
    expect([...seen].sort()).toEqual(Object.values(ChangeClass).sort());
  });

  test('a secret value never appears in a report', () => {
    const next = base();
    find(next, 'Secret', 'web-01-cloudinit').stringData.userdata = '#cloud-config\npassword: hunter2-secret\n';
    const report = JSON.stringify(ManifestDiff.compare(base(), next));
    expect(report).not.toContain('hunter2');
  });

  test('live state: what the server and controllers wrote is not a change', () => {
    const live = base().map((o) => ({
      ...o, status: { ready: true },
      metadata: { ...o.metadata, uid: 'u', resourceVersion: '7', generation: 3, creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{}], annotations: { ...o.metadata.annotations, 'kubevirt.io/latest-observed-api-version': 'v1' } },
    }));
    for (const o of live.filter((x) => x.kind === 'PersistentVolumeClaim')) o.spec.volumeName = 'pvc-123';
    expect(ManifestDiff.compare(live, base(), { live: true })).toEqual([]);
  });

  test('live state: what the network and image controllers write is not a change; a change made in Git still is', () => {
    const env = load('environment.k8s.yaml');
    const live = JSON.parse(JSON.stringify(env));
    const nad = find(live, 'NetworkAttachmentDefinition', 'workload');
    nad.metadata.labels['network.harvesterhci.io/ready'] = 'true';
    nad.metadata.annotations['network.harvesterhci.io/route'] = '{"mode":"manual","serverIPAddr":"","cidr":"10.12.0.0/24","gateway":"10.12.0.1","connectivity":"true"}';
    find(live, 'VlanConfig', 'data-all-nodes').metadata.annotations = { 'network.harvesterhci.io/matched-nodes': '["node-1","node-2"]' };
    find(live, 'ClusterNetwork', 'data').metadata.annotations = { 'network.harvesterhci.io/uplink-mtu': '1500', 'network.harvesterhci.io/mtu-source-vc': 'data-all-nodes' };
    find(live, 'VirtualMachineImage', 'ubuntu-24-04').metadata.finalizers = ['wrangler.cattle.io/vm-image-controller'];
    expect(ManifestDiff.compare(live, env, { live: true })).toEqual([]);
    const next = JSON.parse(JSON.stringify(env));
    find(next, 'NetworkAttachmentDefinition', 'workload').metadata.labels['network.harvesterhci.io/vlan-id'] = '121';
    expect(ManifestDiff.compare(env, next).map((c) => [c.kind, c.fields])).toEqual([['NetworkAttachmentDefinition', ['metadata.labels.network.harvesterhci.io/vlan-id']]]);
  });
});

describe('the gitvops diff command', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gitvops-diff-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, objects: any[]) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), objects.map((o) => stringify(o)).join('---\n'));
    return join(dir, name);
  };
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runDiff(args, (l) => out.push(l), (l) => err.push(l));
    return { code, out, err };
  };

  test('text: a summary line per class, then the objects; exit 1 on data-loss or rejected', () => {
    const next = base();
    pvc(next).spec.resources.requests.storage = '50Gi';
    vm(next).spec.runStrategy = 'Halted';
    const r = run([write('old.yaml', base()), write('new.yaml', next)]);
    expect(r.out).toEqual([
      'rejected: 1',
      '  PersistentVolumeClaim default/web-01-data [spec.resources.requests.storage]: the disk shrinks from 100Gi to 50Gi: the API server refuses it and the sync stays failed',
      'power: 1',
      '  VirtualMachine default/web-01 [spec.runStrategy]: run strategy RerunOnFailure → Halted: the VM is started or stopped on merge',
    ]);
    expect(r.code).toBe(1);
    expect(run([join(dir, 'old.yaml'), join(dir, 'new.yaml'), '--fail-on', 'data-loss']).code).toBe(0);
  });

  test('json and markdown', () => {
    const next = base();
    vm(next).spec.runStrategy = 'Halted';
    const json = JSON.parse(run([write('a.yaml', base()), write('b.yaml', next), '--format', 'json']).out.join('\n'));
    expect(json).toEqual({ changes: [{ group: 'kubevirt.io', kind: 'VirtualMachine', namespace: 'default', name: 'web-01', class: 'power', fields: ['spec.runStrategy'], reason: expect.any(String) }] });
    const md = run([join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--format', 'markdown']).out;
    expect(md.slice(0, 5)).toEqual(['### gitvops diff', '', '| class | objects |', '|---|---|', '| power | 1 |']);
    expect(md).toContain('| VirtualMachine default/web-01 | `spec.runStrategy` | run strategy RerunOnFailure → Halted: the VM is started or stopped on merge |');
    // the whole comment, as a complement to the field checks
    pvc(next).spec.resources.requests.storage = '50Gi';
    const comment = run([join(dir, 'a.yaml'), write('c.yaml', next), '--format', 'markdown']).out.join('\n');
    expect(comment).toMatchSnapshot();
  });

  test('--base REV against a scratch Git repository', () => {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    write('dist/app.k8s.yaml', base());
    writeFileSync(join(dir, 'dist', 'fleet.yaml'), 'keepResources: true\n');
    git('add', '.');
    git('commit', '-qm', 'base');
    const next = base();
    pvc(next).spec.storageClassName = 'other';
    write('dist/app.k8s.yaml', next);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = run(['--base', 'HEAD']);
      expect(r.out[0]).toBe('rejected: 1');
      expect(r.code).toBe(1);
    } finally {
      process.chdir(cwd);
    }
  });

  test('the command reports what ManifestDiff reports, for every pair of the catalogue (unchanged documents are never parsed twice or skipped wrongly)', () => {
    for (const pair of pairs) {
      const old = base();
      pair.before?.(old);
      const next = JSON.parse(JSON.stringify(old));
      const changed = pair.change(next) ?? next;
      const files = [write(`pairs/old.yaml`, old), write(`pairs/new.yaml`, changed)];
      const json = JSON.parse(run([...files, '--format', 'json', '--fail-on', 'data-loss']).out.join('\n'));
      const expected = ManifestDiff.compare(old, changed).map((c) => ({ group: c.group, kind: c.kind, namespace: c.namespace, name: c.name, class: c.changeClass, fields: c.fields, reason: c.reason }));
      expect({ pair: pair.name, changes: json.changes }).toEqual({ pair: pair.name, changes: expected });
    }
  });

  test('unchanged documents: a PVC left out unparsed, a VM still read for what it uses; flow style and quoted kinds are parsed', () => {
    const old = base();
    const next = base();
    find(next, 'Secret', 'web-01-cloudinit').stringData.userdata += '# changed\n';
    // the VM is unchanged (same bytes on both sides) but names the Secret: the change is deferred
    const r = JSON.parse(run([write('u/old.yaml', old), write('u/new.yaml', next), '--format', 'json']).out.join('\n'));
    expect(r.changes).toEqual([expect.objectContaining({ kind: 'Secret', name: 'web-01-cloudinit', class: 'deferred', reason: expect.stringContaining('cloud-init data of VM web-01') })]);
    // a PVC in flow style with a quoted kind, unchanged, removed from the VM's side only: parsed, so its removal is seen
    const claim = pvc(old);
    const flow = `${JSON.stringify(claim)}\n`;
    const rest = (o: any[]) => o.filter((x) => x !== pvc(o)).map((x) => stringify(x)).join('---\n');
    writeFileSync(join(dir, 'f-old.yaml'), `${rest(old)}---\n${flow}`);
    writeFileSync(join(dir, 'f-new.yaml'), `${rest(base())}---\n${flow}`);
    expect(run([join(dir, 'f-old.yaml'), join(dir, 'f-new.yaml')]).out).toEqual(['no changes']);
    writeFileSync(join(dir, 'f-gone.yaml'), rest(base()));
    const gone = run([join(dir, 'f-old.yaml'), join(dir, 'f-gone.yaml'), '--format', 'json']);
    expect(JSON.parse(gone.out.join('\n')).changes).toEqual([expect.objectContaining({ kind: 'PersistentVolumeClaim', name: 'web-01-data', class: 'safe', reason: expect.stringContaining('orphaned') })]);
  });

  test('an unchanged VM that names a changed Secret is found both from its stub and from a full parse (a comment sends it to the full parse)', () => {
    const old = base();
    const next = base();
    find(next, 'Secret', 'web-01-cloudinit').stringData.userdata += '# changed\n';
    const docs = (o: any[], commented: boolean) => o.map((x) => {
      const text = stringify(x);
      return commented && x.kind === 'VirtualMachine' ? text.replace(/^spec:$/m, 'spec: # the VM') : text;
    }).join('---\n');
    for (const commented of [false, true]) {
      writeFileSync(join(dir, `c-old-${commented}.yaml`), docs(old, commented));
      writeFileSync(join(dir, `c-new-${commented}.yaml`), docs(next, commented));
      const r = JSON.parse(run([join(dir, `c-old-${commented}.yaml`), join(dir, `c-new-${commented}.yaml`), '--format', 'json']).out.join('\n'));
      expect({ commented, changes: r.changes }).toEqual({ commented, changes: [expect.objectContaining({ kind: 'Secret', name: 'web-01-cloudinit', class: 'deferred', reason: expect.stringContaining('cloud-init data of VM web-01') })] });
    }
    expect(readFileSync(join(dir, 'c-old-true.yaml'), 'utf8')).toContain('spec: # the VM');
  });

  test('manifests are read as UTF-8 (the Latin-1 shortcut only for ASCII bytes)', () => {
    writeFileSync(join(dir, 'utf8.yaml'), 'description: Webserver für München\n');
    writeFileSync(join(dir, 'ascii.yaml'), 'description: plain\n');
    expect(readText(join(dir, 'utf8.yaml'))).toBe('description: Webserver für München\n');
    expect(readText(join(dir, 'ascii.yaml'))).toBe('description: plain\n');
  });

  test('--base REV --synth: the committed output against what the app synthesizes now', () => {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    write('dist/app.k8s.yaml', base());
    git('add', '.');
    git('commit', '-qm', 'base');
    // an app that writes the base output with the disk shrunk; the working tree's dist/ is left as committed
    const next = base();
    pvc(next).spec.resources.requests.storage = '50Gi';
    writeFileSync(join(dir, 'next.json'), JSON.stringify(next));
    writeFileSync(join(dir, 'app.js'), [
      "const fs = require('node:fs'); const path = require('node:path'); const { stringify } = require(" + JSON.stringify(require.resolve('yaml')) + ");",
      "const objects = JSON.parse(fs.readFileSync(path.join(__dirname, 'next.json'), 'utf8'));",
      "fs.writeFileSync(path.join(process.env.CDK8S_OUTDIR, 'app.k8s.yaml'), objects.map((o) => stringify(o)).join('---\\n'));",
    ].join('\n'));
    writeFileSync(join(dir, 'cdk8s.yaml'), 'app: node app.js\noutput: dist\n');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(run(['--base', 'HEAD']).out).toEqual(['no changes']);
      const r = run(['--base', 'HEAD', '--synth']);
      expect(r.out).toEqual(['rejected: 1', expect.stringContaining('PersistentVolumeClaim default/web-01-data [spec.resources.requests.storage]: the disk shrinks from 100Gi to 50Gi')]);
      expect(r.code).toBe(1);
    } finally {
      process.chdir(cwd);
    }
  });

  test('bad input exits 2', () => {
    expect(run(['nope.yaml', 'also-nope.yaml']).code).toBe(2);
    expect(run(['--format', 'html', 'a', 'b']).code).toBe(2);
  });
});

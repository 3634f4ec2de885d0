// The cdk8s contract of GitVopsApp, run by scripts/cdk8s-contract.sh in a scratch project that
// installs the packed library next to one cdk8s release of the peer range (the oldest, then the
// newest). GitVopsApp's streaming synth reads cdk8s internals (ApiObject `props` / `patches`,
// metadata `_additionalAttributes` and fields, App `recordConstructMetadata`); this proves, for
// that cdk8s, that
//   1. the one-pass resolver takes its fast path for every object (the fields are where it
//      expects them) and gives exactly `toJson()`'s JSON, key order included;
//   2. GitVopsApp writes byte for byte the files App writes, in every layout (fast path and
//      fallbacks), and refuses an invalid app with App's message, leaving nothing written.
// Any difference exits 1 with what differed.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const cdk8s = require('cdk8s');
const { Construct } = require('constructs');
const gitvops = require('gitvops');

const { ApiObject, App, Chart, JsonPatch, Lazy, Size, YamlOutputType } = cdk8s;
const pkgRoot = path.dirname(require.resolve('gitvops/package.json'));
// internal module, by path (the package's `exports` keeps it out of the public API)
const { resolveApiObject } = require(path.join(pkgRoot, 'dist-lib', 'lib', 'synth', 'private', 'resolve.js'));
const cdk8sVersion = require('cdk8s/package.json').version;

/** A GitVops app as users write them, plus hand-made objects with patches, lazies and nulls. */
function build(app) {
  const chart = new Chart(app, 'vms', { namespace: 'lab', labels: { team: 'ops' } });
  const root = gitvops.HarvesterVolume.fromImage(chart, 'root', {
    name: 'web-root', image: 'default/ubuntu', storageClass: 'lh-0000', size: Size.gibibytes(20),
  });
  const vm = new gitvops.HarvesterVm(chart, 'web', {
    name: 'web',
    memory: Size.gibibytes(2),
    disks: [{ name: 'root', source: gitvops.DiskSource.volume(root), bootOrder: 1 }],
    networks: [{ name: 'default', source: gitvops.NetworkSource.vmNetwork('default/lab') }],
    userData: { packages: ['qemu-guest-agent'] },
    networkConfig: gitvops.NetworkConfig.dhcp(),
    sshKeyPairs: ['default/ops'],
  });
  vm.userData.addCommand(gitvops.Command.exec('systemctl', 'enable', '--now', 'qemu-guest-agent'));
  const cluster = new Chart(app, 'cluster', { namespace: 'lab' });
  new gitvops.Rke2Cluster(cluster, 'k', {
    name: 'k',
    release: gitvops.Rke2Release.version('v1.31.4+rke2r1'),
    token: gitvops.SecretValue.fromRemote('rke2/token'),
    secretOutput: gitvops.SecretOutput.externalSecret({ storeName: 'vault' }),
    endpoint: { vip: '10.2.0.20', subnet: '10.2.0.0/24', gateway: '10.2.0.1' },
    vm: { image: 'default/ubuntu', storageClass: 'lh-0000', network: 'default/lab' },
    controlPlane: { replicas: 3, addresses: gitvops.NodeAddresses.countFrom('10.2.0.21') },
    workers: [{ replicas: 2 }],
  });
  const plain = new Chart(app, 'plain', { namespace: 'lab' });
  const group = new Construct(plain, 'group');
  for (let i = 0; i < 4; i++) {
    const obj = new ApiObject(i % 2 ? group : plain, `cm-${i}`, {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, labels: { i: String(i) }, annotations: {}, finalizers: [] },
      data: { text: `line 1\nline ${i}\n`, yes: 'yes', lazy: Lazy.any({ produce: () => `v${i}` }), gone: undefined, nil: null },
    });
    obj.metadata.addLabel('added', 'x');
    if (i === 3) obj.addJsonPatch(JsonPatch.add('/data/patched', 'p'), JsonPatch.remove('/data/yes'));
  }
  new Chart(app, 'empty');
}

function files(dir) {
  const out = {};
  const walk = (d) => {
    for (const f of fs.readdirSync(d).sort()) {
      const p = path.join(d, f);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gitvops-contract-'));
let n = 0;
function synth(AppClass, props, builder) {
  const outdir = path.join(scratch, String(n++));
  const app = new AppClass({ ...props, outdir });
  builder(app);
  let error;
  try {
    app.synth();
  } catch (e) {
    error = e.message;
  }
  return { files: files(outdir), error };
}

let checks = 0;
function same(name, props, builder = build) {
  const expected = synth(App, props, builder);
  const actual = synth(gitvops.GitVopsApp, props, builder);
  assert.deepEqual(Object.keys(actual.files), Object.keys(expected.files), `${name}: file names`);
  for (const file of Object.keys(expected.files)) {
    assert.equal(actual.files[file], expected.files[file], `${name}: ${file} differs from cdk8s App's`);
  }
  assert.equal(actual.error, expected.error, `${name}: error`);
  checks++;
  return actual;
}

// 1. the one-pass resolver: fast path taken for every object, JSON identical to toJson()
{
  const app = new App({ outdir: path.join(scratch, 'resolve') });
  build(app);
  const objects = app.node.findAll().filter((c) => ApiObject.isApiObject(c));
  assert.ok(objects.length > 20, 'objects to resolve');
  for (const obj of objects) {
    const expected = JSON.stringify(obj.toJson());
    // cdk8s' own toJson, watched: the resolver calls it only when it falls back
    let fellBack = false;
    const own = ApiObject.prototype.toJson;
    ApiObject.prototype.toJson = function toJson() {
      fellBack = true;
      return own.call(this);
    };
    let actual;
    try {
      actual = JSON.stringify(resolveApiObject(obj));
    } finally {
      ApiObject.prototype.toJson = own;
    }
    assert.equal(fellBack, false, `${obj.node.path}: resolveApiObject fell back to toJson(): cdk8s ${cdk8sVersion} internals moved`);
    assert.equal(actual, expected, `${obj.node.path}: resolveApiObject differs from toJson()`);
    checks++;
  }
}

// 2. GitVopsApp vs App, every layout
const written = same('file per chart (streaming fast path)', {});
assert.equal(written.error, undefined, 'the app is valid');
assert.ok(Object.values(written.files).some((text) => text.includes('kind: VirtualMachine')), `the VM is written (${Object.keys(written.files).join(', ')}; ${written.error})`);
same('file per resource (cdk8s synth)', { yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
same('one file for the app (cdk8s synth)', { yamlOutputType: YamlOutputType.FILE_PER_APP });
same('construct metadata recorded (cdk8s synth)', { recordConstructMetadata: true });
same('dependencies between charts (cdk8s synth)', {}, (app) => {
  build(app);
  const [vms, cluster] = app.node.children;
  cluster.addDependency(vms);
});
const invalid = same('an invalid app', {}, (app) => {
  build(app);
  const chart = new Chart(app, 'broken');
  new ApiObject(chart, 'vm', {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'bad', namespace: 'lab' },
    spec: { runStrategy: 'Sometimes', template: { spec: { domain: { devices: {}, memory: { guest: '1Gi' } } } } },
  });
});
assert.match(invalid.error ?? '', /spec\.runStrategy/, 'the invalid app is refused');
assert.deepEqual(invalid.files, {}, 'nothing written for an invalid app');

fs.rmSync(scratch, { recursive: true, force: true });
console.log(`cdk8s ${cdk8sVersion}: GitVopsApp contract holds (${checks} checks)`);

import { execFileSync } from 'child_process';
import { existsSync, readFileSync, realpathSync } from 'fs';
import { join, resolve } from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  AccessMode, ChangeClass, Firmware, ManifestDiff, NetworkConfig, Rke2Cluster, Rke2ClusterProps, Rke2Release, SecretOutput, SecretValue,
} from '../../lib';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/rke2-chart');
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM9YZJophmxgc6Q5KpRpbjOHkwXSOmJehXi+/0b6Sb5t t@example';
/** What an apply must never do to an adopted cluster. */
const FORBIDDEN = [ChangeClass.DATA_LOSS, ChangeClass.REJECTED, ChangeClass.RECREATE];

function readObjects(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && o.kind);
}

function synth(namespace: string, props: Rke2ClusterProps): any[] {
  const chart = new Chart(Testing.app(), 'adoption', { namespace });
  SecretOutput.setDefault(chart, SecretOutput.unsafePlainText());
  new Rke2Cluster(chart, 'cluster', props);
  return Testing.synth(chart);
}

/** apiVersion/kind/namespace/name of every object, sorted. */
function identities(objects: any[]): string[] {
  return objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`).sort();
}

function byKind(objects: any[], kind: string): Map<string, any> {
  return new Map(objects.filter((o) => o.kind === kind).map((o) => [o.metadata.name, o]));
}

function gibibytes(quantity: string): number {
  const m = /^(\d+)(Gi|Mi)$/.exec(quantity);
  if (!m) throw new Error(`unexpected quantity ${quantity}`);
  return m[2] === 'Gi' ? Number(m[1]) : Number(m[1]) / 1024;
}

/** Every field an apply may not change (or, for the size, not shrink), one by one. */
function expectImmutableFieldsKept(chart: any[], gitvops: any[]): void {
  expect(identities(gitvops)).toEqual(identities(chart));
  const before = byKind(chart, 'PersistentVolumeClaim');
  const after = byKind(gitvops, 'PersistentVolumeClaim');
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [name, old] of before) {
    const pvc = after.get(name);
    expect([name, pvc.spec.accessModes]).toEqual([name, old.spec.accessModes]);
    expect([name, pvc.spec.volumeMode]).toEqual([name, old.spec.volumeMode]);
    expect([name, pvc.spec.storageClassName]).toEqual([name, old.spec.storageClassName]);
    expect(gibibytes(pvc.spec.resources.requests.storage)).toBeGreaterThanOrEqual(gibibytes(old.spec.resources.requests.storage));
  }
  expect([...byKind(gitvops, 'VirtualMachine').keys()].sort()).toEqual([...byKind(chart, 'VirtualMachine').keys()].sort());
  expect([...byKind(gitvops, 'Secret').keys()].sort()).toEqual([...byKind(chart, 'Secret').keys()].sort());
  for (const [name, vm] of byKind(gitvops, 'VirtualMachine')) {
    const old = byKind(chart, 'VirtualMachine').get(name);
    const claims = (v: any) => v.spec.template.spec.volumes.map((x: any) => x.persistentVolumeClaim?.claimName ?? x.cloudInitNoCloud?.secretRef?.name);
    expect(claims(vm)).toEqual(claims(old));
  }
  for (const [name, lb] of byKind(gitvops, 'LoadBalancer')) {
    const old = byKind(chart, 'LoadBalancer').get(name);
    expect([lb.spec.ipam, lb.spec.workloadType, lb.spec.ipPool]).toEqual([old.spec.ipam, old.spec.workloadType, old.spec.ipPool]);
  }
}

function forbiddenChanges(chart: any[], gitvops: any[]): string[] {
  return ManifestDiff.compare(chart, gitvops)
    .filter((c) => FORBIDDEN.includes(c.changeClass))
    .map((c) => `${c.changeClass} ${c.kind}/${c.name} ${c.fields.join(',')}`);
}

function findHelm(): string | undefined {
  const candidates = [process.env.HELM, join(ROOT, '.bench-tools/helm/helm')];
  try {
    candidates.push(resolve(realpathSync(join(ROOT, 'node_modules')), '../.bench-tools/helm/helm'));
  } catch {
    // no node_modules link
  }
  try {
    candidates.push(execFileSync('sh', ['-c', 'command -v helm'], { encoding: 'utf8' }).trim());
  } catch {
    // not on PATH
  }
  return candidates.find((c) => c && existsSync(c));
}

const BENCH_CHART = [process.env.RKE2_BENCH_CHART, resolve(ROOT, '../shared/bench/rke2-chart'), resolve(ROOT, '../../shared/bench/rke2-chart')]
  .find((c) => c && existsSync(join(c, 'Chart.yaml')));
const HELM = findHelm();

/** The bench chart's cluster (values.yaml, 2 workers) as Rke2Cluster props. */
function benchProps(adopt: boolean): Rke2ClusterProps {
  const disk = adopt ? { diskNamePattern: '{node}-disk-0' } : {};
  return {
    name: 'bench',
    release: Rke2Release.version('v1.31.4+rke2r1'),
    token: SecretValue.unsafePlainText('bench-token'),
    endpoint: { vip: '10.0.0.10', subnet: '10.0.0.0/16', gateway: '10.0.0.1' },
    vm: { image: 'default/ubuntu', storageClass: 'longhorn-ubuntu', network: 'default/vm-net', cpu: 4, memory: Size.gibibytes(8), sshKeys: [SSH_KEY] },
    controlPlane: { replicas: 3, diskSize: Size.gibibytes(40), ...disk },
    workers: [{ replicas: 2, diskSize: Size.gibibytes(80), ...disk }],
  };
}

/** The seed chart's cluster (seed-conventions.yaml) as Rke2Cluster props. */
function seedProps(adopt: boolean): Rke2ClusterProps {
  const serverNetwork = [21, 22, 23].map((host) => NetworkConfig.staticAddress({ address: `10.2.0.${host}/24`, gateway: '10.2.0.1', nameservers: ['10.2.0.1'] }));
  const os = { 'harvesterhci.io/os': 'linux' };
  return {
    name: 'seed',
    release: Rke2Release.version('v1.31.4+rke2r1'),
    token: SecretValue.unsafePlainText('seed-token'),
    endpoint: {
      vip: '10.2.0.20', subnet: '10.2.0.0/24', gateway: '10.2.0.1', exposeIngress: true,
      ...(adopt ? {
        loadBalancerName: 'seed-lb',
        ipPoolName: 'seed-pool',
        listenerNames: { api: 'k8s-api', join: 'rke2-join', ingress: 'ingress' },
        healthCheck: { successThreshold: 2, failureThreshold: 5, period: Duration.seconds(10), timeout: Duration.seconds(5) },
      } : {}),
    },
    vm: {
      image: 'default/ubuntu', storageClass: 'longhorn-ubuntu', network: 'default/lab-workload', sshKeys: [SSH_KEY],
      ...(adopt ? { firmware: Firmware.efi(), features: { acpi: true } } : {}),
    },
    controlPlane: { replicas: 3, ...(adopt ? { diskAccessMode: AccessMode.READ_WRITE_ONCE, vmLabels: os, networkConfigs: serverNetwork } : {}) },
    workers: [{ replicas: 2, diskSize: Size.gibibytes(80), ...(adopt ? { vmLabels: os } : {}) }],
    registries: adopt ? {
      extraMirrors: { 'docker.io': { endpoint: ['https://registry.lab:5000'] } },
      extraConfigs: { 'registry.lab:5000': { tls: { insecure_skip_verify: true } } },
    } : undefined,
  };
}

describe('adopting the bench chart\'s cluster (helm template, 3 servers + 2 workers)', () => {
  const fixture = readFileSync(join(FIXTURES, 'bench-3cp-2w.yaml'), 'utf8');
  const chart = readObjects(fixture);

  (HELM && BENCH_CHART ? test : test.skip)('the fixture is what helm renders from the chart today', () => {
    const out = execFileSync(HELM!, ['template', 'bench', BENCH_CHART!, '--set', 'roles.worker.count=2', '--set', 'vip=10.0.0.10'], { encoding: 'utf8' });
    expect(fixture.slice(fixture.indexOf('---\n'))).toBe(out);
  });

  test('the fixture holds 5 nodes (Secret, PVC, VM each), the IPPool and the LoadBalancer', () => {
    expect(chart).toHaveLength(17);
    expect(identities(chart)).toContain('loadbalancer.harvesterhci.io/v1beta1 IPPool -/bench-vip');
    expect(identities(chart)).toContain('v1 PersistentVolumeClaim default/bench-worker-1-disk-0');
  });

  test('with diskNamePattern {node}-disk-0: the same objects and immutable fields', () => {
    expectImmutableFieldsKept(chart, synth('default', benchProps(true)));
  });

  test('the diff engine sees no data loss, rejection or recreation', () => {
    expect(forbiddenChanges(chart, synth('default', benchProps(true)))).toEqual([]);
  });

  test('without the adoption props every disk would be replaced (the check can fail)', () => {
    const changes = forbiddenChanges(chart, synth('default', benchProps(false)));
    expect(changes).toEqual([0, 1, 2].map((i) => `data-loss PersistentVolumeClaim/bench-cp-disk-${i} metadata.name`)
      .concat([0, 1].map((i) => `data-loss PersistentVolumeClaim/bench-worker-disk-${i} metadata.name`)));
  });
});

describe('adopting a cluster made by the seed chart\'s conventions', () => {
  const chart = readObjects(readFileSync(join(FIXTURES, 'seed-conventions.yaml'), 'utf8'));
  const gitvops = synth('rke2', seedProps(true));

  test('the same objects and immutable fields', () => {
    expect(chart).toHaveLength(17);
    expectImmutableFieldsKept(chart, gitvops);
  });

  test('the diff engine sees no data loss, rejection or recreation', () => {
    expect(forbiddenChanges(chart, gitvops)).toEqual([]);
  });

  test('without the adoption props: server disks rejected (RWX), IPPool and LoadBalancer renamed', () => {
    const changes = forbiddenChanges(chart, synth('rke2', seedProps(false)));
    for (const i of [0, 1, 2]) expect(changes).toContain(`rejected PersistentVolumeClaim/seed-cp-disk-${i} spec.accessModes`);
    expect(changes).toContain('recreate IPPool/seed-vip metadata.name');
    // the LoadBalancer differs in more than its name, so the diff sees a new one and a deleted one
    expect(identities(synth('rke2', seedProps(false)))).not.toContain('loadbalancer.harvesterhci.io/v1beta1 LoadBalancer rke2/seed-lb');
  });

  test('mutable fields the chart says are reproduced too: labels, features, firmware, listeners, health check', () => {
    const vms = byKind(gitvops, 'VirtualMachine');
    const old = byKind(chart, 'VirtualMachine');
    for (const [name, vm] of vms) {
      expect(vm.metadata.labels['harvesterhci.io/os']).toBe(old.get(name).metadata.labels['harvesterhci.io/os']);
      expect(vm.spec.template.spec.domain.features.acpi).toEqual({ enabled: true });
      expect(vm.spec.template.spec.domain.firmware.bootloader).toEqual(old.get(name).spec.template.spec.domain.firmware.bootloader);
    }
    const lb = byKind(gitvops, 'LoadBalancer').get('seed-lb');
    const oldLb = byKind(chart, 'LoadBalancer').get('seed-lb');
    expect(lb.spec.listeners).toEqual(oldLb.spec.listeners);
    expect(lb.spec.healthCheck).toEqual(oldLb.spec.healthCheck);
    expect(lb.spec.backendServerSelector).toEqual(oldLb.spec.backendServerSelector);
    expect(byKind(gitvops, 'IPPool').get('seed-pool').spec.ranges).toEqual(byKind(chart, 'IPPool').get('seed-pool').spec.ranges);
  });
});

import { Duration, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { cloudConfig, fileContent, newChart, rke2Config, synthCluster } from './fixtures';
import { Rke2Bootstrap, Rke2Release, Rke2UpgradePlans } from '../../lib';
import { validateStructure } from '../../lib/validation/private/structure';

const PLANS = '/var/lib/rancher/rke2/server/manifests/gitvops-upgrade-plans.yaml';
const SERVERS = ['lab-cp-0', 'lab-cp-1', 'lab-cp-2'];

function plans(objects: any[], node = 'lab-cp-0'): any[] {
  return parseAllDocuments(fileContent(objects, node, PLANS)!).map((d) => d.toJS());
}

describe('bootstrap', () => {
  test('newCluster (the default): server 0 has no server URL, the others join', () => {
    for (const objects of [synthCluster(), synthCluster({ bootstrap: Rke2Bootstrap.newCluster() })]) {
      expect(rke2Config(objects, 'lab-cp-0').server).toBeUndefined();
      expect(rke2Config(objects, 'lab-cp-1').server).toBe('https://10.2.0.20:9345');
      expect(rke2Config(objects, 'lab-cp-2').server).toBe('https://10.2.0.20:9345');
    }
  });

  test('newCluster is byte-identical to leaving bootstrap out', () => {
    expect(JSON.stringify(synthCluster({ bootstrap: Rke2Bootstrap.newCluster() }))).toBe(JSON.stringify(synthCluster()));
  });

  test('existingCluster: every server, server 0 included, joins through the endpoint', () => {
    const objects = synthCluster({ bootstrap: Rke2Bootstrap.existingCluster() });
    for (const node of SERVERS) expect(rke2Config(objects, node).server).toBe('https://10.2.0.20:9345');
    expect(rke2Config(objects, 'lab-worker-0').server).toBe('https://10.2.0.20:9345');
    // nothing else of server 0 changes
    const before = rke2Config(synthCluster(), 'lab-cp-0');
    const after = rke2Config(objects, 'lab-cp-0');
    delete after.server;
    expect(after).toEqual(before);
  });

  test('existingCluster changes only server 0\'s cloud-init Secret', () => {
    const before = synthCluster();
    const after = synthCluster({ bootstrap: Rke2Bootstrap.existingCluster() });
    expect(after.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(before.map((o) => `${o.kind}/${o.metadata.name}`));
    const changed = after.filter((o, i) => JSON.stringify(o) !== JSON.stringify(before[i])).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(changed).toEqual(['Secret/lab-cp-0-cloudinit']);
  });

  test('existingCluster joins through the DNS name when there is one', () => {
    const objects = synthCluster({
      bootstrap: Rke2Bootstrap.existingCluster(),
      endpoint: { vip: '10.2.0.20', dnsName: 'lab.example.org', subnet: '10.2.0.0/24', gateway: '10.2.0.1' },
    });
    expect(rke2Config(objects, 'lab-cp-0').server).toBe('https://lab.example.org:9345');
  });

  test('existingCluster with one server is allowed (it joins the running cluster)', () => {
    const objects = synthCluster({ bootstrap: Rke2Bootstrap.existingCluster(), controlPlane: { replicas: 1 } });
    expect(rke2Config(objects, 'lab-cp-0').server).toBe('https://10.2.0.20:9345');
  });
});

describe('upgrade Plans on the servers', () => {
  const objects = synthCluster({ upgrade: {} });
  const [server, agent] = plans(objects);

  test('on every server, root-only; not on agents', () => {
    for (const node of SERVERS) {
      const file = (cloudConfig(objects, node).write_files as any[]).find((f) => f.path === PLANS);
      expect(file.owner).toBe('root:root');
      expect(file.permissions).toBe('0600');
      expect(file.content).toBe(fileContent(objects, 'lab-cp-0', PLANS));
    }
    expect(fileContent(objects, 'lab-worker-0', PLANS)).toBeUndefined();
    expect(plans(objects)).toHaveLength(2);
  });

  test('server Plan: defaults', () => {
    expect(server.apiVersion).toBe('upgrade.cattle.io/v1');
    expect(server.kind).toBe('Plan');
    expect(server.metadata).toEqual({ name: 'server-plan', namespace: 'system-upgrade', labels: { 'harvesterhci.io/creator': 'gitvops', 'rke2-upgrade': 'server' } });
    expect(server.spec.concurrency).toBe(1);
    expect(server.spec.cordon).toBe(true);
    expect(server.spec.drain).toBeUndefined();
    expect(server.spec.nodeSelector).toEqual({ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'In', values: ['true'] }] });
    expect(server.spec.tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Exists' }]);
    expect(server.spec.serviceAccountName).toBe('system-upgrade');
    expect(server.spec.upgrade).toEqual({ image: 'rancher/rke2-upgrade' });
    expect(server.spec.prepare).toBeUndefined();
    expect(server.spec.version).toBe('v1.31.4+rke2r1');
    expect(server.spec.channel).toBeUndefined();
  });

  test('agent Plan: waits for the server Plan', () => {
    expect(agent.metadata.name).toBe('agent-plan');
    expect(agent.metadata.labels['rke2-upgrade']).toBe('agent');
    expect(agent.spec.nodeSelector).toEqual({ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] });
    expect(agent.spec.prepare).toEqual({ image: 'rancher/rke2-upgrade', args: ['prepare', 'server-plan'] });
    expect(agent.spec.upgrade).toEqual({ image: 'rancher/rke2-upgrade' });
    expect(agent.spec.tolerations).toBeUndefined();
    expect(agent.spec.version).toBe('v1.31.4+rke2r1');
    expect(agent.spec.concurrency).toBe(1);
    expect(agent.spec.cordon).toBe(true);
  });

  test('a channel release becomes the channel URL; no release, the stable channel', () => {
    const [s1] = plans(synthCluster({ upgrade: {}, release: Rke2Release.channel('v1.32') }));
    expect(s1.spec.channel).toBe('https://update.rke2.io/v1-release/channels/v1.32');
    expect(s1.spec.version).toBeUndefined();
    const [s2] = plans(synthCluster({ upgrade: {}, release: undefined }));
    expect(s2.spec.channel).toBe('https://update.rke2.io/v1-release/channels/stable');
  });

  test('concurrency, cordon, drain, namespace, service account, image', () => {
    const [s, a] = plans(synthCluster({
      upgrade: {
        servers: { concurrency: 1, cordon: false },
        agents: {
          concurrency: 3,
          drain: { timeout: Duration.minutes(10), gracePeriod: Duration.seconds(30), force: true, disableEviction: true, deleteEmptydirData: false, ignoreDaemonSets: false },
        },
        namespace: 'upgrades', serviceAccountName: 'suc', image: 'registry.lab:5000/rancher/rke2-upgrade',
      },
    }));
    expect(s.spec.cordon).toBe(false);
    expect(s.metadata.namespace).toBe('upgrades');
    expect(s.spec.serviceAccountName).toBe('suc');
    expect(s.spec.upgrade.image).toBe('registry.lab:5000/rancher/rke2-upgrade');
    expect(a.spec.concurrency).toBe(3);
    expect(a.spec.cordon).toBeUndefined();
    expect(a.spec.drain).toEqual({ timeout: '600s', gracePeriod: 30, deleteEmptydirData: false, ignoreDaemonSets: false, force: true, disableEviction: true });
    expect(a.spec.prepare.image).toBe('registry.lab:5000/rancher/rke2-upgrade');
  });

  test('drain defaults', () => {
    const [, a] = plans(synthCluster({ upgrade: { agents: { drain: {} } } }));
    expect(a.spec.drain).toEqual({ deleteEmptydirData: true, ignoreDaemonSets: true });
  });

  test('no upgrade prop: no Plans', () => {
    expect(fileContent(synthCluster(), 'lab-cp-0', PLANS)).toBeUndefined();
  });

  test('mistakes', () => {
    expect(() => synthCluster({ upgrade: { servers: { concurrency: 0 } } })).toThrow(/upgrade\.servers\.concurrency.*0.*integer ≥ 1/);
    expect(() => synthCluster({ upgrade: { agents: { concurrency: 1.5 } } })).toThrow(/upgrade\.agents\.concurrency/);
    expect(() => synthCluster({ upgrade: { image: 'rancher/rke2-upgrade:v1.31.4-rke2r1' } })).toThrow(/upgrade\.image.*without tag/);
    expect(() => synthCluster({ upgrade: { image: 'rancher/rke2-upgrade@sha256:abc' } })).toThrow(/upgrade\.image/);
    expect(() => synthCluster({ upgrade: { namespace: 'Bad' } })).toThrow(/upgrade\.namespace/);
    expect(() => synthCluster({ upgrade: { agents: { drain: { timeout: Duration.millis(1500) } } } })).toThrow(/upgrade\.agents\.drain\.timeout.*whole number of seconds/);
    expect(() => synthCluster({ upgrade: { servers: { drain: { gracePeriod: Duration.millis(500) } } } })).toThrow(/upgrade\.servers\.drain\.gracePeriod.*0\.5s.*whole number of seconds/);
    expect(() => synthCluster({ upgrade: { serviceAccountName: 'Bad Name' } })).toThrow(/upgrade\.serviceAccountName/);
  });
});

describe('Rke2UpgradePlans (delivered to the guest cluster)', () => {
  test('the same Plans as objects', () => {
    const chart = newChart();
    const made = new Rke2UpgradePlans(chart, 'plans', { release: Rke2Release.version('v1.31.4+rke2r1'), agents: { concurrency: 2 } });
    const objects = Testing.synth(chart);
    expect(objects).toHaveLength(2);
    expect(objects[0]).toEqual(plans(synthCluster({ upgrade: { agents: { concurrency: 2 } } }))[0]);
    expect(objects[1]).toEqual(plans(synthCluster({ upgrade: { agents: { concurrency: 2 } } }))[1]);
    expect(made.apiObject.name).toBe('server-plan');
    expect(made.agentPlan.name).toBe('agent-plan');
    // system-upgrade-controller's own CRD (v0.20.1), strict
    expect(objects.flatMap((o) => validateStructure(o))).toEqual([]);
    const broken = { ...objects[0], spec: { ...objects[0].spec, concurrency: 'two', drainTimeout: 1 } };
    expect(validateStructure(broken).map((p) => p.field)).toEqual(expect.arrayContaining(['spec.concurrency']));
  });

  test('checks the release', () => {
    expect(() => new Rke2UpgradePlans(newChart(), 'plans', { release: Rke2Release.version('1.31') })).toThrow(/release.*v1\.31\.4\+rke2r1/);
  });
});

import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { CASES as cases } from './cases';
import { validObjects } from './cases/fixture';
import { checkManifests } from '../../lib/validation/private/engine';
import { checkPlatformRules } from '../../lib/validation/private/platform-rules';
import { SameShapeMemo } from '../../lib/validation/private/same-shape';
import { CLOUD_INIT_SCHEMA } from '../../lib/platform/private/cloud-init-keys';
import { HarvesterVersion } from '../../lib/platform/harvester';

const node = (name: string, mac: string, extra: object = {}) => ({
  apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: 'default' },
  spec: { runStrategy: 'Always', template: { spec: { hostname: name, domain: { cpu: { cores: 2 }, devices: { interfaces: [{ name: 'nic', macAddress: mac }] } }, ...extra } } },
});

/** The path of every leaf of `objects` (the object's position first). */
function leafPaths(objects: any[]): string[][] {
  const leaves: string[][] = [];
  const walk = (v: any, at: string[]) => {
    if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
    else leaves.push(at);
  };
  objects.forEach((o, i) => walk(o, [String(i)]));
  return leaves;
}

/** One random change to copy `m.copy` of the objects: a leaf set to `m.value`, dropped, or renamed (an object's key; an array item is set). */
function mutate(copies: any[][], leaves: string[][], m: { copy: number; leaf: number; value: unknown; op: string }): void {
  const [index, ...path] = leaves[m.leaf];
  const parent = path.slice(0, -1).reduce((v: any, k) => v?.[k], copies[m.copy][Number(index)]);
  if (parent === null || typeof parent !== 'object') return;
  const key = path[path.length - 1];
  if (m.op !== 'set' && !Array.isArray(parent)) {
    const kept = parent[key];
    delete parent[key];
    // another key in its place: as many keys, other names
    if (m.op === 'rename') parent.renamed = kept;
  } else {
    parent[key] = m.value;
  }
}

/** A catalogue case's release, a fresh copy of its broken objects, and its options. */
function caseObjects(c: (typeof cases)[number]) {
  const version = c.version ?? HarvesterVersion.V1_6;
  const broken = () => {
    const o = validObjects(version);
    c.bad(o);
    return o;
  };
  return { version, broken, options: { harvesterVersion: version, externalImages: c.externalImages, ...c.options } };
}

describe('SameShapeMemo', () => {
  // a check of the CPU (never reads names or MACs) and one of the host name
  const cpu = jest.fn((o: any, report: any) => { if (o.spec.template.spec.domain.cpu.cores > 8) report('cpu', 'cores', o.spec.template.spec.domain.cpu.cores, 'too many'); });
  const host = jest.fn((o: any, report: any) => { if (!/^[a-z0-9-]+$/.test(o.spec.template.spec.hostname)) report('host', 'hostname', o.spec.template.spec.hostname, 'bad'); });
  beforeEach(() => { cpu.mockClear(); host.mockClear(); });

  const check = (memo: SameShapeMemo, obj: any) => {
    const found: any[] = [];
    const visit = memo.visit('kubevirt.io/v1/VirtualMachine', obj);
    visit.run('cpu', cpu, (...p) => found.push(p));
    visit.run('host', host, (...p) => found.push(p));
    return found;
  };

  test('a check that read none of the leaves an object has its own values in is skipped; one that did runs', () => {
    const memo = new SameShapeMemo();
    for (let i = 0; i < 10; i++) expect(check(memo, node(`n-${i}`, `52:54:00:00:00:0${i}`))).toEqual([]);
    expect(cpu).toHaveBeenCalledTimes(1);
    expect(host).toHaveBeenCalledTimes(10);
    // a bad host name on a node of the same shape: found by the check that reads it
    expect(check(memo, node('N_10', '52:54:00:00:00:10'))).toEqual([['host', 'hostname', 'N_10', 'bad']]);
  });

  test('a leaf the check read differs, or the shape differs: the check runs, and finds what is wrong', () => {
    const memo = new SameShapeMemo();
    check(memo, node('a', 'm'));
    const many = node('b', 'm');
    many.spec.template.spec.domain.cpu.cores = 16;
    expect(check(memo, many)).toEqual([['cpu', 'cores', 16, 'too many']]);
    // another key: another shape
    expect(check(memo, node('c', 'm', { subdomain: 'x' }))).toEqual([]);
    expect(cpu).toHaveBeenCalledTimes(3);
  });

  test('keys renamed, reordered, added or dropped make another shape: the check runs', () => {
    const strategy = jest.fn((o: any, report: any) => { if (o.spec.runStrategy === undefined) report('rs', 'spec.runStrategy', undefined, 'missing'); });
    const run = (memo: SameShapeMemo, obj: any) => {
      const found: any[] = [];
      memo.visit('g', obj).run('rs', strategy, (...p) => found.push(p));
      return found;
    };
    const memo = new SameShapeMemo();
    expect(run(memo, node('a', 'm'))).toEqual([]);
    const renamed = node('b', 'm');
    renamed.spec = { strategy: 'Always', template: renamed.spec.template } as any;
    const reordered = node('c', 'm');
    reordered.spec = { template: reordered.spec.template, runStrategy: 'Always' };
    const added = node('d', 'm');
    (added.spec as any).running = true;
    const dropped = node('e', 'm');
    delete (dropped.spec as any).runStrategy;
    expect(run(memo, renamed)).toEqual([['rs', 'spec.runStrategy', undefined, 'missing']]);
    expect(run(memo, reordered)).toEqual([]);
    expect(run(memo, added)).toEqual([]);
    expect(run(memo, dropped)).toEqual([['rs', 'spec.runStrategy', undefined, 'missing']]);
    expect(strategy).toHaveBeenCalledTimes(5);
  });

  test('what the representative reports is reported and never stands for the next object', () => {
    const memo = new SameShapeMemo();
    const bad = node('a', 'm');
    bad.spec.template.spec.domain.cpu.cores = 16;
    expect(check(memo, bad)).toEqual([['cpu', 'cores', 16, 'too many']]);
    expect(check(memo, node('b', 'm'))).toEqual([]);
    expect(cpu).toHaveBeenCalledTimes(2);
    // reported values are the objects, not the proxies that recorded the reads
    const objects = jest.fn((o: any, report: any) => report('o', 'spec', o.spec.template.spec.domain, 'x'));
    const found: any[] = [];
    const obj = node('z', 'm');
    new SameShapeMemo().visit('g', obj).run('o', objects, (...p) => found.push(p));
    expect(found[0][2]).toBe(obj.spec.template.spec.domain);
  });

  test('runEach: the checks of a list a pool must run, planned once, and planned again when the representative records more', () => {
    const memo = new SameShapeMemo();
    const checks = [{ name: 'cpu', fn: cpu }, { name: 'host', fn: host }];
    const each = (visit: ReturnType<SameShapeMemo['visit']>) => {
      const found: any[] = [];
      visit.runEach(checks, (...p) => found.push(p));
      return found;
    };
    const visits = Array.from({ length: 6 }, (_, i) => memo.visit('kubevirt.io/v1/VirtualMachine', node(`n-${i}`, `52:54:00:00:00:0${i}`)));
    expect(each(visits[0])).toEqual([]);
    for (const v of visits.slice(1, 3)) expect(each(v)).toEqual([]);
    expect(cpu).toHaveBeenCalledTimes(1);
    expect(host).toHaveBeenCalledTimes(3);
    // the representative records another check (its reads: the CPU); the pool's plan for the list
    // is made again with that answer, and a node whose CPU differs still runs the CPU check
    const cores = jest.fn((o: any, report: any) => { if (o.spec.template.spec.domain.cpu.cores !== 2) report('cores', 'cores', o.spec.template.spec.domain.cpu.cores, 'not 2'); });
    visits[0].run('cores', cores, () => undefined);
    const more = [...checks, { name: 'cores', fn: cores }];
    const found: any[] = [];
    visits[3].runEach(more, (...p) => found.push(p));
    expect(found).toEqual([]);
    expect(cores).toHaveBeenCalledTimes(1);
    const other = node('n-9', '52:54:00:00:00:09');
    other.spec.template.spec.domain.cpu.cores = 6;
    const wider = memo.visit('kubevirt.io/v1/VirtualMachine', other);
    const reported: any[] = [];
    wider.runEach(more, (...p) => reported.push(p));
    expect(reported).toEqual([['cores', 'cores', 6, 'not 2']]);
    expect(cpu).toHaveBeenCalledTimes(2);
  });

  test('keeps / record: a whole-object answer is kept only where alike says the differences cannot change it', () => {
    const memo = new SameShapeMemo();
    const first = memo.visit('g', node('a', '52:54:00:00:00:01'));
    expect(first.keeps('whole', () => true)).toBe(false);
    first.record('whole', true);
    const alike = jest.fn((differences: readonly string[], check: string) => check === 'whole' && differences.every((d) => !d.includes('macAddress')));
    // a node that differs in its name and host name only: kept
    expect(memo.visit('g', node('b', '52:54:00:00:00:01')).keeps('whole', alike)).toBe(true);
    // one whose MAC differs: alike says no, the caller runs the check
    expect(memo.visit('g', node('c', '52:54:00:00:00:02')).keeps('whole', alike)).toBe(false);
    expect(alike.mock.calls.map((c) => c[1])).toEqual(['whole', 'whole']);
    // a check the representative found something wrong with is never kept
    const bad = new SameShapeMemo();
    bad.visit('g', node('a', 'm')).record('whole', false);
    expect(bad.visit('g', node('b', 'm')).keeps('whole', () => true)).toBe(false);
  });

  test('a check that writes to the object is never skipped', () => {
    const memo = new SameShapeMemo();
    const writes = jest.fn((o: any) => { o.touched = true; });
    const nodes = Array.from({ length: 4 }, (_, i) => node(`n-${i}`, 'm'));
    for (const n of nodes) memo.visit('g', n).run('w', writes, () => undefined);
    // the tracked run threw on the write, and the check ran on every object itself
    expect(nodes.map((n: any) => n.touched)).toEqual([true, true, true, true]);
  });
});

describe('checkPlatformRules with and without skipping objects of the same shape', () => {
  const compare = (objects: any[], options: object) => {
    const plain = checkPlatformRules(structuredClone(objects), { ...options, skipSameShape: false });
    expect(checkPlatformRules(objects, options)).toEqual(plain);
    return plain;
  };

  test.each(cases)('$name: the same problems when the broken objects come among valid copies of themselves', (c) => {
    const { version, broken, options } = caseObjects(c);
    const objects = [...validObjects(version), ...validObjects(version), ...broken(), ...validObjects(version), ...broken(), ...broken()];
    const problems = compare(objects, options);
    // (cloud-init data cases are found by the cloud-init layer, not by these rules)
    ranCases++;
    if (checkPlatformRules(broken(), options).some((p) => p.field === c.field)) {
      expect(problems.some((p) => p.field === c.field)).toBe(true);
      platformCases++;
    }
  });

  let ranCases = 0;
  let platformCases = 0;
  afterAll(() => {
    // most of the catalogue is platform rules: the comparison above was not vacuous
    if (ranCases === cases.length) expect(platformCases).toBeGreaterThan(cases.length * 0.8);
  });

  test('a key renamed (as many keys, another name) is another shape: the VM without runStrategy is found', () => {
    const renamed = validObjects();
    const vm = renamed.find((o) => o.kind === 'VirtualMachine');
    const { runStrategy, ...rest } = vm.spec;
    vm.spec = { renamed: runStrategy, ...rest };
    const problems = compare([...validObjects(), ...validObjects(), ...renamed], {});
    expect(problems.map((p) => p.rule)).toContain('kubevirt.vm.run-strategy-xor');
  });

  test('random values in random leaves of copies of the valid objects: the same problems', () => {
    const base = validObjects();
    const leaves = leafPaths(base);
    const value = fc.oneof(
      fc.constantFrom('', 'BAD_Name!', 'a'.repeat(70), 'x', '52:54:00:00:00:99', 'default', 'Always', 'virtio', '4Gi', '-1', 'q35', 'ReadWriteOnce'),
      fc.constantFrom(-1, 0, 1, 70000, 2.5, true, false, null),
    );
    const mutation = fc.record({ copy: fc.nat(5), leaf: fc.nat(leaves.length - 1), value, op: fc.constantFrom('set', 'set', 'drop', 'rename') });
    fc.assert(fc.property(fc.array(mutation, { maxLength: 6 }), (mutations) => {
      const copies = Array.from({ length: 6 }, () => structuredClone(base));
      for (const m of mutations) mutate(copies, leaves, m);
      compare(copies.flat(), { externalImages: ['default/base'], externalNetworks: ['default/net'] });
    }), { numRuns: 300 });
  });
});


describe('checkManifests (structure, cloud-init and platform rules, one visit per object) with and without the memo', () => {
  const run = (objects: any[], options: object, skipSameShape: boolean) => checkManifests(objects, { describe: (i) => `#${i}`, ...options, skipSameShape });
  const compare = (objects: any[], options: object) => {
    const plain = run(structuredClone(objects), options, false);
    expect(run(objects, options, true)).toEqual(plain);
    return plain;
  };

  test.each(cases)('$name: the same problems when the broken objects come among valid copies of themselves', (c) => {
    const { version, broken, options } = caseObjects(c);
    const problems = compare([...validObjects(version), ...broken(), ...validObjects(version), ...broken()], options);
    if (run(broken(), options, false).some((p) => p.field === c.field)) expect(problems.some((p) => p.field === c.field)).toBe(true);
  });

  test('a platform rule reading a leaf copies differ in still runs after the structure pass handed out every visit', () => {
    const objects = [validObjects(), validObjects(), validObjects()];
    // the third copy's VM: a host name the DNS-label rule refuses (a string like the others: same shape)
    objects[2].find((o: any) => o.kind === 'VirtualMachine' && o.metadata.name === 'vm').spec.template.spec.hostname = 'Not_A_Label';
    const problems = compare(objects.flat(), {});
    expect(problems.filter((p) => p.field === 'spec.template.spec.hostname').map((p) => p.value)).toEqual(['Not_A_Label']);
  });

  test('a schema error in a leaf at a constrained place of a copy of a valid object is found', () => {
    const objects = [validObjects(), validObjects()];
    objects[1].find((o: any) => o.kind === 'VirtualMachine' && o.metadata.name === 'vm').spec.template.spec.domain.memory.guest = '4 Gi';
    const problems = compare(objects.flat(), {});
    expect(problems.some((p) => p.field === 'spec.template.spec.domain.memory.guest')).toBe(true);
  });

  test('cloud-config models of one shape: the same problems with the memo, the key with a bad value of its own found', () => {
    if (!existsSync(CLOUD_INIT_SCHEMA)) {
      if (process.env.CI === 'true') throw new Error(`${CLOUD_INIT_SCHEMA} missing on CI: .ci/run installs cloud-init`);
      console.warn(`skipped: ${CLOUD_INIT_SCHEMA} missing (apt-get install cloud-init)`);
      return;
    }
    const model = (host: string, mode: string) => ({ hostname: host, packages: ['qemu-guest-agent'], power_state: { mode, delay: 'now' }, runcmd: [['systemctl', 'start', 'x']] });
    const secrets = ['a', 'b', 'c', 'd'].map((n) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: n, namespace: 'default' }, stringData: { userdata: '#cloud-config\n' } }));
    const models = [model('a', 'reboot'), model('b', 'reboot'), model('c', 'bogus'), model('d', 'reboot')];
    const options = { modelOf: (i: number) => ({ userdata: models[i] }) };
    const problems = compare(secrets, options);
    expect(problems.filter((p) => p.rule === 'cloud-init.schema').map((p) => [p.name, p.field])).toEqual([['c', 'userdata.power_state.mode']]);
  });

  test('random values in random leaves of copies of the valid objects: the same problems', () => {
    const base = validObjects();
    const leaves = leafPaths(base);
    const value = fc.oneof(
      fc.constantFrom('', 'BAD_Name!', 'a'.repeat(70), 'x', '4 Gi', '52:54:00:00:00:99', 'default', 'Always', 'virtio', '4Gi', '-1', 'q35', 'ReadWriteOnce'),
      fc.constantFrom(-1, 0, 1, 70000, 2 ** 40, 2.5, true, false, null),
    );
    const mutation = fc.record({ copy: fc.nat(3), leaf: fc.nat(leaves.length - 1), value, op: fc.constantFrom('set', 'set', 'set', 'drop') });
    fc.assert(fc.property(fc.array(mutation, { maxLength: 5 }), (mutations) => {
      const copies = Array.from({ length: 4 }, () => structuredClone(base));
      for (const m of mutations) mutate(copies, leaves, m);
      compare(copies.flat(), { externalImages: ['default/base'], externalNetworks: ['default/net'] });
    }), { numRuns: 150 });
  });
});

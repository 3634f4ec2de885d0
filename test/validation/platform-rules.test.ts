import { Testing } from 'cdk8s';
import { CASES as cases } from './cases';
import { LB, T, VM, validObjects } from './cases/fixture';
import { checkCloudInitData } from '../../lib/validation/private/cloud-init-data';
import { checkPlatformRules } from '../../lib/validation/private/platform-rules';
import { RULES } from '../../lib/validation/private/rules';
import { Firmware, HarvesterVm } from '../../lib';
import { HarvesterVersion } from '../../lib/platform/harvester';

describe('platform rules (PLATFORM.md §3)', () => {
  test('the valid app breaks no rule', () => {
    expect(checkPlatformRules(validObjects())).toEqual([]);
  });

  test('at least 40 rules in the catalogue', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  const allProblems = (objects: any[], version: HarvesterVersion = HarvesterVersion.V1_6, options: { externalNetworks?: string[]; externalImages?: string[] } = {}) =>
    [...checkPlatformRules(objects, { ...options, harvesterVersion: version }), ...objects.flatMap((o) => checkCloudInitData(o))];

  test.each(cases)('$name: reported with field and message', (c) => {
    const objects = validObjects(c.version);
    c.bad(objects);
    const problems = allProblems(objects, c.version, { ...c.options, externalImages: c.externalImages });
    expect(problems).toContainEqual(expect.objectContaining({ field: c.field, message: expect.stringMatching(c.message) }));
  });

  test('every rule of the rules table has a case here whose manifest breaks it, and problems name their rule', () => {
    const broken = new Set<string>();
    for (const c of cases) {
      const objects = validObjects(c.version);
      c.bad(objects);
      for (const p of allProblems(objects, c.version, { ...c.options, externalImages: c.externalImages })) if (p.rule) broken.add(p.rule);
    }
    const ids = RULES.map((r) => r.id);
    expect(ids.filter((id) => !broken.has(id))).toEqual([]);
    expect([...broken].filter((id) => !ids.includes(id))).toEqual([]);
  });

  test.each(cases)('$name: the valid twin passes', (c) => {
    const objects = validObjects(c.version);
    c.good(objects);
    // drift warnings a twin's edit causes elsewhere are not errors; a drift case's twin has none
    expect(allProblems(objects, c.version, { ...c.options, externalImages: c.externalImages }).filter((p) => !p.warning || c.name.startsWith('drift'))).toEqual([]);
  });

  test('an empty CD-ROM (no volume) is refused on 1.6 and accepted on 1.8 (DeclarativeHotplugVolumes)', () => {
    for (const [version, expected] of [[HarvesterVersion.V1_6, ['kubevirt.vmi.disk-has-volume']], [HarvesterVersion.V1_8, []]] as const) {
      const objects = validObjects(version);
      T(objects).domain.devices.disks.push({ name: 'iso', cdrom: { bus: 'sata' } });
      expect(allProblems(objects, version).filter((p) => !p.warning).map((p) => p.rule)).toEqual(expected);
    }
  });

  test('external references can be declared', () => {
    const objects = validObjects();
    T(objects).volumes[0].persistentVolumeClaim.claimName = 'outside';
    expect(checkPlatformRules(objects, { externalClaims: ['default/outside'] })).toEqual([]);
    expect(checkPlatformRules(objects, { checkReferences: false })).toEqual([]);
  });

  test('every problem is reported, not only the first', () => {
    const objects = validObjects();
    VM(objects).spec.runStrategy = 'Bogus';
    T(objects).hostname = 'a.b';
    LB(objects).spec.healthCheck.port = 1;
    expect(checkPlatformRules(objects).map((p) => p.field)).toEqual(['spec.runStrategy', 'spec.template.spec.hostname', 'spec.healthCheck.port']);
  });

  test('uses Firmware.efi with secure boot correctly (construct output passes)', () => {
    const chart = Testing.chart();
    new HarvesterVm(chart, 'vm', { name: 'efi', firmware: Firmware.efi({ secureBoot: true }) });
    expect(checkPlatformRules(Testing.synth(chart))).toEqual([]);
  });
});

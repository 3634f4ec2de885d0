import { Size, Testing } from 'cdk8s';
import fc from 'fast-check';
import {
  CloudInitSecret, Command, DiskBus, DiskSource, Firmware, HarvesterVm, HarvesterVolume, InterfaceModel,
  NetworkConfig, NetworkSource,
} from '../../lib';
import { GitVopsError } from '../../lib/core/private/errors';
import { checkCloudInitData } from '../../lib/validation/private/cloud-init-data';
import { checkPlatformRules } from '../../lib/validation/private/platform-rules';
import { validateStructure } from '../../lib/validation/private/structure';

const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/);
const octet = fc.integer({ min: 2, max: 250 });

/** Random valid props for a VM with volumes, networks and cloud-init. */
const vmSpec = fc.record({
  name: label,
  cores: fc.integer({ min: 1, max: 32 }),
  sockets: fc.integer({ min: 1, max: 2 }),
  memoryGi: fc.integer({ min: 1, max: 64 }),
  reservedMi: fc.option(fc.integer({ min: 1, max: 512 }), { nil: undefined }),
  disks: fc.uniqueArray(fc.record({ name: label, sizeGi: fc.integer({ min: 1, max: 500 }), bus: fc.constantFrom(DiskBus.VIRTIO, DiskBus.SCSI, DiskBus.SATA) }), { selector: (d) => d.name, minLength: 1, maxLength: 4 }),
  nets: fc.uniqueArray(fc.record({ name: label, pod: fc.boolean(), model: fc.constantFrom(...Object.values(InterfaceModel)) }), { selector: (n) => n.name, maxLength: 3 }),
  efi: fc.option(fc.boolean(), { nil: undefined }),
  address: fc.tuple(octet, octet),
  packages: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{1,12}$/), { maxLength: 4 }),
  files: fc.uniqueArray(fc.record({ path: fc.stringMatching(/^\/[a-z]{1,8}(\/[a-z0-9._-]{1,8}){0,3}$/), content: fc.string({ maxLength: 80 }), mode: fc.constantFrom('0600', '0644', '0755') }), { selector: (f) => f.path, maxLength: 4 }),
  commands: fc.array(fc.stringMatching(/^[a-z][a-z0-9 ./-]{0,30}$/), { maxLength: 3 }),
});

type VmSpec = typeof vmSpec extends fc.Arbitrary<infer T> ? T : never;

function build(spec: VmSpec): any[] {
  const chart = Testing.chart();
  const cloudInit = new CloudInitSecret(chart, 'ci', {
    name: `${spec.name}-ci`,
    hostname: spec.name,
    packages: spec.packages,
    files: spec.files.map((f) => ({ path: f.path, content: f.content, permissions: f.mode })),
    runcmd: spec.commands.map((c) => Command.shell(c)),
    // a masquerade (pod network) first NIC takes KubeVirt's DHCP; a bridged one a static address
    networkConfig: spec.nets[0]?.pod ? NetworkConfig.dhcp()
      : NetworkConfig.staticAddress({ address: `10.${spec.address[0]}.0.${spec.address[1]}/24`, gateway: `10.${spec.address[0]}.0.1` }),
  });
  let pod = false;
  new HarvesterVm(chart, 'vm', {
    name: spec.name,
    cpu: { cores: spec.cores, sockets: spec.sockets },
    cpuAndMemoryHotplug: spec.sockets > 1 ? true : undefined,
    memory: Size.gibibytes(spec.memoryGi),
    reservedMemory: spec.reservedMi === undefined ? undefined : Size.mebibytes(spec.reservedMi),
    firmware: spec.efi === undefined ? undefined : Firmware.efi({ secureBoot: spec.efi }),
    disks: spec.disks.map((d, i) => ({
      name: d.name,
      source: DiskSource.volume(HarvesterVolume.blank(chart, `d${i}`, { name: `${spec.name}-${d.name}`, size: Size.gibibytes(d.sizeGi) })),
      bus: d.bus,
      bootOrder: i === 0 ? 1 : undefined,
    })),
    networks: spec.nets.map((n) => {
      const usePod = n.pod && !pod;
      pod = pod || usePod;
      return { name: n.name, source: usePod ? NetworkSource.pod() : NetworkSource.vmNetwork(`default/${n.name}`, { clusterNetwork: `cn-${n.name.toLowerCase().replace(/[^a-z0-9]/g, "")}x` }), model: n.model };
    }),
    cloudInit,
  });
  return Testing.synth(chart);
}

describe('property: valid props always give output that passes every layer', () => {
  test('structure, platform rules and cloud-init data', () => {
    fc.assert(fc.property(vmSpec, (spec) => {
      const objects = build(spec);
      const problems = [
        ...objects.flatMap((o) => validateStructure(o)),
        ...checkPlatformRules(objects),
        ...objects.flatMap((o) => checkCloudInitData(o)),
      ];
      expect(problems).toEqual([]);
    }), { numRuns: 60 });
  });
});

describe('property: invalid values are always rejected at synth with a GitVopsError', () => {
  const rejects = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e instanceof GitVopsError;
    }
    return false;
  };

  test('cpu counts outside 1..512', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 513 }), fc.double({ min: 1.01, max: 9.99, noInteger: true })), (cores) => {
      expect(rejects(() => new HarvesterVm(Testing.chart(), 'vm', { name: 'v', cpu: { cores } }))).toBe(true);
    }));
  });

  test('host names that are not DNS labels', () => {
    const bad = fc.oneof(fc.stringMatching(/^[a-z]+[._A-Z ][a-z]+$/), fc.stringMatching(/^-[a-z]{1,5}$/), fc.constant('a'.repeat(64)));
    fc.assert(fc.property(bad, (hostname) => {
      expect(rejects(() => new HarvesterVm(Testing.chart(), 'vm', { name: 'v', hostname }))).toBe(true);
    }));
  });

  test('boot orders below 1', () => {
    fc.assert(fc.property(fc.integer({ max: 0 }), (bootOrder) => {
      expect(rejects(() => new HarvesterVm(Testing.chart(), 'vm', { name: 'v', disks: [{ name: 'd', source: DiskSource.containerDisk('i'), bootOrder }] }))).toBe(true);
    }));
  });

  test('reserved memory not below memory', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 64 }), (memGi, extraGi) => {
      expect(rejects(() => new HarvesterVm(Testing.chart(), 'vm', { name: 'v', memory: Size.gibibytes(memGi), reservedMemory: Size.gibibytes(memGi + extraGi) }))).toBe(true);
    }));
  });

  test('relative or malformed file paths and permissions', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z.][a-z/]{0,10}$/), fc.stringMatching(/^[0-9a-z]{1,5}$/).filter((p) => !/^0?[0-7]{3}$|^0[0-7]{4}$/.test(p)), (path, permissions) => {
      expect(rejects(() => new CloudInitSecret(Testing.chart(), 'ci', { name: 'c', files: [{ path, content: '' }] }))).toBe(true);
      expect(rejects(() => new CloudInitSecret(Testing.chart(), 'ci', { name: 'c', files: [{ path: '/x', content: '', permissions }] }))).toBe(true);
    }));
  });

  test('addresses with out-of-range octets or prefixes', () => {
    fc.assert(fc.property(fc.integer({ min: 256, max: 999 }), fc.integer({ min: 33, max: 99 }), (octetValue, prefix) => {
      for (const address of [`10.0.0.${octetValue}/24`, `10.0.0.5/${prefix}`]) {
        expect(rejects(() => new CloudInitSecret(Testing.chart(), 'ci', { name: 'c', networkConfig: NetworkConfig.staticAddress({ address }) }))).toBe(true);
      }
    }));
  });
});

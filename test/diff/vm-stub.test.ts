import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, loadAll } from 'js-yaml';
import { unchangedVmStub } from '../../lib/cli/vm-stub';

const GOLDEN = join(__dirname, '..', 'golden');

/** What the classification reads of a VM: the projection the stub must equal. */
function projection(vm: any): any {
  const volumes = vm.spec?.template?.spec?.volumes;
  const out: any = { apiVersion: vm.apiVersion, kind: vm.kind, metadata: vm.metadata };
  if (vm.spec) out.spec = vm.spec.template ? { template: vm.spec.template.spec ? { spec: volumes ? { volumes } : {} } : {} } : {};
  return out;
}

const goldenVms = readdirSync(GOLDEN, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => readFileSync(join(GOLDEN, f), 'utf8').split(/^---[ \t]*(?:\r?\n|$)/m))
  .filter((doc) => /^kind: VirtualMachine$/m.test(doc));

const VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  annotations:
    harvesterhci.io/volumeClaimTemplates: '[{"metadata":{"name":"web-disk-0"}}]'
  name: web
  namespace: apps
spec:
  runStrategy: Always
  template:
    metadata:
      labels:
        app: web
    spec:
      domain:
        devices:
          interfaces:
            - bridge: {}
              name: default
      volumes:
        - name: disk-0
          persistentVolumeClaim:
            claimName: web-disk-0
        - cloudInitNoCloud:
            secretRef:
              name: web-cloudinit
          name: cloudinitdisk
`;

describe('unchangedVmStub: what the diff reads of an unchanged VM, from part of its text', () => {
  test('every VM GitVops writes (the golden outputs) takes the fast path and equals the full parse there', () => {
    expect(goldenVms.length).toBeGreaterThan(5);
    for (const doc of goldenVms) {
      const stub = unchangedVmStub(doc);
      expect(stub).toBeDefined();
      expect(stub).toEqual(projection(load(doc, { schema: CORE_SCHEMA })));
    }
  });

  test('a hand-written VM, and the same in kubectl\'s style (sequences at the key\'s indentation, 4-space nesting)', () => {
    const full = load(VM, { schema: CORE_SCHEMA }) as any;
    expect(unchangedVmStub(VM)).toEqual(projection(full));
    expect(unchangedVmStub(VM).spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['disk-0', 'cloudinitdisk']);
    const kubectl = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: web
  namespace: apps
spec:
  template:
    spec:
      domain:
        devices:
          disks:
          - name: disk-0
      volumes:
      - name: disk-0
        persistentVolumeClaim:
          claimName: web-disk-0
      - cloudInitNoCloud:
          networkDataSecretRef:
            name: web-net
        name: cloudinitdisk
status:
  ready: true
`;
    expect(unchangedVmStub(kubectl)).toEqual(projection(load(kubectl, { schema: CORE_SCHEMA })));
    const fourSpaces = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n    name: db\nspec:\n    template:\n        spec:\n            volumes:\n                -   name: data\n                    persistentVolumeClaim:\n                        claimName: db-data\n';
    expect(unchangedVmStub(fourSpaces)).toEqual(projection(load(fourSpaces, { schema: CORE_SCHEMA })));
    expect(unchangedVmStub(fourSpaces).spec.template.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'db-data' } }]);
  });

  test('no template, no volumes, volumes after other keys: the stub says so', () => {
    const noVolumes = VM.slice(0, VM.indexOf('      volumes:'));
    expect(unchangedVmStub(noVolumes).spec).toEqual({ template: { spec: {} } });
    expect(unchangedVmStub('apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: a\nspec:\n  runStrategy: Halted\n')).toEqual({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'a' }, spec: {} });
    const blankLines = VM.replace('spec:\n  runStrategy', 'spec:\n\n  runStrategy').replace('    spec:\n      domain', '    spec:\n\n      domain');
    expect(unchangedVmStub(blankLines)).toEqual(projection(load(blankLines, { schema: CORE_SCHEMA })));
    expect(unchangedVmStub(blankLines).spec.template.spec.volumes).toHaveLength(2);
    const volumesFirst = VM.replace('      domain:', '      zzz: 1\n      domain:');
    expect(unchangedVmStub(volumesFirst).spec.template.spec.volumes).toHaveLength(2);
  });

  test('anything whose nesting the indentation does not tell is left to the full parse', () => {
    const variants: Array<[string, string]> = [
      ['a block scalar', VM.replace('        app: web', '        app: web\n      note: |\n        volumes:\n          - name: fake')],
      ['an anchor and alias', VM.replace('claimName: web-disk-0', 'claimName: &d web-disk-0').replace('runStrategy: Always', 'runStrategy: *d')],
      ['a comment', VM.replace('  runStrategy: Always', '  runStrategy: Always # on')],
      ['a quoted key', VM.replace('      volumes:', '      "volumes":')],
      ['a flow-style spec', 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: a}\nspec: {template: {spec: {volumes: [{name: x}]}}}\n'],
      ['an empty flow list of volumes', VM.slice(0, VM.indexOf('      volumes:')) + '      volumes: []\n'],
      ['a quoted string over two lines', VM.replace('        app: web', '        app: "web\n          volumes: x"')],
      ['a tab', VM.replace('  name: web', '  name:\tweb')],
      ['a duplicate top-level key', `${VM}spec: {}\n`],
      ['not a VM', VM.replace('kind: VirtualMachine', 'kind: Secret')],
    ];
    const taken = variants.filter(([, doc]) => unchangedVmStub(doc) !== undefined).map(([what]) => what);
    expect(taken).toEqual([]);
    // each is still YAML the full parse reads (or refuses) on its own
    expect(() => loadAll(variants[0][1])).not.toThrow();
  });
});

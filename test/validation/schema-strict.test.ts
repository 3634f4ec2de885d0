import { Testing } from 'cdk8s';
import { HarvesterVersion } from '../../lib';
import { checkManifests } from '../../lib/validation/private/engine';
import { isKnownKind, validateStructure } from '../../lib/validation/private/structure';
import { Rke2ClusterChart } from '../../examples/rke2-cluster';
import { SingleVmChart } from '../../examples/single-vm';

function exampleObjects(): any[] {
  const app = Testing.app();
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return [...Testing.synth(new SingleVmChart(app, 'vm')), ...Testing.synth(new Rke2ClusterChart(app, 'rke2'))];
  } finally {
    stderr.mockRestore();
  }
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const objects = exampleObjects();
const of = (kind: string) => clone(objects.find((o) => o.kind === kind));

function problems(obj: any, version = HarvesterVersion.V1_6) {
  return validateStructure(obj, { harvesterVersion: version }).map((p) => ({ field: p.field, message: p.message }));
}

describe('strict structure validation', () => {
  test('every object the examples synthesize passes both Harvester releases', () => {
    expect(objects.length).toBeGreaterThan(20);
    for (const version of [HarvesterVersion.V1_6, HarvesterVersion.V1_8]) {
      for (const obj of objects) expect([`${obj.kind}/${obj.metadata.name}`, problems(obj, version)]).toEqual([`${obj.kind}/${obj.metadata.name}`, []]);
    }
  });

  test('known and unknown kinds', () => {
    expect(isKnownKind('kubevirt.io/v1', 'VirtualMachine')).toBe(true);
    expect(isKnownKind('loadbalancer.harvesterhci.io/v1beta1', 'IPPool')).toBe(true);
    expect(isKnownKind('v1', 'PersistentVolumeClaim')).toBe(true);
    expect(isKnownKind('example.com/v1', 'Widget')).toBe(false);
    expect(validateStructure({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, anything: 1 })).toEqual([]);
  });

  const cases: Array<[string, string, (o: any) => void, string, string]> = [
    ['VirtualMachine', 'unknown root field', (o) => { o.extra = 1; }, 'extra', 'unknown field "extra"'],
    ['VirtualMachine', 'unknown spec field', (o) => { o.spec.runStrategyy = 'Always'; }, 'spec.runStrategyy', 'unknown field "runStrategyy"'],
    ['VirtualMachine', 'unknown deep field', (o) => { o.spec.template.spec.domain.cpu.corez = 2; }, 'spec.template.spec.domain.cpu.corez', 'unknown field "corez"'],
    ['VirtualMachine', 'float quantity', (o) => { o.spec.template.spec.domain.memory.guest = 0.5; }, 'spec.template.spec.domain.memory.guest', 'must be integer or string (a quantity such as "4Gi"; no floats)'],
    ['VirtualMachine', 'wrong type', (o) => { o.spec.template.spec.domain.cpu.cores = '2'; }, 'spec.template.spec.domain.cpu.cores', 'must be integer'],
    ['VirtualMachine', 'missing required', (o) => { delete o.spec.template.spec.domain.devices.disks[0].name; }, 'spec.template.spec.domain.devices.disks[0].name', 'required field "name" is missing'],
    ['VirtualMachine', 'VM name not a DNS label', (o) => { o.metadata.name = 'web.01'; }, 'metadata.name', 'must be a DNS-1123 label (at most 63 characters of a-z, 0-9, "-")'],
    ['VirtualMachine', 'missing namespace on a namespaced kind', (o) => { delete o.metadata.namespace; }, 'metadata.namespace', 'VirtualMachine is namespaced: metadata.namespace is required'],
    ['IPPool', 'namespace on a cluster-scoped kind', (o) => { o.metadata.namespace = 'default'; }, 'metadata.namespace', 'IPPool is cluster-scoped: metadata.namespace must not be set'],
    ['PersistentVolumeClaim', 'unknown PVC field', (o) => { o.spec.storageClass = 'x'; }, 'spec.storageClass', 'unknown field "storageClass"'],
    ['PersistentVolumeClaim', 'storage request not a quantity', (o) => { o.spec.resources.requests.storage = '10 GB'; }, 'spec.resources.requests.storage', 'must be a Kubernetes quantity such as "4Gi", "500m" or "1e3" (k8s.io/apimachinery quantity grammar)'],
    ['Secret', 'unknown Secret field', (o) => { o.strinData = {}; }, 'strinData', 'unknown field "strinData"'],
    ['Secret', 'data not base64', (o) => { o.data = { k: 'not base64!' }; }, 'data.k', 'must be in format "byte"'],
    ['LoadBalancer', 'listener without protocol', (o) => { delete o.spec.listeners[0].protocol; }, 'spec.listeners[0].protocol', 'required field "protocol" is missing'],
    ['LoadBalancer', 'bad workloadType', (o) => { o.spec.workloadType = 'pod'; }, 'spec.workloadType', 'must be one of: vm, cluster'],
    ['VirtualMachine', 'wrong kind/apiVersion pairing', (o) => { o.metadata.bogus = true; }, 'metadata.bogus', 'unknown field "bogus"'],
  ];

  test.each(cases)('%s: %s', (kind, _name, mutate, field, message) => {
    const obj = of(kind);
    mutate(obj);
    expect(problems(obj)).toContainEqual({ field, message });
  });

  test('labels and annotations are the kubernetes.object-meta rules\' alone: one problem per mistake, annotation keys compared in lower case as the API server does', () => {
    const run = (obj: any) => checkManifests([obj], { describe: (i) => `#${i}` }).filter((p) => p.field.startsWith('metadata.labels') || p.field.startsWith('metadata.annotations'));
    const vm = of('VirtualMachine');
    vm.metadata.labels['bad key'] = 'x';
    vm.metadata.labels.team = 'a b';
    vm.metadata.annotations = { ...vm.metadata.annotations, 'Example.COM/Thing': 'x' };
    expect(validateStructure(vm).filter((p) => p.field.startsWith('metadata.labels') || p.field.startsWith('metadata.annotations'))).toEqual([]);
    expect(run(vm).map((p) => [p.rule, p.field, p.message.split(':')[0].split(' ').slice(0, 2).join(' ')])).toEqual([
      ['kubernetes.labels', 'metadata.labels.bad key', 'label key'],
      ['kubernetes.labels', 'metadata.labels.team', 'label value'],
    ]);
  });

  test('a field new in KubeVirt 1.7 (Harvester 1.8) is accepted for 1.8 and rejected for 1.6', () => {
    const vm = of('VirtualMachine');
    vm.spec.template.spec.domain.devices.video = { type: 'virtio' };
    expect(problems(vm, HarvesterVersion.V1_8)).toEqual([]);
    expect(problems(vm, HarvesterVersion.V1_6)).toEqual([{ field: 'spec.template.spec.domain.devices.video', message: 'unknown field "video"' }]);
  });

  test('every problem is reported, not only the first', () => {
    const vm = of('VirtualMachine');
    vm.extra = 1;
    vm.spec.template.spec.domain.cpu.cores = 'x';
    expect(problems(vm).map((p) => p.field).sort()).toEqual(['extra', 'spec.template.spec.domain.cpu.cores']);
  });
});

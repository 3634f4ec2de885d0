/**
 * Writes the TypeScript Chart for cleaned objects: HarvesterVm, HarvesterVolume and CloudInitSecret
 * with typed props, `apiObject.addJsonPatch` for what the props cannot express, and plain cdk8s
 * ApiObjects for other kinds.
 */
import { Buffer } from 'node:buffer';
import { describe, stripNetworkAffinity } from './clean';
import { mapCloudConfig, mapNetworkConfig, parseCloudConfig } from './cloud-config';
import { PatchOp } from './patches';
import { Placeholders } from './placeholders';
import { chartFile } from './chart-file';
import { rke2Candidates } from './rke2';
import { Code, literal, str, variableName } from './ts-source';
import { parseQuantity } from '../../core/private/parse-quantity';
import { MaintainModeStrategy } from '../../platform/harvester';
import { AccessMode, VolumeMode } from '../../platform/kubernetes';
import { DiskBus, EvictionStrategy, InterfaceBinding, InterfaceModel, RunStrategy } from '../../platform/kubevirt';
import { CLOUD_INIT_DISK, RESTRICTED_VMI_LABELS } from '../../platform/private/facts';
import {
  CPU_MEMORY_HOTPLUG_ANNOTATION, IMAGE_ID_ANNOTATION, MAINTAIN_MODE_LABEL, RESERVED_MEMORY_ANNOTATION, SSH_NAMES_ANNOTATION, VM_NAME_LABEL, VOLUME_CLAIM_TEMPLATES_ANNOTATION,
} from '../../platform/private/labels';

/** What the generator made of the input. */
export interface Generated {
  /** The TypeScript source. */
  readonly code: string;
  /** The objects the generated code should synthesize, as the cluster has them (the round trip's old side). */
  readonly expected: any[];
  /** What could not be typed or imported (one line each). */
  readonly notes: string[];
}

export interface GenerateOptions {
  readonly className: string;
  readonly chartId: string;
  readonly importFrom: string;
  readonly sources: string[];
  /** Patches from the previous pass, by object key. */
  readonly patches?: Map<string, PatchOp[]>;
  /** Write RKE2 clusters in Rke2Cluster's shape as `Rke2Cluster`. @default false */
  readonly rke2?: boolean;
}

export const keyOf = (o: any) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
const enumKey = (e: object, value: unknown) => Object.entries(e).find(([, v]) => v === value)?.[0];
const nonEmpty = <T extends object>(o: T | undefined) => (o && Object.keys(o).length ? o : undefined);
const without = (o: { [k: string]: string } | undefined, keys: string[]) => nonEmpty(Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => !keys.includes(k))));

const UNITS: ReadonlyArray<[string, number]> = [['tebibytes', 1024 ** 4], ['gibibytes', 1024 ** 3], ['mebibytes', 1024 ** 2], ['kibibytes', 1024]];
/** `Size.gibibytes(40)` for a byte quantity (the nearest KiB when it is not whole). */
export function sizeCode(quantity: unknown): Code | undefined {
  const bytes = parseQuantity(quantity);
  if (bytes === undefined || bytes <= 0) return undefined;
  for (const [unit, factor] of UNITS) if (bytes % factor === 0) return new Code(`Size.${unit}(${bytes / factor})`);
  return new Code(`Size.kibibytes(${Math.max(1, Math.round(bytes / 1024))})`);
}

function userDataOf(secret: any): { userData?: string; networkData?: string; otherKeys: string[] } {
  const data: { [k: string]: string } = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) data[k] = Buffer.from(String(v), 'base64').toString('utf8');
  Object.assign(data, secret.stringData ?? {});
  const userKey = ['userdata', 'userData'].find((k) => k in data);
  const netKey = ['networkdata', 'networkData'].find((k) => k in data);
  return { userData: userKey ? data[userKey] : undefined, networkData: netKey ? data[netKey] : undefined, otherKeys: Object.keys(data).filter((k) => k !== userKey && k !== netKey) };
}

class Writer {
  public readonly lines: string[] = [];
  public readonly vars = new Set<string>();
  public readonly ids = new Set<string>();

  public id(name: string, kind: string): string {
    const id = this.ids.has(name) ? `${name}-${kind.toLowerCase()}` : name;
    this.ids.add(id);
    return id;
  }
}

/** Generates the chart for cleaned objects; secret material goes to `ph`. */
export function generate(objects: any[], ph: Placeholders, options: GenerateOptions): Generated {
  const w = new Writer();
  const notes: string[] = [];
  const expected: any[] = [];
  const pvcs = new Map<string, any>();
  const secrets = new Map<string, any>();
  for (const o of objects) {
    if (o.kind === 'PersistentVolumeClaim') pvcs.set(`${o.metadata.namespace ?? 'default'}/${o.metadata.name}`, o);
    if (o.kind === 'Secret') secrets.set(`${o.metadata.namespace ?? 'default'}/${o.metadata.name}`, o);
  }
  const vms = objects.filter((o) => o.kind === 'VirtualMachine' && o.apiVersion?.startsWith('kubevirt.io/'));
  const written = new Set<any>();
  const volumeVars = new Map<string, string>();
  const secretVars = new Map<string, string>();
  const patchLines = (variable: string, key: string) => {
    const ops = options.patches?.get(key) ?? [];
    if (!ops.length) return;
    w.lines.push('    // kept as in the cluster: what the typed props do not express');
    for (const op of ops) {
      const fn = op.op === 'remove' ? `JsonPatch.remove(${str(op.path)})` : `JsonPatch.${op.op}(${str(op.path)}, ${literal(op.value, '    ')})`;
      w.lines.push(`    ${variable}.apiObject.addJsonPatch(${fn});`);
    }
  };

  const writeVolume = (pvc: any, ns: string, fromTemplate: boolean): string => {
    const variable = variableName(pvc.metadata.name, w.vars);
    const spec = pvc.spec ?? {};
    const annotations = pvc.metadata.annotations ?? {};
    const image = annotations[IMAGE_ID_ANNOTATION];
    const props: { [k: string]: unknown } = {
      name: pvc.metadata.name,
      namespace: ns,
      ...(image && spec.storageClassName ? { image } : {}),
      storageClass: spec.storageClassName,
      size: sizeCode(spec.resources?.requests?.storage) ?? new Code('Size.gibibytes(1)'),
      accessMode: spec.accessModes?.[0] && spec.accessModes[0] !== AccessMode.READ_WRITE_MANY ? new Code(`AccessMode.${enumKey(AccessMode, spec.accessModes[0])}`) : undefined,
      volumeMode: spec.volumeMode === VolumeMode.FILESYSTEM ? new Code('VolumeMode.FILESYSTEM') : undefined,
      labels: nonEmpty(pvc.metadata.labels),
      annotations: without(annotations, image && spec.storageClassName ? [IMAGE_ID_ANNOTATION] : []),
    };
    const factory = props.image ? 'fromImage' : 'blank';
    w.lines.push(`    ${fromTemplate ? '// declared by the VM\'s harvesterhci.io/volumeClaimTemplates annotation; Harvester made it\n    ' : ''}const ${variable} = HarvesterVolume.${factory}(this, ${str(w.id(pvc.metadata.name, 'volume'))}, ${literal(props, '    ')});`);
    patchLines(variable, keyOf(pvc));
    expected.push(pvc);
    written.add(pvc);
    return variable;
  };

  const writeSecret = (secret: any, ns: string): string | undefined => {
    const name = secret.metadata.name;
    const { userData, networkData, otherKeys } = userDataOf(secret);
    const where = `Secret ${ns}/${name}`;
    const doc = userData === undefined ? undefined : parseCloudConfig(userData);
    if (!doc) {
      notes.push(`${where}: user data is not a #cloud-config; the Secret is referenced (CloudInitSecret.fromSecretName), not imported`);
      return undefined;
    }
    const mapped = mapCloudConfig(doc, name, ph, where);
    notes.push(...mapped.notes);
    if (otherKeys.length) notes.push(`${where}: keys ${otherKeys.join(', ')} are not carried (a CloudInitSecret writes userdata and networkdata)`);
    const networkConfig = networkData === undefined ? undefined : mapNetworkConfig(networkData, notes, where);
    const props = { name, namespace: ns, ...mapped.props, networkConfig, labels: nonEmpty(secret.metadata.labels) };
    const variable = variableName(name, w.vars);
    w.lines.push(`    const ${variable} = new CloudInitSecret(this, ${str(w.id(name, 'secret'))}, ${literal(props, '    ')});`);
    for (const [k, v] of Object.entries(secret.metadata.annotations ?? {})) w.lines.push(`    ${variable}.apiObject.metadata.addAnnotation(${str(k)}, ${str(String(v))});`);
    if (secret.type && secret.type !== 'Opaque') {
      w.lines.push(`    // a Secret's type is immutable: keep ${str(secret.type)} (a sealed or external output sets its own template)`);
      w.lines.push(`    if (${variable}.apiObject.kind === 'Secret') ${variable}.apiObject.addJsonPatch(JsonPatch.replace('/type', ${str(secret.type)}));`);
    }
    expected.push(secret);
    written.add(secret);
    return variable;
  };

  for (const cluster of options.rke2 ? rke2Candidates(objects, ph) : []) {
    w.lines.push(...cluster.lines);
    for (const o of cluster.objects) {
      written.add(o);
      expected.push(o);
    }
  }

  for (const vm of vms) {
    if (written.has(vm)) continue;
    const ns = vm.metadata.namespace ?? 'default';
    const name = vm.metadata.name;
    const spec = vm.spec?.template?.spec ?? {};
    const domain = spec.domain ?? {};
    const annotations: { [k: string]: string } = vm.metadata.annotations ?? {};
    w.lines.push('', `    // ${describe(vm)}`);
    // the volumeClaimTemplates annotation's PVCs become explicit volumes (Harvester made them already:
    // harvester pkg/controller/master/virtualmachine/vm_controller.go createPVCsFromAnnotation, v1.6.1)
    let templates: any[] = [];
    if (annotations[VOLUME_CLAIM_TEMPLATES_ANNOTATION]) {
      try {
        templates = JSON.parse(annotations[VOLUME_CLAIM_TEMPLATES_ANNOTATION]);
      } catch {
        notes.push(`${describe(vm)}: the volumeClaimTemplates annotation is not JSON; kept as an annotation`);
      }
    }
    for (const t of Array.isArray(templates) ? templates : []) {
      const claim = t?.metadata?.name;
      if (!claim || pvcs.has(`${ns}/${claim}`)) continue;
      pvcs.set(`${ns}/${claim}`, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim, namespace: ns, ...(t.metadata.labels ? { labels: t.metadata.labels } : {}), ...(t.metadata.annotations ? { annotations: t.metadata.annotations } : {}) }, spec: t.spec, __fromTemplate: true });
    }
    const volumes = new Map<string, any>((spec.volumes ?? []).map((v: any) => [v.name, v]));
    const disks: unknown[] = [];
    let cloudInit: Code | undefined;
    let ownUserData: { [key: string]: unknown } | undefined;
    let ownNetwork: Code | undefined;
    for (const d of domain.devices?.disks ?? []) {
      const v = volumes.get(d.name);
      if (!v) continue;
      if (v.cloudInitNoCloud?.secretRef?.name && d.name === CLOUD_INIT_DISK && !cloudInit) {
        const ref = v.cloudInitNoCloud.secretRef.name;
        const secret = secrets.get(`${ns}/${ref}`);
        let variable = secret ? secretVars.get(`${ns}/${ref}`) ?? writeSecret(secret, ns) : undefined;
        if (!variable) {
          variable = variableName(ref, w.vars);
          w.lines.push(`    const ${variable} = CloudInitSecret.fromSecretName(this, ${str(w.id(ref, 'secret'))}, ${str(ref)}, ${literal({ namespace: ns, hasNetworkData: v.cloudInitNoCloud.networkDataSecretRef?.name === ref || undefined })});`);
          if (!secret) notes.push(`${describe(vm)}: cloud-init Secret ${ns}/${ref} is not in the input; referenced`);
        }
        secretVars.set(`${ns}/${ref}`, variable);
        cloudInit = new Code(variable);
        continue;
      }
      const inlineData = v.cloudInitNoCloud ?? v.cloudInitConfigDrive;
      if (inlineData && (inlineData.userData !== undefined || inlineData.userDataBase64 !== undefined) && d.name === CLOUD_INIT_DISK && !cloudInit && !ownUserData) {
        const text = inlineData.userData ?? Buffer.from(String(inlineData.userDataBase64), 'base64').toString('utf8');
        const doc = parseCloudConfig(text);
        if (doc) {
          const mapped = mapCloudConfig(doc, `${name}_cloudinit`, ph, describe(vm));
          notes.push(`${describe(vm)}: inline cloud-init user data moved to the VM's own Secret ${name}-cloudinit (userData prop): the cloudinitdisk volume changes`, ...mapped.notes);
          ownUserData = mapped.props;
          const net = inlineData.networkData ?? (inlineData.networkDataBase64 ? Buffer.from(String(inlineData.networkDataBase64), 'base64').toString('utf8') : undefined);
          if (net !== undefined) ownNetwork = mapNetworkConfig(net, notes, describe(vm));
        } else {
          notes.push(`${describe(vm)}: inline cloud-init user data that is not a #cloud-config is not carried (it may hold secret material): move it to a Secret`);
        }
        continue;
      }
      const target = d.disk ? 'disk' : d.cdrom ? 'cdrom' : undefined;
      if (!target || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(d.name) || d.name === CLOUD_INIT_DISK) continue;
      let source: Code | undefined;
      if (v.persistentVolumeClaim?.claimName) {
        const claim = v.persistentVolumeClaim.claimName;
        let variable = volumeVars.get(`${ns}/${claim}`);
        const pvc = pvcs.get(`${ns}/${claim}`);
        if (!variable && pvc) {
          const fromTemplate = !!pvc.__fromTemplate;
          delete pvc.__fromTemplate;
          variable = writeVolume(pvc, ns, fromTemplate);
        } else if (!variable) {
          variable = variableName(claim, w.vars);
          w.lines.push(`    const ${variable} = HarvesterVolume.fromClaimName(this, ${str(w.id(claim, 'volume'))}, ${str(claim)}, ${str(ns)});`);
          notes.push(`${describe(vm)}: claim ${ns}/${claim} is not in the input; referenced (HarvesterVolume.fromClaimName)`);
        }
        volumeVars.set(`${ns}/${claim}`, variable);
        source = new Code(`DiskSource.volume(${variable})`);
      } else if (v.containerDisk?.image) {
        source = new Code(`DiskSource.containerDisk(${str(v.containerDisk.image)})`);
      }
      if (!source) continue;
      const bus = d[target].bus ? enumKey(DiskBus, d[target].bus) : undefined;
      disks.push({
        name: d.name,
        source,
        cdrom: target === 'cdrom' || undefined,
        bus: bus && !(bus === 'VIRTIO' && target === 'disk') && !(bus === 'SATA' && target === 'cdrom') ? new Code(`DiskBus.${bus}`) : undefined,
        bootOrder: d.bootOrder,
        readOnly: d[target].readonly || undefined,
      });
    }
    // claims of disks the props do not type (a LUN, a hotplugged volume): made or declared all the same
    for (const v of spec.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (!claim || volumeVars.has(`${ns}/${claim}`)) continue;
      const pvc = pvcs.get(`${ns}/${claim}`);
      if (pvc && !written.has(pvc)) {
        const fromTemplate = !!pvc.__fromTemplate;
        delete pvc.__fromTemplate;
        volumeVars.set(`${ns}/${claim}`, writeVolume(pvc, ns, fromTemplate));
      } else if (!pvc) {
        volumeVars.set(`${ns}/${claim}`, variableName(claim, w.vars));
        w.lines.push(`    const ${volumeVars.get(`${ns}/${claim}`)} = HarvesterVolume.fromClaimName(this, ${str(w.id(claim, 'volume'))}, ${str(claim)}, ${str(ns)});`);
        notes.push(`${describe(vm)}: claim ${ns}/${claim} is not in the input; referenced (HarvesterVolume.fromClaimName)`);
      }
    }
    const nets = new Map<string, any>((spec.networks ?? []).map((n: any) => [n.name, n]));
    const { affinity, clusterNetworks } = stripNetworkAffinity(spec.affinity);
    const multus = (spec.networks ?? []).filter((n: any) => n.multus);
    const nics: unknown[] = [];
    for (const i of domain.devices?.interfaces ?? []) {
      const n = nets.get(i.name);
      const binding = ['masquerade', 'bridge'].find((b) => b in i);
      if (!n || !binding || !(n.pod || n.multus?.networkName)) continue;
      const nad = n.multus ? objects.find((o) => o.kind === 'NetworkAttachmentDefinition' && `${o.metadata.namespace ?? ns}/${o.metadata.name}` === (n.multus.networkName.includes('/') ? n.multus.networkName : `${ns}/${n.multus.networkName}`)) : undefined;
      const clusterNetwork = nad?.metadata?.labels?.['network.harvesterhci.io/clusternetwork'] ?? (multus.length === 1 && clusterNetworks.length === 1 ? clusterNetworks[0] : undefined);
      const source = n.pod ? new Code('NetworkSource.pod()') : new Code(`NetworkSource.vmNetwork(${str(n.multus.networkName)}${clusterNetwork ? `, { clusterNetwork: ${str(clusterNetwork)} }` : ''})`);
      const defaultBinding = n.pod ? 'masquerade' : 'bridge';
      const model = i.model ? enumKey(InterfaceModel, i.model) : undefined;
      nics.push({
        name: i.name,
        source,
        binding: binding !== defaultBinding ? new Code(`InterfaceBinding.${enumKey(InterfaceBinding, binding)}`) : undefined,
        model: model && model !== 'VIRTIO' ? new Code(`InterfaceModel.${model}`) : undefined,
        macAddress: i.macAddress,
        bootOrder: i.bootOrder,
      });
    }
    const cpu = domain.cpu ?? {};
    const hotplug = String(annotations[CPU_MEMORY_HOTPLUG_ANNOTATION] ?? '').toLowerCase() === 'true';
    const limitMemory = domain.resources?.limits?.memory ?? domain.memory?.guest;
    const limitBytes = parseQuantity(limitMemory);
    const guestBytes = parseQuantity(domain.memory?.guest);
    let reservedMemory: Code | undefined;
    if (annotations[RESERVED_MEMORY_ANNOTATION]) reservedMemory = sizeCode(annotations[RESERVED_MEMORY_ANNOTATION]);
    else if (limitBytes !== undefined && guestBytes !== undefined && guestBytes < limitBytes) reservedMemory = sizeCode(limitBytes - guestBytes);
    const efi = domain.firmware?.bootloader?.efi;
    const runStrategy = vm.spec?.runStrategy ?? (vm.spec?.running === true ? 'Always' : vm.spec?.running === false ? 'Halted' : undefined);
    const runKey = runStrategy ? enumKey(RunStrategy, runStrategy) : undefined;
    const evictionKey = spec.evictionStrategy ? enumKey(EvictionStrategy, spec.evictionStrategy) : undefined;
    const labels: { [k: string]: string } = vm.metadata.labels ?? {};
    const maintainKey = labels[MAINTAIN_MODE_LABEL] ? enumKey(MaintainModeStrategy, labels[MAINTAIN_MODE_LABEL]) : undefined;
    const templateLabels: { [k: string]: string } = vm.spec?.template?.metadata?.labels ?? {};
    let sshKeyPairs: string[] | undefined;
    try {
      const names = JSON.parse(vm.spec?.template?.metadata?.annotations?.[SSH_NAMES_ANNOTATION] ?? 'null');
      if (Array.isArray(names) && names.length && names.every((n) => typeof n === 'string')) sshKeyPairs = names;
    } catch {
      // not JSON: the patch pass keeps the annotation as it is
    }
    const grace = spec.terminationGracePeriodSeconds;
    const hasAffinity = Object.keys(affinity).length > 0;
    const props = {
      name,
      namespace: ns,
      cpu: nonEmpty({ cores: cpu.cores, sockets: cpu.sockets && cpu.sockets > 1 && !hotplug ? undefined : cpu.sockets, threads: cpu.threads }),
      memory: sizeCode(limitMemory),
      reservedMemory,
      cpuAndMemoryHotplug: hotplug || undefined,
      runStrategy: runKey && runKey !== 'RERUN_ON_FAILURE' ? new Code(`RunStrategy.${runKey}`) : undefined,
      machineType: domain.machine?.type && domain.machine.type !== 'q35' ? domain.machine.type : undefined,
      firmware: efi ? new Code(`Firmware.efi({ secureBoot: ${efi.secureBoot !== false} })`) : undefined,
      tpm: domain.devices?.tpm ? true : undefined,
      hostname: spec.hostname && spec.hostname !== name ? spec.hostname : undefined,
      disks: disks.length ? disks : undefined,
      networks: nics.length ? nics : undefined,
      cloudInit,
      userData: ownUserData,
      networkConfig: ownNetwork,
      sshKeyPairs,
      nodeSelector: nonEmpty(spec.nodeSelector),
      affinity: hasAffinity ? new Code(`VmAffinity.custom(${literal(affinity, '      ')})`) : undefined,
      evictionStrategy: evictionKey && evictionKey !== 'LIVE_MIGRATE' ? new Code(`EvictionStrategy.${evictionKey}`) : undefined,
      terminationGracePeriod: grace !== undefined && grace !== 120 ? new Code(`Duration.seconds(${grace})`) : undefined,
      maintainModeStrategy: maintainKey ? new Code(`MaintainModeStrategy.${maintainKey}`) : undefined,
      labels: without(labels, [MAINTAIN_MODE_LABEL]),
      annotations: without(annotations, [RESERVED_MEMORY_ANNOTATION, CPU_MEMORY_HOTPLUG_ANNOTATION, ...(templates.length ? [VOLUME_CLAIM_TEMPLATES_ANNOTATION] : [])]),
      templateLabels: without(templateLabels, [VM_NAME_LABEL, ...RESTRICTED_VMI_LABELS]),
    };
    const variable = variableName(name, w.vars);
    w.lines.push(`    const ${variable} = new HarvesterVm(this, ${str(w.id(name, 'vm'))}, ${literal(props, '    ')});`);
    patchLines(variable, keyOf(vm));
    // the PVCs the annotation declared are objects of the cluster now: the round trip compares them
    for (const t of templates) {
      const pvc = pvcs.get(`${ns}/${t?.metadata?.name}`);
      if (pvc && !written.has(pvc)) {
        delete pvc.__fromTemplate;
        writeVolume(pvc, ns, true);
      }
    }
    expected.push(vm);
    written.add(vm);
  }

  // PVCs no VM uses, and every other kind, as they are
  for (const pvc of pvcs.values()) {
    if (written.has(pvc) || pvc.__fromTemplate) continue;
    w.lines.push('', `    // ${describe(pvc)} (no imported VM uses it)`);
    writeVolume(pvc, pvc.metadata.namespace ?? 'default', false);
  }
  for (const o of objects) {
    if (written.has(o) || o.kind === 'PersistentVolumeClaim') continue;
    if (o.kind === 'Secret' || o.kind === 'SealedSecret' || o.kind === 'ExternalSecret') {
      notes.push(`${describe(o)}: not imported (secret material; no VM mounts it as cloud-init): it stays in the cluster as it is`);
      continue;
    }
    w.lines.push('', `    // ${describe(o)}: no GitVops construct; written as it is`);
    w.lines.push(`    new ApiObject(this, ${str(w.id(o.metadata.name, o.kind))}, ${literal(o, '    ')});`);
    expected.push(o);
  }

  return { code: chartFile(w.lines, w.vars, options), expected, notes };
}

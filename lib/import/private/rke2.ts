/**
 * RKE2 clusters in Rke2Cluster's own shape: nodes `<cluster>-<pool>-<i>` with Secrets
 * `<node>-cloudinit` and disks `<cluster>-<pool>-disk-<i>` (lib/rke2/node-pool.ts), the VIP's
 * IPPool and LoadBalancer `<cluster>-vip` (lib/rke2/cluster.ts), DHCP nodes. Such objects become
 * one `Rke2Cluster`; the round trip then decides whether it fits (ManifestImport falls back to
 * plain VMs when it would damage anything).
 */
import { Buffer } from 'node:buffer';
import { parseCloudConfig } from './cloud-config';
import { Placeholders } from './placeholders';
import { Code, literal, str } from './ts-source';
import { parseQuantity } from '../../core/private/parse-quantity';
import { IMAGE_ID_ANNOTATION } from '../../platform/private/labels';
import { NETWORK_LABEL_PREFIX } from '../../platform/private/mutator-parity';

/** One recognised cluster: its code and the objects it stands for. */
export interface Rke2Candidate {
  readonly name: string;
  readonly lines: string[];
  readonly objects: any[];
}

const userData = (s: any): string => {
  const v = s?.stringData?.userdata ?? s?.stringData?.userData;
  if (v !== undefined) return String(v);
  const d = s?.data?.userdata ?? s?.data?.userData;
  return d === undefined ? '' : Buffer.from(String(d), 'base64').toString('utf8');
};
/** Static addresses in the network data (NodeAddresses other than DHCP: not recognised). */
const staticAddresses = (s: any): boolean => ['networkdata', 'networkData'].some((k) => {
  const v = s?.stringData?.[k] ?? (s?.data?.[k] === undefined ? undefined : Buffer.from(String(s.data[k]), 'base64').toString('utf8'));
  return v !== undefined && /addresses:/.test(v);
});

/** Candidates found among `objects` (cleaned), secret material behind `ph`. */
export function rke2Candidates(objects: any[], ph: Placeholders): Rke2Candidate[] {
  const find = (kind: string, ns: string, name: string) => objects.find((o) => o.kind === kind && o.metadata?.name === name && (kind === 'IPPool' || (o.metadata?.namespace ?? 'default') === ns));
  const out: Rke2Candidate[] = [];
  for (const lb of objects.filter((o) => o.kind === 'LoadBalancer' && /-vip$/.test(o.metadata?.name ?? ''))) {
    const name = lb.metadata.name.replace(/-vip$/, '');
    const ns = lb.metadata.namespace ?? 'default';
    const pool = find('IPPool', ns, lb.metadata.name);
    const range = pool?.spec?.ranges?.[0];
    if (!range?.rangeStart || !range.subnet || !range.gateway) continue;
    const pools = new Map<string, any[]>();
    for (const vm of objects.filter((o) => o.kind === 'VirtualMachine' && (o.metadata.namespace ?? 'default') === ns)) {
      const m = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-([a-z0-9]+)-(\\d+)$`).exec(vm.metadata.name);
      if (m) pools.set(m[1], [...(pools.get(m[1]) ?? []), vm]);
    }
    const cp = pools.get('cp');
    if (!cp) continue;
    const nodes = [...pools].flatMap(([p, vms]) => vms.map((vm) => {
      const i = vm.metadata.name.slice(`${name}-${p}-`.length);
      return { pool: p, vm, secret: find('Secret', ns, `${vm.metadata.name}-cloudinit`), pvc: find('PersistentVolumeClaim', ns, `${name}-${p}-disk-${i}`) };
    }));
    if (nodes.some((n) => !n.secret || !n.pvc || staticAddresses(n.secret))) continue;
    const first = cp[0];
    const doc = parseCloudConfig(userData(nodes[0].secret));
    const config = (doc?.write_files ?? []).find((f: any) => f?.path === '/etc/rancher/rke2/config.yaml')?.content ?? '';
    const token = /^token:\s*"?([^"\n]+)"?\s*$/m.exec(config)?.[1];
    if (!doc || !token) continue;
    const runcmd = JSON.stringify(doc.runcmd ?? []);
    const version = /INSTALL_RKE2_VERSION=([^\s",\]]+)/.exec(runcmd)?.[1];
    const spec = first.spec?.template?.spec ?? {};
    const multus = (spec.networks ?? []).find((n: any) => n.multus)?.multus?.networkName;
    const terms = JSON.stringify(spec.affinity ?? {});
    const clusterNetwork = new RegExp(`"${NETWORK_LABEL_PREFIX}/([a-z0-9-]+)"`).exec(terms)?.[1];
    const cpPvc = nodes[0].pvc;
    const image = cpPvc.metadata.annotations?.[IMAGE_ID_ANNOTATION];
    if (!multus || !image || !cpPvc.spec?.storageClassName) continue;
    const size = (q: unknown) => {
      const b = parseQuantity(q);
      return b !== undefined && b % 1024 ** 3 === 0 ? new Code(`Size.gibibytes(${b / 1024 ** 3})`) : undefined;
    };
    const cpuOf = (vm: any) => vm.spec?.template?.spec?.domain?.cpu?.cores;
    const memOf = (vm: any) => vm.spec?.template?.spec?.domain?.resources?.limits?.memory;
    const diskOf = (p: string) => nodes.find((n) => n.pool === p)!.pvc.spec?.resources?.requests?.storage;
    const envName = ph.nameFor(token, `${name}_token`, `Rke2Cluster ${ns}/${name}`);
    const workers = [...pools].filter(([p]) => p !== 'cp').map(([p, vms]) => ({
      name: p === 'worker' ? undefined : p,
      replicas: vms.length,
      cpu: cpuOf(vms[0]) !== cpuOf(first) ? cpuOf(vms[0]) : undefined,
      memory: memOf(vms[0]) !== memOf(first) ? size(memOf(vms[0])) : undefined,
      diskSize: diskOf(p) !== diskOf('cp') ? size(diskOf(p)) : undefined,
    }));
    const props = {
      name,
      namespace: ns,
      release: version ? new Code(`Rke2Release.version(${str(version)})`) : undefined,
      token: new Code(`SecretValue.fromEnv(${str(envName)})`),
      endpoint: { vip: range.rangeStart, subnet: range.subnet, gateway: range.gateway, exposeIngress: (lb.spec?.listeners ?? []).some((l: any) => l.port === 443) || undefined },
      vm: {
        image,
        storageClass: cpPvc.spec.storageClassName,
        network: multus,
        clusterNetwork,
        diskSize: size(diskOf('cp')),
        cpu: cpuOf(first),
        memory: size(memOf(first)),
        sshKeys: Array.isArray(doc.ssh_authorized_keys) && doc.ssh_authorized_keys.length ? doc.ssh_authorized_keys : undefined,
      },
      controlPlane: { replicas: cp.length },
      workers: workers.length ? workers : undefined,
      allowEvenServers: cp.length % 2 === 0 || undefined,
    };
    out.push({
      name,
      lines: ['', `    // RKE2 cluster ${ns}/${name}: ${nodes.map((n) => n.vm.metadata.name).join(', ')}, their disks and Secrets, the VIP's IPPool and LoadBalancer`,
        `    new Rke2Cluster(this, ${str(name)}, ${literal(props, '    ')});`],
      objects: [...nodes.flatMap((n) => [n.pvc, n.secret, n.vm]), pool, lb],
    });
  }
  return out;
}

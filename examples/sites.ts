import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Delivery, DiskSource, HarvesterTarget, HarvesterVersion, HarvesterVm, HarvesterVolume, NetworkSource, VmAffinity,
} from '../lib';

/** A shared VM shape: defined once in code, used under every target. */
export interface WebTierProps {
  /** How many web VMs. */
  readonly replicas: number;
  /** The VM network (`namespace/name`) and its cluster network. */
  readonly network: string;
  readonly clusterNetwork: string;
}

/** The web tier: N VMs with a root disk from an image, spread across hosts. */
export class WebTier extends Chart {
  constructor(scope: Construct, id: string, props: WebTierProps) {
    super(scope, id, { namespace: 'web' });
    for (let i = 0; i < props.replicas; i++) {
      const root = HarvesterVolume.fromImage(this, `root-${i}`, {
        name: `web-${i}-root`, image: 'default/ubuntu-24.04', storageClass: 'lh-5c7b2f3e-8d1a-4c7e-9f62-0d4b1e2a9c11', size: Size.gibibytes(20),
      });
      new HarvesterVm(this, `vm-${i}`, {
        name: `web-${i}`,
        cpu: { cores: 2 },
        memory: Size.gibibytes(2),
        disks: [{ name: 'root', source: DiskSource.volume(root), bootOrder: 1 }],
        networks: [{ name: 'nic-1', source: NetworkSource.vmNetwork(props.network, { clusterNetwork: props.clusterNetwork }) }],
        affinity: VmAffinity.spreadAcrossHosts('web'),
      });
    }
  }
}

const REPO = 'https://git.example.com/ops/harvester-vms.git';

/**
 * Two Harvester clusters from one app: production on 1.6 delivered by Fleet, the lab on 1.8 (with
 * its own overcommit setting) delivered by Argo CD. Each gets `dist/<name>/` with its manifests;
 * `dist/_delivery/` holds what to apply to the management cluster once.
 */
export function addSites(scope: Construct): void {
  const prod = new HarvesterTarget(scope, 'prod', {
    name: 'prod',
    harvesterVersion: HarvesterVersion.V1_6,
    delivery: Delivery.fleet({ repoUrl: REPO }),
  });
  new WebTier(prod, 'web', { replicas: 3, network: 'default/prod-vlan-100', clusterNetwork: 'data' });

  const lab = new HarvesterTarget(scope, 'lab', {
    name: 'lab',
    harvesterVersion: HarvesterVersion.V1_8,
    settings: { overcommit: { cpu: 400, memory: 120, storage: 100 } },
    delivery: Delivery.argoCd({ repoUrl: REPO }),
  });
  new WebTier(lab, 'web', { replicas: 1, network: 'default/lab-workload', clusterNetwork: 'mgmt' });
}

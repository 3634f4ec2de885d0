import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { upgradePlans } from './private/guest-manifests';
import { Rke2Release } from './release';
import { Rke2UpgradeOptions } from './upgrade';
import { SynthValidation } from '../validation/synth-validation';

/** Props of Rke2UpgradePlans. */
export interface Rke2UpgradePlansProps extends Rke2UpgradeOptions {
  /** The release to upgrade to: the cluster's `release`. @default Rke2Release.STABLE */
  readonly release?: Rke2Release;
}

/**
 * The system-upgrade-controller Plans of an RKE2 cluster as objects, for a chart delivered to
 * the guest cluster (a GitOps target of its own): unlike files in cloud-init, which nodes read
 * once at first boot, these follow every change of `release`. The same Plans as the
 * `Rke2Cluster` `upgrade` prop writes on the servers.
 */
export class Rke2UpgradePlans extends Construct {
  /** The servers' Plan (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The agents' Plan (escape hatch). */
  public readonly agentPlan: ApiObject;

  constructor(scope: Construct, id: string, props: Rke2UpgradePlansProps = {}) {
    super(scope, id);
    SynthValidation.enable(this);
    props.release?._check(this, 'release');
    const [server, agent] = upgradePlans(this, 'upgrade', props, props.release);
    this.apiObject = new ApiObject(this, 'Resource', server as any);
    this.agentPlan = new ApiObject(this, 'AgentPlan', agent as any);
  }
}

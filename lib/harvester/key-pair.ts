import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { KeyPair } from '../../imports/harvesterhci.io';
import { invalid } from '../core/private/errors';
import { checkDnsLabel, checkDnsSubdomain, parseNamespacedName } from '../core/private/names';
import { sshPublicKeyProblem } from '../core/private/ssh-key';
import { CREATOR_LABEL, CREATOR_VALUE } from '../platform/private/labels';
import { SynthValidation } from '../validation/synth-validation';

/** A Harvester SSH key pair a VM can use: made by this app (`HarvesterKeyPair`) or existing (`HarvesterKeyPair.fromName`). */
export interface IHarvesterKeyPair extends IConstruct {
  /** Name of the KeyPair. */
  readonly keyPairName: string;
  /** Namespace of the KeyPair. */
  readonly namespace: string;
  /** The public key, when this app knows it (then a VM can put it into its cloud-init). @default - unknown (an existing key pair) */
  readonly publicKey?: string;
}

/** Props of a HarvesterKeyPair. */
export interface HarvesterKeyPairProps {
  /** Name of the KeyPair (explicit and stable). */
  readonly name: string;
  /** Namespace. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /** The OpenSSH public key (`ssh-ed25519 AAAA… comment`), checked as a real key. */
  readonly publicKey: string;
  /** Extra labels. @default - the creator label only */
  readonly labels?: { [key: string]: string };
}

/** A key pair that exists in the cluster, referenced by name. */
class ExistingKeyPair extends Construct implements IHarvesterKeyPair {
  public readonly keyPairName: string;
  public readonly namespace: string;
  constructor(scope: Construct, id: string, name: string) {
    super(scope, id);
    const ref = parseNamespacedName(this, 'name', name, Chart.of(scope).namespace ?? 'default');
    this.keyPairName = ref.name;
    this.namespace = ref.namespace;
  }
}

/**
 * A Harvester SSH key pair (`harvesterhci.io/v1beta1 KeyPair`), on the type `cdk8s import`ed from
 * Harvester's CRD. The public key is checked as a real OpenSSH key (Harvester's keypair webhook
 * `checkPublicKey` refuses anything else). VMs take it by object (`HarvesterVm` `keyPairs`):
 * Harvester's `sshNames` annotation, and the key in the VM's cloud-init.
 */
export class HarvesterKeyPair extends Construct implements IHarvesterKeyPair {
  /** A key pair that exists in the cluster (`namespace/name`, or a name in the chart's namespace). */
  public static fromName(scope: Construct, id: string, name: string): IHarvesterKeyPair {
    return new ExistingKeyPair(scope, id, name);
  }

  public readonly keyPairName: string;
  public readonly namespace: string;
  /** The public key (always set for a key pair this app makes; optional only to match the interface). */
  public readonly publicKey?: string;
  /** The generated KeyPair (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: HarvesterKeyPairProps) {
    super(scope, id);
    SynthValidation.enable(this);
    this.keyPairName = checkDnsSubdomain(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    const key = props.publicKey.trim();
    const why = sshPublicKeyProblem(key);
    if (why) throw invalid(this, 'publicKey', key.slice(0, 40), `an OpenSSH public key such as "ssh-ed25519 AAAA… comment" (${why})`);
    this.publicKey = key;
    this.apiObject = new ApiObject(this, 'Resource', KeyPair.manifest({
      metadata: { name: this.keyPairName, namespace: this.namespace, labels: { [CREATOR_LABEL]: CREATOR_VALUE, ...props.labels } },
      spec: { publicKey: key },
    }));
  }
}

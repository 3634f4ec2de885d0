// The cdk8s-plus interop, a subpath of its own (`gitvops/plus`) so that apps which do not use
// cdk8s-plus never load it (it is large, and synth speed matters).
import { IPersistentVolumeClaim, ISecret, PersistentVolumeClaim, Secret } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { CloudInitSecret } from '../cloud-init/cloud-init-secret';
import { HarvesterVolume } from '../harvester/volume';

/**
 * GitVops objects as cdk8s-plus-34 references, so cdk8s-plus workloads can mount or read them
 * (e.g. `Volume.fromSecret(scope, 'ci', Cdk8sPlus.secret(scope, 'ref', cloudInit))`).
 */
export class Cdk8sPlus {
  /** The Secret a CloudInitSecret writes (or that its ExternalSecret/SealedSecret produces). */
  public static secret(scope: Construct, id: string, cloudInit: CloudInitSecret): ISecret {
    return Secret.fromSecretName(scope, id, cloudInit.name);
  }

  /** The claim of a HarvesterVolume. */
  public static persistentVolumeClaim(scope: Construct, id: string, volume: HarvesterVolume): IPersistentVolumeClaim {
    return PersistentVolumeClaim.fromClaimName(scope, id, volume.claimName);
  }
}

// The cdk8s-plus interop, a subpath of its own (`gitvops/plus`) so that apps which do not use
// cdk8s-plus never load it (it is large, and synth speed matters).
import { IPersistentVolumeClaim, ISecret, PersistentVolumeClaim, Secret } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ICloudInitSecret } from '../cloud-init/cloud-init-secret';
import { IHarvesterVolume } from '../harvester/volume';

/**
 * GitVops objects as cdk8s-plus-34 references, so cdk8s-plus workloads can mount or read them
 * (e.g. `Volume.fromSecret(scope, 'ci', Cdk8sPlus.secret(scope, 'ref', cloudInit))`).
 */
export class Cdk8sPlus {
  /** The Secret of a cloud-init Secret reference (a CloudInitSecret writes it (or that its ExternalSecret/SealedSecret produces). */
  public static secret(scope: Construct, id: string, cloudInit: ICloudInitSecret): ISecret {
    return Secret.fromSecretName(scope, id, cloudInit.name);
  }

  /** The claim of a HarvesterVolume (made by this app or referenced by name). */
  public static persistentVolumeClaim(scope: Construct, id: string, volume: IHarvesterVolume): IPersistentVolumeClaim {
    return PersistentVolumeClaim.fromClaimName(scope, id, volume.claimName);
  }
}

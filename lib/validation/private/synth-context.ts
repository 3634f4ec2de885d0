import { ApiObject } from 'cdk8s';

/**
 * What `GitVopsApp` hands validation for one synth: the app's ApiObjects (so the tree is walked
 * once) and a store of resolved JSON that the writer reads after validation (each object is
 * resolved once). Internal to `GitVopsApp` and `SynthValidation`.
 */
export interface SynthContext {
  readonly apiObjects: ApiObject[];
  readonly resolved: Map<ApiObject, any>;
  readonly resolve: (obj: ApiObject) => any;
}

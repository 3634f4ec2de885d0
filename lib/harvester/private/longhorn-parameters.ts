import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalid } from '../../core/private/errors';

const TAG = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Longhorn volume parameters as props give them. */
export interface LonghornParameterProps {
  readonly replicas?: number;
  readonly staleReplicaTimeout?: Duration;
  readonly diskSelector?: string[];
  readonly nodeSelector?: string[];
}

/** The checked values, as Longhorn StorageClass parameters spell them. */
export interface LonghornParameterValues {
  readonly numberOfReplicas: string;
  readonly staleReplicaTimeout: string;
  readonly diskSelector?: string;
  readonly nodeSelector?: string;
}

/**
 * Checks replicas (1–20), the stale replica timeout (whole minutes ≥ 1) and the disk/node tags,
 * naming fields under `prefix`; defaults 3 replicas and 30 minutes.
 */
export function longhornParameters(scope: IConstruct, props: LonghornParameterProps, prefix = ''): LonghornParameterValues {
  const replicas = props.replicas ?? 3;
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 20) throw invalid(scope, `${prefix}replicas`, replicas, 'an integer from 1 to 20');
  const staleSeconds = props.staleReplicaTimeout?.toSeconds() ?? 30 * 60;
  const stale = staleSeconds / 60;
  if (!Number.isInteger(stale) || stale < 1) throw invalid(scope, `${prefix}staleReplicaTimeout`, `${staleSeconds}s`, 'a whole number of minutes ≥ 1');
  for (const key of ['diskSelector', 'nodeSelector'] as const) {
    (props[key] ?? []).forEach((tag, i) => {
      if (!TAG.test(tag)) throw invalid(scope, `${prefix}${key}[${i}]`, tag, 'a Longhorn tag (letters, digits, "-", "_", ".")');
    });
  }
  return {
    numberOfReplicas: String(replicas),
    staleReplicaTimeout: String(stale),
    ...(props.diskSelector?.length ? { diskSelector: props.diskSelector.join(',') } : {}),
    ...(props.nodeSelector?.length ? { nodeSelector: props.nodeSelector.join(',') } : {}),
  };
}

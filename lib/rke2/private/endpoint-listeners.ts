import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { LoadBalancerSpecListeners } from '../../../imports/loadbalancer.harvesterhci.io';
import { invalid } from '../../core/private/errors';
import { checkDnsLabel } from '../../core/private/names';
import { EndpointHealthCheck, EndpointListenerNames } from '../endpoint-options';

/** The API port: what the health check probes. */
const API_PORT = 6443;

/**
 * The listeners, names checked: load-balancer-harvester's validator wants them unique
 * (pkg/webhook/loadbalancer/validator.go checkListeners) and its controller makes them the
 * Service's port names (pkg/lb/servicelb/manager.go constructService), which Kubernetes wants
 * to be DNS-1123 labels (ValidateService, validateServicePort).
 */
export function endpointListeners(scope: IConstruct, names: EndpointListenerNames = {}, ingress: boolean): LoadBalancerSpecListeners[] {
  const listeners = [
    { field: 'api', name: names.api ?? 'api', port: API_PORT },
    { field: 'join', name: names.join ?? 'join', port: 9345 },
    ...(ingress ? [{ field: 'ingress', name: names.ingress ?? 'https', port: 443 }] : []),
  ];
  const seen = new Map<string, string>();
  for (const l of listeners) {
    checkDnsLabel(scope, `listenerNames.${l.field}`, l.name);
    const other = seen.get(l.name);
    if (other) throw invalid(scope, `listenerNames.${l.field}`, l.name, `a name not used by another listener (already ${other})`);
    seen.set(l.name, l.field);
  }
  return listeners.map((l) => ({ name: l.name, port: l.port, backendPort: l.port, protocol: 'TCP' }));
}

/**
 * The health check on the API port; every threshold > 0, as load-balancer-harvester's
 * validator wants for a TCP health check (validator.go checkHealthyCheck).
 */
export function endpointHealthCheck(scope: IConstruct, hc: EndpointHealthCheck = {}): { [key: string]: number } {
  const count = (field: string, value: number | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1) throw invalid(scope, `healthCheck.${field}`, value, 'an integer ≥ 1');
    return value;
  };
  const seconds = (field: string, value: Duration | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const s = value.toSeconds({ integral: false });
    if (!Number.isInteger(s) || s < 1) throw invalid(scope, `healthCheck.${field}`, `${s} s`, 'a whole number of seconds ≥ 1');
    return s;
  };
  return {
    port: API_PORT,
    successThreshold: count('successThreshold', hc.successThreshold, 1),
    failureThreshold: count('failureThreshold', hc.failureThreshold, 3),
    periodSeconds: seconds('period', hc.period, 5),
    timeoutSeconds: seconds('timeout', hc.timeout, 3),
  };
}

import { IConstruct } from 'constructs';
import { invalid } from './errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True for an RFC 1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/** Dot-separated RFC 1123 labels of at most 63 characters each. */
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** True for an RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * True for a Kubernetes label value (apimachinery IsValidLabelValue): empty, or at most 63
 * characters of alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric.
 */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

export const DNS_LABEL_RULE = 'a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with an alphanumeric';
export const DNS_SUBDOMAIN_RULE = 'a DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123 labels';

/** Throws unless `value` is a DNS-1123 label. */
export function checkDnsLabel(scope: IConstruct, field: string, value: string): string {
  if (!isDnsLabel(value)) throw invalid(scope, field, value, DNS_LABEL_RULE);
  return value;
}

/** Throws unless `value` is a DNS-1123 subdomain. */
export function checkDnsSubdomain(scope: IConstruct, field: string, value: string): string {
  if (!isDnsSubdomain(value)) throw invalid(scope, field, value, DNS_SUBDOMAIN_RULE);
  return value;
}

/** A `namespace/name` reference, as Harvester writes image, network and key-pair references. */
export interface NamespacedName {
  readonly namespace: string;
  readonly name: string;
}

/** Parses `ns/name` (or `name`, with the default namespace) and checks both parts. */
export function parseNamespacedName(
  scope: IConstruct,
  field: string,
  value: string,
  defaultNamespace: string,
): NamespacedName {
  const parts = value.split('/');
  const [namespace, name] = parts.length === 2 ? parts : [defaultNamespace, parts[0]];
  if (parts.length > 2 || !isDnsLabel(namespace) || !isDnsSubdomain(name)) {
    throw invalid(scope, field, value, '"<namespace>/<name>" or "<name>", each a DNS-1123 name');
  }
  return { namespace, name };
}

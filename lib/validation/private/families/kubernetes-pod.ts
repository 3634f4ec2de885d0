import { parseCidr, parseIp } from '../../../core/private/ip';
import { isDnsLabel, isDnsSubdomain, isLabelValue } from '../../../core/private/names';
import { memoizeString } from '../../../core/private/memo';
import { oneOf } from '../../../platform/private/facts';
import { HarvesterVersion } from '../../../platform/harvester';
import type { RuleReport } from '../problems';
import { FamilyContext, RuleFamily, VMI, isKind, list, rule } from '../rule-info';

/*
 * What KubeVirt checks itself with its copy of the Kubernetes helpers (validate-k8s-utils.go,
 * called from vmi-create-admitter.go), what the API server checks when virt-controller creates
 * the virt-launcher pod from the VM template (Kubernetes 1.33 ValidatePodSpec: a VM whose pod is
 * refused is accepted but never starts), the label and annotation syntax of ValidateObjectMeta
 * for every object, and ValidateService for Services in the output.
 */

const K8S_CORE = 'kubernetes/kubernetes pkg/apis/core/validation/validation.go';
const K8S_META = 'kubernetes/apimachinery pkg/apis/meta/v1/validation/validation.go';
const K8S_OBJECT_META = 'kubernetes/apimachinery pkg/api/validation/objectmeta.go';
const K8S_UTILS = 'kubevirt/kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/validate-k8s-utils.go';

// ---- name and value syntax (k8s.io/apimachinery pkg/util/validation) ----

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** The allowed form of a qualified name (label key, annotation key, topology key, ...), as the API server words it. */
const QUALIFIED_NAME_FORM = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_FULL = `a qualified name: an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName'), then a name of at most 63 characters that ${QUALIFIED_NAME_FORM}`;
const LABEL_VALUE_FORM = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)";
const DNS_SUBDOMAIN_FORM = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (at most 253 characters)";
const DNS_LABEL_FORM = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (at most 63 characters)";

/** Label and annotation keys repeat across every object of an app: each distinct key is checked once. */
const qualifiedNameOf = memoizeString(qualifiedNameProblemOf);

/** Why `value` is not a qualified name (IsQualifiedName), or undefined when it is one. */
function qualifiedNameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string: ${QUALIFIED_NAME_FULL}`;
  return qualifiedNameOf(value);
}

function qualifiedNameProblemOf(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return `must be ${QUALIFIED_NAME_FULL}`;
  const problems: string[] = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') problems.push('prefix part must be non-empty');
    else if (!isDnsSubdomain(parts[0])) problems.push(`prefix part: ${DNS_SUBDOMAIN_FORM}`);
  }
  if (name === '') problems.push('name part must be non-empty');
  else if (name.length > 63) problems.push('name part must be no more than 63 characters');
  if (name !== '' && !QUALIFIED_NAME_PART.test(name)) problems.push(`name part ${QUALIFIED_NAME_FORM}`);
  return problems.length ? problems.join('; ') : undefined;
}

/** Why `value` is not a label value (IsValidLabelValue), or undefined when it is one. */
function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string: ${LABEL_VALUE_FORM}`;
  if (value.length > 63) return 'must be no more than 63 characters';
  return isLabelValue(value) ? undefined : LABEL_VALUE_FORM;
}

function subdomainProblem(value: unknown): string | undefined {
  return typeof value === 'string' && isDnsSubdomain(value) ? undefined : DNS_SUBDOMAIN_FORM;
}

function dnsLabelProblem(value: unknown): string | undefined {
  return typeof value === 'string' && isDnsLabel(value) ? undefined : DNS_LABEL_FORM;
}

/** Why `value` is not an IANA service (port) name (IsValidPortName), or undefined. */
function portNameProblem(value: string): string | undefined {
  const problems: string[] = [];
  if (value.length > 15) problems.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(value)) problems.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(value)) problems.push('must contain at least one letter (a-z)');
  if (value.includes('--')) problems.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) problems.push('must not begin or end with a hyphen');
  if (!problems.length && !IANA_SVC_NAME.test(value)) problems.push('must be an IANA service name');
  return problems.length ? problems.join('; ') : undefined;
}

const isPort = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;
const isObject = (v: unknown): v is { [key: string]: any } => v !== null && typeof v === 'object' && !Array.isArray(v);

// ---- rules ----

const R = {
  affinity: 'kubevirt.vmi.affinity',
  spread: 'kubevirt.vmi.topology-spread',
  dns: 'kubevirt.vmi.dns',
  podAffinity: 'kubernetes.pod.affinity',
  podSpread: 'kubernetes.pod.topology-spread',
  tolerations: 'kubernetes.pod.tolerations',
  nodeSelector: 'kubernetes.pod.node-selector',
  priorityClass: 'kubernetes.pod.priority-class-name',
  labels: 'kubernetes.labels',
  annotations: 'kubernetes.annotation-keys',
  owners: 'kubernetes.owner-references',
  servicePorts: 'kubernetes.service.ports',
  serviceSpec: 'kubernetes.service.spec',
  serviceTraffic: 'kubernetes.service.load-balancer',
} as const;

const LABEL_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const NODE_FIELD_OPERATORS = ['In', 'NotIn'];
const NODE_FIELD_KEYS = ['metadata.name'];
const SCHEDULE_ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
/** KubeVirt's own DNS limits (vmi-create-admitter.go; stricter than the pod's 32 paths / 2048 characters). */
const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 6;
const MAX_SEARCH_CHARS = 256;
const MAX_ANNOTATION_BYTES = 256 * 1024;
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const SERVICE_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
/** trafficDistribution values: PreferClose in Kubernetes 1.33 (Harvester 1.6); PreferSameZone / PreferSameNode since 1.34. */
const TRAFFIC_DISTRIBUTIONS: { [v in HarvesterVersion]: readonly string[] } = {
  [HarvesterVersion.V1_6]: ['PreferClose'],
  [HarvesterVersion.V1_8]: ['PreferClose', 'PreferSameZone', 'PreferSameNode'],
};

// ---- label selectors (apimachinery ValidateLabelSelector) ----

function checkLabels(labels: unknown, at: string, report: RuleReport, id: string): void {
  if (!isObject(labels)) return;
  // for-in, not entries: run for every object's labels, it allocates no pair per label
  for (const key in labels) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
    const value = labels[key];
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) report(id, `${at}.${key}`, key, `label key ${keyProblem}`);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) report(id, `${at}.${key}`, value, `label value ${valueProblem}`);
  }
}

function checkLabelSelector(selector: unknown, at: string, report: RuleReport, id: string): void {
  if (!isObject(selector)) return;
  checkLabels(selector.matchLabels, `${at}.matchLabels`, report, id);
  list(selector.matchExpressions).forEach((expr, i) => {
    const f = `${at}.matchExpressions[${i}]`;
    const values = list(expr?.values);
    const op = expr?.operator;
    if (op === 'In' || op === 'NotIn') {
      if (!values.length) report(id, `${f}.values`, expr?.values, "must be specified when `operator` is 'In' or 'NotIn'");
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length) report(id, `${f}.values`, expr.values, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    } else {
      report(id, `${f}.operator`, op, `not a valid selector operator: must be one of: ${oneOf(LABEL_SELECTOR_OPERATORS)}`);
    }
    const keyProblem = qualifiedNameProblem(expr?.key);
    if (keyProblem) report(id, `${f}.key`, expr?.key, keyProblem);
    values.forEach((v, j) => {
      const p = labelValueProblem(v);
      if (p) report(id, `${f}.values[${j}]`, v, p);
    });
  });
}

/** Every key a label selector names (matchLabels and matchExpressions). */
function selectorKeys(selector: unknown): Set<string> {
  if (!isObject(selector)) return new Set();
  return new Set([...Object.keys(isObject(selector.matchLabels) ? selector.matchLabels : {}), ...list(selector.matchExpressions).map((e) => e?.key)]);
}

// ---- KubeVirt: affinity (validate-k8s-utils.go validateAffinity) ----

function checkNodeSelectorTerm(term: any, at: string, report: RuleReport, required: boolean): void {
  list(term?.matchExpressions).forEach((rq, j) => {
    const f = `${at}.matchExpressions[${j}]`;
    const values = list(rq?.values);
    switch (rq?.operator) {
      case 'In':
      case 'NotIn':
        if (!values.length) report(R.affinity, `${f}.values`, rq.values, "must be specified when `operator` is 'In' or 'NotIn'");
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length) report(R.affinity, `${f}.values`, rq.values, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) report(R.affinity, `${f}.values`, rq.values, "must be specified single value when `operator` is 'Lt' or 'Gt'");
        break;
      default:
        report(R.affinity, `${f}.operator`, rq?.operator, `not a valid selector operator: must be one of: ${oneOf(NODE_SELECTOR_OPERATORS)}`);
    }
    const keyProblem = qualifiedNameProblem(rq?.key);
    if (keyProblem) report(R.affinity, `${f}.key`, rq?.key, keyProblem);
    // Kubernetes 1.33 ValidateNodeSelectorRequirement: values of required terms are label values (not in KubeVirt's copy)
    if (required) {
      values.forEach((v, k) => {
        const p = labelValueProblem(v);
        if (p) report(R.podAffinity, `${f}.values[${k}]`, v, `in a required node selector term, ${p}`);
      });
    }
  });
  list(term?.matchFields).forEach((rq, j) => {
    const f = `${at}.matchFields[${j}]`;
    const values = list(rq?.values);
    if (!NODE_FIELD_OPERATORS.includes(rq?.operator)) {
      report(R.affinity, `${f}.operator`, rq?.operator, `not a valid selector operator: a node field selector must be one of: ${oneOf(NODE_FIELD_OPERATORS)}`);
    } else if (values.length !== 1) {
      report(R.affinity, `${f}.values`, rq?.values, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
    }
    if (!NODE_FIELD_KEYS.includes(rq?.key)) {
      report(R.affinity, `${f}.key`, rq?.key, `not a valid field selector key: must be one of: ${oneOf(NODE_FIELD_KEYS)}`);
    } else {
      values.forEach((v, k) => {
        const p = subdomainProblem(v);
        if (p) report(R.affinity, `${f}.values[${k}]`, v, `a node name: ${p}`);
      });
    }
  });
}

function checkWeight(weight: unknown, at: string, report: RuleReport): void {
  if (!(Number.isInteger(weight) && (weight as number) >= 1 && (weight as number) <= 100)) report(R.affinity, at, weight, 'must be in the range 1-100');
}

function checkPodAffinityTerm(term: any, at: string, report: RuleReport, podLabels: Set<string>): void {
  checkLabelSelector(term?.labelSelector, `${at}.labelSelector`, report, R.affinity);
  checkLabelSelector(term?.namespaceSelector, `${at}.namespaceSelector`, report, R.affinity);
  list(term?.namespaces).forEach((ns, i) => {
    const p = dnsLabelProblem(ns);
    if (p) report(R.affinity, `${at}.namespaces[${i}]`, ns, `a namespace name: ${p}`);
  });
  const topologyKey = term?.topologyKey;
  if (topologyKey === undefined || topologyKey === '') {
    report(R.affinity, `${at}.topologyKey`, topologyKey, 'can not be empty');
  } else {
    const p = qualifiedNameProblem(topologyKey);
    if (p) report(R.affinity, `${at}.topologyKey`, topologyKey, p);
  }
  // Kubernetes 1.33 validateMatchLabelKeysAndMismatchLabelKeys (not in KubeVirt's copy)
  const inSelector = selectorKeys(term?.labelSelector);
  const mismatch = list(term?.mismatchLabelKeys);
  for (const which of ['matchLabelKeys', 'mismatchLabelKeys']) {
    const keys = list(term?.[which]);
    if (!keys.length) continue;
    if (!isObject(term?.labelSelector)) {
      report(R.podAffinity, `${at}.${which}`, keys, 'must not be specified when labelSelector is not set');
      continue;
    }
    keys.forEach((key, i) => {
      const p = qualifiedNameProblem(key);
      if (p) report(R.podAffinity, `${at}.${which}[${i}]`, key, p);
      // the API server adds `key In (the pod's value)` to the selector when the pod has the label
      if (which === 'matchLabelKeys' && inSelector.has(key) && podLabels.has(key)) {
        report(R.podAffinity, `${at}.${which}[${i}]`, key, 'exists in both matchLabelKeys and labelSelector');
      }
      if (which === 'matchLabelKeys' && mismatch.includes(key)) {
        report(R.podAffinity, `${at}.${which}[${i}]`, key, 'exists in both matchLabelKeys and mismatchLabelKeys');
      }
    });
  }
}

function checkAffinity(affinity: unknown, at: string, report: RuleReport, podLabels: Set<string>): void {
  if (!isObject(affinity)) return;
  const node = affinity.nodeAffinity;
  if (isObject(node)) {
    const f = `${at}.nodeAffinity`;
    const required = node.requiredDuringSchedulingIgnoredDuringExecution;
    if (isObject(required)) {
      const terms = list(required.nodeSelectorTerms);
      if (!terms.length) report(R.affinity, `${f}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, required.nodeSelectorTerms, 'must have at least one node selector term');
      terms.forEach((t, i) => checkNodeSelectorTerm(t, `${f}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`, report, true));
    }
    list(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const g = `${f}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(t?.weight, `${g}.weight`, report);
      checkNodeSelectorTerm(t?.preference, `${g}.preference`, report, false);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pod = affinity[kind];
    if (!isObject(pod)) continue;
    const f = `${at}.${kind}`;
    list(pod.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => checkPodAffinityTerm(t, `${f}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, report, podLabels));
    list(pod.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const g = `${f}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(t?.weight, `${g}.weight`, report);
      checkPodAffinityTerm(t?.podAffinityTerm, `${g}.podAffinityTerm`, report, podLabels);
    });
  }
}

// ---- KubeVirt + pod: topology spread constraints ----

function checkTopologySpread(constraints: unknown, at: string, report: RuleReport): void {
  const all = list(constraints);
  all.forEach((c, i) => {
    const f = `${at}[${i}]`;
    if (!(Number.isInteger(c?.maxSkew) && c.maxSkew > 0)) report(R.spread, `${f}.maxSkew`, c?.maxSkew, 'must be greater than zero');
    if (c?.topologyKey === undefined || c.topologyKey === '') {
      report(R.spread, `${f}.topologyKey`, c?.topologyKey, 'can not be empty');
    } else {
      const p = qualifiedNameProblem(c.topologyKey);
      if (p) report(R.spread, `${f}.topologyKey`, c.topologyKey, p);
    }
    if (!SCHEDULE_ACTIONS.includes(c?.whenUnsatisfiable)) report(R.spread, `${f}.whenUnsatisfiable`, c?.whenUnsatisfiable, `must be one of: ${oneOf(SCHEDULE_ACTIONS)}`);
    checkLabelSelector(c?.labelSelector, `${f}.labelSelector`, report, R.spread);
    if (all.slice(i + 1).some((o) => o?.topologyKey === c?.topologyKey && o?.whenUnsatisfiable === c?.whenUnsatisfiable)) {
      report(R.spread, f, `{${c?.topologyKey}, ${c?.whenUnsatisfiable}}`, 'duplicate {topologyKey, whenUnsatisfiable}: each pair may appear once');
    }
    // Kubernetes 1.33 validateTopologySpreadConstraints (not in KubeVirt's copy)
    if (c?.minDomains !== undefined && c.minDomains !== null) {
      if (!(Number.isInteger(c.minDomains) && c.minDomains > 0)) report(R.podSpread, `${f}.minDomains`, c.minDomains, 'must be greater than zero');
      if (c.whenUnsatisfiable !== 'DoNotSchedule') report(R.podSpread, `${f}.minDomains`, c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`);
    }
    for (const key of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (c?.[key] !== undefined && c[key] !== null && !NODE_INCLUSION_POLICIES.includes(c[key])) report(R.podSpread, `${f}.${key}`, c[key], `must be one of: ${oneOf(NODE_INCLUSION_POLICIES)}`);
    }
    const keys = list(c?.matchLabelKeys);
    if (keys.length) {
      if (!isObject(c.labelSelector)) report(R.podSpread, `${f}.matchLabelKeys`, keys, 'must not be specified when labelSelector is not set');
      const inSelector = selectorKeys(c.labelSelector);
      keys.forEach((key, j) => {
        const p = qualifiedNameProblem(key);
        if (p) report(R.podSpread, `${f}.matchLabelKeys[${j}]`, key, p);
        if (inSelector.has(key)) report(R.podSpread, `${f}.matchLabelKeys[${j}]`, key, 'exists in both matchLabelKeys and labelSelector');
      });
    }
  });
}

// ---- KubeVirt: DNS (vmi-create-admitter.go validateDNSPolicy / validatePodDNSConfig) ----

function checkDns(spec: any, at: string, report: RuleReport): void {
  const policy = spec.dnsPolicy;
  if (policy !== undefined && policy !== '' && !DNS_POLICIES.includes(policy)) report(R.dns, `${at}.dnsPolicy`, policy, `must be one of: ${oneOf(DNS_POLICIES)}`);
  const config = spec.dnsConfig;
  if (policy === 'None') {
    if (!isObject(config)) {
      report(R.dns, `${at}.dnsConfig`, config, 'must provide `dnsConfig` when `dnsPolicy` is None');
      return;
    }
    if (!list(config.nameservers).length) {
      report(R.dns, `${at}.dnsConfig.nameservers`, config.nameservers, 'must provide at least one DNS nameserver when `dnsPolicy` is None');
      return;
    }
  }
  if (!isObject(config)) return;
  const f = `${at}.dnsConfig`;
  const nameservers = list(config.nameservers);
  if (nameservers.length > MAX_NAMESERVERS) report(R.dns, `${f}.nameservers`, nameservers, `must not have more than ${MAX_NAMESERVERS} nameservers`);
  nameservers.forEach((ns, i) => {
    if (typeof ns !== 'string' || !parseIp(ns)) report(R.dns, `${f}.nameservers[${i}]`, ns, 'must be a valid IP address');
  });
  const searches = list(config.searches);
  if (searches.length > MAX_SEARCH_PATHS) report(R.dns, `${f}.searches`, searches, `must not have more than ${MAX_SEARCH_PATHS} search paths (KubeVirt's limit)`);
  if (searches.join(' ').length > MAX_SEARCH_CHARS) report(R.dns, `${f}.searches`, searches, `must not have more than ${MAX_SEARCH_CHARS} characters (including spaces) in the search list (KubeVirt's limit)`);
  searches.forEach((s, i) => {
    const p = subdomainProblem(s);
    if (p) report(R.dns, `${f}.searches[${i}]`, s, `${p} (no trailing dot)`);
  });
  list(config.options).forEach((o, i) => {
    if (typeof o?.name !== 'string' || o.name === '') report(R.dns, `${f}.options[${i}].name`, o?.name, 'an option name must not be empty');
  });
}

// ---- pod: tolerations, node selector, priority class (ValidatePodSpec) ----

function checkTolerations(tolerations: unknown, at: string, report: RuleReport): void {
  list(tolerations).forEach((t, i) => {
    const f = `${at}[${i}]`;
    const key = t?.key ?? '';
    const op = t?.operator ?? '';
    const value = t?.value ?? '';
    if (key !== '') {
      const p = qualifiedNameProblem(key);
      if (p) report(R.tolerations, `${f}.key`, key, p);
    } else if (op !== 'Exists') {
      report(R.tolerations, `${f}.operator`, t?.operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
    }
    if (t?.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t?.effect !== 'NoExecute') {
      report(R.tolerations, `${f}.effect`, t?.effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
    }
    if (op === 'Equal' || op === '') {
      const p = labelValueProblem(value);
      if (p) report(R.tolerations, `${f}.value`, value, `with operator Equal, the value ${p}`);
    } else if (op === 'Exists') {
      if (value !== '') report(R.tolerations, `${f}.value`, value, "value must be empty when `operator` is 'Exists'");
    } else {
      report(R.tolerations, `${f}.operator`, op, `must be one of: ${oneOf(TOLERATION_OPERATORS)}`);
    }
    if (t?.effect !== undefined && t.effect !== '' && !TAINT_EFFECTS.includes(t.effect)) report(R.tolerations, `${f}.effect`, t.effect, `must be one of: ${oneOf(TAINT_EFFECTS)}`);
  });
}

/** The rules that read the (VM template's) VMI spec: what KubeVirt checks and what the virt-launcher pod must pass. */
function checkVmiSpec(spec: any, at: string, report: RuleReport, podLabels: Set<string>): void {
  checkAffinity(spec.affinity, `${at}.affinity`, report, podLabels);
  checkTopologySpread(spec.topologySpreadConstraints, `${at}.topologySpreadConstraints`, report);
  checkDns(spec, at, report);
  checkTolerations(spec.tolerations, `${at}.tolerations`, report);
  checkLabels(spec.nodeSelector, `${at}.nodeSelector`, report, R.nodeSelector);
  const pc = spec.priorityClassName;
  if (pc !== undefined && pc !== '') {
    const p = subdomainProblem(pc);
    if (p) report(R.priorityClass, `${at}.priorityClassName`, pc, `a PriorityClass name: ${p}`);
  }
}

// ---- object metadata: labels, annotation keys, owner references ----

function checkAnnotationKeys(annotations: unknown, at: string, report: RuleReport, withSize: boolean): void {
  let size = 0;
  if (!isObject(annotations)) return;
  for (const key in annotations) {
    if (!Object.prototype.hasOwnProperty.call(annotations, key)) continue;
    const value = annotations[key];
    const p = qualifiedNameProblem(key.toLowerCase());
    if (p) report(R.annotations, `${at}.${key}`, key, `annotation key ${p}`);
    size += key.length + String(value ?? '').length;
  }
  if (withSize && size > MAX_ANNOTATION_BYTES) report(R.annotations, at, `${size} bytes`, `annotations may total at most ${MAX_ANNOTATION_BYTES} bytes`);
}

/** Object metadata embedded in an object that becomes metadata of another object (templates). */
function checkEmbeddedMeta(meta: unknown, at: string, report: RuleReport): void {
  if (!isObject(meta)) return;
  checkLabels(meta.labels, `${at}.labels`, report, R.labels);
  checkAnnotationKeys(meta.annotations, `${at}.annotations`, report, true);
}

function checkObjectMeta(obj: any, report: RuleReport): void {
  const meta = obj?.metadata;
  if (!isObject(meta)) return;
  checkLabels(meta.labels, 'metadata.labels', report, R.labels);
  // the total size of metadata.annotations is the core rule kubernetes.object-meta
  checkAnnotationKeys(meta.annotations, 'metadata.annotations', report, false);
  const refs = list(meta.ownerReferences);
  refs.forEach((ref, i) => {
    const apiVersion = ref?.apiVersion;
    if (typeof apiVersion === 'string' && apiVersion !== '') {
      const parts = apiVersion.split('/');
      if (parts.length > 2 || parts[parts.length - 1] === '') report(R.owners, `metadata.ownerReferences[${i}].apiVersion`, apiVersion, 'version must not be empty: apiVersion is "<group>/<version>" or "<version>"');
    }
    if (apiVersion === 'v1' && ref?.kind === 'Event') report(R.owners, `metadata.ownerReferences[${i}]`, 'v1/Event', 'an Event is disallowed from being an owner');
  });
  const controllers = refs.filter((r) => r?.controller === true);
  if (controllers.length > 1) {
    report(R.owners, 'metadata.ownerReferences', controllers.map((r) => `${r.kind}/${r.name}`), `only one reference can have controller set to true (found ${controllers.map((r) => `${r.kind}/${r.name}`).join(', ')})`);
  }
}

// ---- Service (ValidateService) ----

function specialIpProblem(text: string): string | undefined {
  const ip = parseIp(text);
  if (!ip) return 'must be a valid IP address';
  const v = ip.value;
  if (ip.family === 4) {
    if (v === 0n) return 'may not be unspecified (0.0.0.0)';
    if (v >> 24n === 127n) return 'may not be in the loopback range (127.0.0.0/8)';
    if (v >> 8n === 0xe00000n) return 'may not be in the link-local multicast range (224.0.0.0/24)';
    if (v >> 16n === 0xa9fen) return 'may not be in the link-local range (169.254.0.0/16)';
    return undefined;
  }
  if (v === 0n) return 'may not be unspecified (::)';
  if (v === 1n) return 'may not be in the loopback range (::1/128)';
  if (v >> 112n === 0xff02n) return 'may not be in the link-local multicast range (ff02::/16)';
  if (v >> 118n === 0x3fan) return 'may not be in the link-local range (fe80::/10)';
  return undefined;
}

function checkServicePorts(spec: any, type: string, headless: boolean, report: RuleReport): void {
  const ports = list(spec.ports);
  if (!ports.length && !headless && type !== 'ExternalName') report(R.servicePorts, 'spec.ports', spec.ports, 'at least one port is required (unless the Service is headless or ExternalName)');
  const names = new Set<string>();
  const seen = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if (p?.name === undefined || p.name === '') {
      if (ports.length > 1) report(R.servicePorts, `${f}.name`, p?.name, 'is required when the Service has more than one port');
    } else {
      const problem = dnsLabelProblem(p.name);
      if (problem) report(R.servicePorts, `${f}.name`, p.name, problem);
      if (names.has(p.name)) report(R.servicePorts, `${f}.name`, p.name, `port name "${p.name}" is used more than once`);
      names.add(p.name);
    }
    if (!isPort(p?.port)) report(R.servicePorts, `${f}.port`, p?.port, 'must be between 1 and 65535, inclusive');
    const protocol = p?.protocol ?? 'TCP';
    if (!SERVICE_PROTOCOLS.includes(protocol)) report(R.servicePorts, `${f}.protocol`, protocol, `must be one of: ${oneOf(SERVICE_PROTOCOLS)}`);
    const target = p?.targetPort;
    if (typeof target === 'number') {
      if (!isPort(target)) report(R.servicePorts, `${f}.targetPort`, target, 'must be between 1 and 65535, inclusive');
    } else if (typeof target === 'string') {
      const problem = portNameProblem(target);
      if (problem) report(R.servicePorts, `${f}.targetPort`, target, `a named target port (IANA service name) ${problem}; a port number is written as a number`);
    }
    if (p?.appProtocol !== undefined) {
      const problem = qualifiedNameProblem(p.appProtocol);
      if (problem) report(R.servicePorts, `${f}.appProtocol`, p.appProtocol, problem);
    }
    const nodePort = p?.nodePort ?? 0;
    if (nodePort !== 0) {
      if (type === 'ClusterIP') report(R.servicePorts, `${f}.nodePort`, nodePort, "may not be used when `type` is 'ClusterIP'");
      const key = `${protocol}/${nodePort}`;
      if (nodePorts.has(key)) report(R.servicePorts, `${f}.nodePort`, nodePort, `node port ${protocol}/${nodePort} is used more than once`);
      nodePorts.add(key);
    }
    const key = `${protocol}/${p?.port}`;
    if (seen.has(key)) report(R.servicePorts, f, key, `port ${protocol}/${p?.port} is used more than once`);
    seen.add(key);
  });
}

function checkClusterIps(spec: any, headless: boolean, report: RuleReport): void {
  const ips = list(spec.clusterIPs);
  if (spec.clusterIP && ips.length && ips[0] !== spec.clusterIP) report(R.serviceSpec, 'spec.clusterIPs', ips, `first value must match \`clusterIP\` (${spec.clusterIP})`);
  // on create the API server copies clusterIP into an empty clusterIPs, never the other way
  if (!spec.clusterIP && ips.length) report(R.serviceSpec, 'spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified (set both, the first clusterIPs value equal to clusterIP)');
  const families = list(spec.ipFamilies);
  families.forEach((fam, i) => {
    if (!IP_FAMILIES.includes(fam)) report(R.serviceSpec, `spec.ipFamilies[${i}]`, fam, `must be one of: ${oneOf(IP_FAMILIES)}`);
    if (families.indexOf(fam) < i) report(R.serviceSpec, `spec.ipFamilies[${i}]`, fam, `ip family ${fam} is listed more than once`);
  });
  if (spec.ipFamilyPolicy !== undefined && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) report(R.serviceSpec, 'spec.ipFamilyPolicy', spec.ipFamilyPolicy, `must be one of: ${oneOf(IP_FAMILY_POLICIES)}`);
  const all = ips.length ? ips : spec.clusterIP ? [spec.clusterIP] : [];
  const field = ips.length ? 'spec.clusterIPs' : 'spec.clusterIP';
  let invalid = false;
  all.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (all.length > 1) {
        invalid = true;
        report(R.serviceSpec, field, all, "'None' must be the first and only value");
      }
      return;
    }
    if (typeof ip !== 'string' || !parseIp(ip)) {
      invalid = true;
      report(R.serviceSpec, ips.length ? `${field}[${i}]` : field, ip, "must be a valid IP address (or 'None' for a headless Service)");
    }
  });
  if (all.length > 2) report(R.serviceSpec, field, all, 'may only hold up to 2 values');
  if (invalid) return;
  if (all.length === 2 && parseIp(all[0])?.family === parseIp(all[1])?.family) report(R.serviceSpec, field, all, 'may specify no more than one IP for each IP family');
  if (!headless) {
    all.forEach((ip, i) => {
      const fam = families[i];
      const v6 = parseIp(ip)?.family === 6;
      if (fam === 'IPv4' && v6) report(R.serviceSpec, `${field}${ips.length ? `[${i}]` : ''}`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``);
      if (fam === 'IPv6' && !v6) report(R.serviceSpec, `${field}${ips.length ? `[${i}]` : ''}`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``);
    });
  }
}

function checkService(svc: any, report: RuleReport, version: HarvesterVersion): void {
  const spec = isObject(svc.spec) ? svc.spec : {};
  const name = svc.metadata?.name;
  if (typeof name === 'string' && isDnsLabel(name) && !DNS_1035_LABEL.test(name)) {
    report(R.serviceSpec, 'metadata.name', name, "a Service name is a DNS-1035 label: lower case alphanumeric characters or '-', starting with an alphabetic character and ending with an alphanumeric character");
  }
  const type = spec.type ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) report(R.serviceSpec, 'spec.type', type, `must be one of: ${oneOf(SERVICE_TYPES)}`);
  const ips = list(spec.clusterIPs).length ? list(spec.clusterIPs) : spec.clusterIP ? [spec.clusterIP] : [];
  const headless = ips.length === 1 && ips[0] === 'None';
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    report(R.serviceSpec, list(spec.clusterIPs).length ? 'spec.clusterIPs[0]' : 'spec.clusterIP', 'None', `may not be set to 'None' for ${type} services`);
  }
  if (type === 'ExternalName') {
    if (ips.length) report(R.serviceSpec, list(spec.clusterIPs).length ? 'spec.clusterIPs' : 'spec.clusterIP', ips, 'may not be set for ExternalName services');
    if (list(spec.ipFamilies).length) report(R.serviceSpec, 'spec.ipFamilies', spec.ipFamilies, 'may not be set for ExternalName services');
    if (spec.ipFamilyPolicy !== undefined) report(R.serviceSpec, 'spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'may not be set for ExternalName services');
    const cname = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : '';
    if (!cname) report(R.serviceSpec, 'spec.externalName', spec.externalName, 'is required for an ExternalName Service');
    else if (subdomainProblem(cname)) report(R.serviceSpec, 'spec.externalName', spec.externalName, `${DNS_SUBDOMAIN_FORM}, optionally with a trailing dot`);
  } else {
    checkClusterIps(spec, headless, report);
  }
  checkServicePorts(spec, type, headless, report);
  checkLabels(spec.selector, 'spec.selector', report, R.serviceSpec);
  const affinity = spec.sessionAffinity ?? 'None';
  if (!SESSION_AFFINITIES.includes(affinity)) report(R.serviceSpec, 'spec.sessionAffinity', affinity, `must be one of: ${oneOf(SESSION_AFFINITIES)}`);
  if (affinity === 'None' && spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null) {
    report(R.serviceSpec, 'spec.sessionAffinityConfig', spec.sessionAffinityConfig, 'must not be set when session affinity is None');
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (affinity === 'ClientIP' && timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0 && timeout <= MAX_CLIENT_IP_AFFINITY_SECONDS)) {
    report(R.serviceSpec, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, `must be greater than 0 and at most ${MAX_CLIENT_IP_AFFINITY_SECONDS}`);
  }
  list(spec.externalIPs).forEach((ip, i) => {
    const p = typeof ip === 'string' ? specialIpProblem(ip) : 'must be a valid IP address';
    if (p) report(R.serviceSpec, `spec.externalIPs[${i}]`, ip, p);
  });
  checkServiceTraffic(svc, spec, type, report, version);
}

function checkServiceTraffic(svc: any, spec: any, type: string, report: RuleReport, version: HarvesterVersion): void {
  const lb = type === 'LoadBalancer';
  const ranges = list(spec.loadBalancerSourceRanges);
  const annotation = svc.metadata?.annotations?.[SOURCE_RANGES_ANNOTATION];
  if (ranges.length) {
    if (!lb) report(R.serviceTraffic, 'spec.loadBalancerSourceRanges', ranges, "may only be used when `type` is 'LoadBalancer'");
    ranges.forEach((r, i) => {
      if (typeof r !== 'string' || !parseCidr(r.trim())) report(R.serviceTraffic, `spec.loadBalancerSourceRanges[${i}]`, r, 'must be a valid CIDR value (e.g. 10.0.0.0/8 or 2001:db8::/64)');
    });
  } else if (typeof annotation === 'string') {
    const f = `metadata.annotations.${SOURCE_RANGES_ANNOTATION}`;
    if (!lb) report(R.serviceTraffic, f, annotation, "may only be used when `type` is 'LoadBalancer'");
    if (annotation.trim() !== '') {
      for (const r of annotation.trim().split(',')) {
        if (!parseCidr(r.trim())) report(R.serviceTraffic, f, r.trim(), 'must be a comma-separated list of valid CIDR values (e.g. 10.0.0.0/8 or 2001:db8::/64)');
      }
    }
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && !lb) {
    report(R.serviceTraffic, 'spec.allocateLoadBalancerNodePorts', spec.allocateLoadBalancerNodePorts, "may only be used when `type` is 'LoadBalancer'");
  }
  if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    if (!lb) report(R.serviceTraffic, 'spec.loadBalancerClass', spec.loadBalancerClass, "may only be used when `type` is 'LoadBalancer'");
    else {
      const p = qualifiedNameProblem(spec.loadBalancerClass);
      if (p) report(R.serviceTraffic, 'spec.loadBalancerClass', spec.loadBalancerClass, p);
    }
  }
  const external = lb || type === 'NodePort' || (type === 'ClusterIP' && list(spec.externalIPs).length > 0);
  const etp = spec.externalTrafficPolicy;
  if (etp !== undefined && etp !== '') {
    if (!external) report(R.serviceTraffic, 'spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services (LoadBalancer, NodePort, or with externalIPs)');
    else if (!TRAFFIC_POLICIES.includes(etp)) report(R.serviceTraffic, 'spec.externalTrafficPolicy', etp, `must be one of: ${oneOf(TRAFFIC_POLICIES)}`);
  }
  const hc = spec.healthCheckNodePort;
  if (hc !== undefined && hc !== 0) {
    if (!(lb && etp === 'Local')) report(R.serviceTraffic, 'spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
    else if (!isPort(hc)) report(R.serviceTraffic, 'spec.healthCheckNodePort', hc, 'must be between 1 and 65535, inclusive');
  }
  if (spec.internalTrafficPolicy !== undefined && !TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    report(R.serviceTraffic, 'spec.internalTrafficPolicy', spec.internalTrafficPolicy, `must be one of: ${oneOf(TRAFFIC_POLICIES)}`);
  }
  const distributions = TRAFFIC_DISTRIBUTIONS[version];
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== null && !distributions.includes(spec.trafficDistribution)) {
    report(R.serviceTraffic, 'spec.trafficDistribution', spec.trafficDistribution, `must be one of: ${oneOf(distributions)}`);
  }
}

// ---- the family ----

/** Kubernetes API-server validation of what GitVops emits: the VMI spec KubeVirt hands to the virt-launcher pod, object metadata, Services. */
export const kubernetesPod: RuleFamily = {
  rules: [
    rule(R.affinity, 'KubeVirt', `${VMI} validateSpecAffinity, ${K8S_UTILS} validateAffinity / ValidateNodeSelectorRequirement / ValidateNodeFieldSelectorRequirement / validatePodAffinityTerm (with ${K8S_META} ValidateLabelSelector)`,
      'affinity is well formed: node selector terms present, operators In/NotIn/Exists/DoesNotExist/Gt/Lt with the values each needs, matchFields only metadata.name In/NotIn one node name, label keys and topologyKey qualified names, selectors valid, namespaces DNS labels, weights 1–100'),
    rule(R.spread, 'KubeVirt', `${VMI} validateSpecTopologySpreadConstraints, ${K8S_UTILS} validateTopologySpreadConstraints`,
      'topology spread constraints have maxSkew > 0, a qualified-name topologyKey, whenUnsatisfiable DoNotSchedule or ScheduleAnyway, a valid labelSelector, and each {topologyKey, whenUnsatisfiable} once'),
    rule(R.dns, 'KubeVirt', `${VMI} validateDNSPolicy / validatePodDNSConfig`,
      'dnsPolicy is ClusterFirstWithHostNet, ClusterFirst, Default or None (None needs dnsConfig with a nameserver); at most 3 nameservers, all IPs; at most 6 search domains, 256 characters, each a DNS subdomain; options named'),
    rule(R.podAffinity, 'Kubernetes', `${K8S_CORE} ValidateNodeSelectorRequirement / validateMatchLabelKeysAndMismatchLabelKeys (the virt-launcher pod, Kubernetes 1.33)`,
      'required node affinity values are label values; pod (anti-)affinity matchLabelKeys / mismatchLabelKeys are qualified names, need a labelSelector, and do not repeat a selector key or each other'),
    rule(R.podSpread, 'Kubernetes', `${K8S_CORE} validateTopologySpreadConstraints (validateMinDomains / validateNodeInclusionPolicy / validateMatchLabelKeysInTopologySpread; the virt-launcher pod)`,
      'topology spread minDomains > 0 only with DoNotSchedule; nodeAffinityPolicy / nodeTaintsPolicy Honor or Ignore; matchLabelKeys qualified names, with a labelSelector that does not name them'),
    rule(R.tolerations, 'Kubernetes', `${K8S_CORE} ValidateTolerations (the virt-launcher pod)`,
      'tolerations: key a qualified name (empty only with Exists), operator Equal or Exists, an Equal value a label value and no value with Exists, effect NoSchedule/PreferNoSchedule/NoExecute, tolerationSeconds only with NoExecute'),
    rule(R.nodeSelector, 'Kubernetes', `${K8S_CORE} ValidatePodSpec (ValidateLabels of nodeSelector; the virt-launcher pod)`, 'nodeSelector keys are qualified names and its values label values'),
    rule(R.priorityClass, 'Kubernetes', `${K8S_CORE} ValidatePodSpec (ValidatePriorityClassName; the virt-launcher pod)`, 'priorityClassName is a DNS-1123 subdomain'),
    rule(R.labels, 'Kubernetes', `${K8S_OBJECT_META} ValidateObjectMeta (${K8S_META} ValidateLabels), also on templates that become objects`,
      'label keys are qualified names ([prefix/]name, name at most 63 alphanumerics, "-", "_", "." starting and ending alphanumeric) and values label values (at most 63, same characters, or empty)'),
    rule(R.annotations, 'Kubernetes', `${K8S_OBJECT_META} ValidateAnnotations, also on templates that become objects`, 'annotation keys are qualified names (compared in lower case); template annotations total at most 256 KiB'),
    rule(R.owners, 'Kubernetes', `${K8S_OBJECT_META} ValidateOwnerReferences`, 'owner references have a version in apiVersion, no Event owner, and at most one controller'),
    rule(R.servicePorts, 'Kubernetes', `${K8S_CORE} ValidateService / validateServicePort`,
      'a Service has ports (unless headless or ExternalName); port names DNS labels, unique, required with several ports; ports 1–65535; protocol TCP/UDP/SCTP; targetPort a port or IANA name; (protocol, port) and node ports unique; no nodePort on ClusterIP'),
    rule(R.serviceSpec, 'Kubernetes', `${K8S_CORE} ValidateService / ValidateServiceClusterIPsRelatedFields / ValidateNonSpecialIP`,
      'a Service has a DNS-1035 name, a known type and session affinity, valid selector labels, clusterIP(s) and ipFamilies that agree, usable externalIPs, and for ExternalName an externalName only'),
    rule(R.serviceTraffic, 'Kubernetes', `${K8S_CORE} ValidateService / validateLoadBalancerClassField / validateServiceExternalTrafficPolicy / validateServiceInternalTrafficFieldsValue / validateServiceTrafficDistribution`,
      'LoadBalancer-only fields (source ranges, allocateLoadBalancerNodePorts, loadBalancerClass, healthCheckNodePort) only on LoadBalancer and well formed; traffic policies and trafficDistribution are values Kubernetes knows'),
  ],
  // a VM template's labels name the VM (harvesterhci.io/vmName): a check of their own
  checkOwnFields(obj: any, report: RuleReport) {
    if (isKind(obj, 'kubevirt.io', 'VirtualMachine')) {
      checkEmbeddedMeta(obj.spec?.template?.metadata, 'spec.template.metadata', report);
      list(obj.spec?.dataVolumeTemplates).forEach((dv, i) => checkEmbeddedMeta(dv?.metadata, `spec.dataVolumeTemplates[${i}].metadata`, report));
    }
  },
  check(obj: any, report: RuleReport, context: FamilyContext) {
    checkObjectMeta(obj, report);
    if (isKind(obj, 'kubevirt.io', 'VirtualMachine')) {
      const template = obj.spec?.template;
      const labels = new Set(Object.keys(isObject(template?.metadata?.labels) ? template.metadata.labels : {}));
      if (isObject(template?.spec)) checkVmiSpec(template.spec, 'spec.template.spec', report, labels);
    }
    if (isKind(obj, 'kubevirt.io', 'VirtualMachineInstance') && isObject(obj.spec)) {
      checkVmiSpec(obj.spec, 'spec', report, new Set(Object.keys(isObject(obj.metadata?.labels) ? obj.metadata.labels : {})));
    }
    if (isKind(obj, 'bitnami.com', 'SealedSecret')) checkEmbeddedMeta(obj.spec?.template?.metadata, 'spec.template.metadata', report);
    if (isKind(obj, 'external-secrets.io', 'ExternalSecret')) checkEmbeddedMeta(obj.spec?.target?.template?.metadata, 'spec.target.template.metadata', report);
    if (isKind(obj, '', 'Service')) checkService(obj, report, context.harvesterVersion);
  },
};

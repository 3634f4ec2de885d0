import type { ValidationProblem } from '../validation-problem';

/** One broken rule in one object (structure, platform rule or cloud-init data). */
export interface RuleProblem extends ValidationProblem {}

/** Reports one problem of the object a reporter was made for. */
export type Report = (field: string, value: unknown, message: string) => void;

/** Reports one broken platform rule of the object a reporter was made for. */
export type RuleReport = (rule: string, field: string, value: unknown, message: string) => void;

/** The reporter of platform rules for one object: every problem names its rule. */
export function ruleReporterFor(obj: any, out: RuleProblem[]): RuleReport {
  // the object's kind and names are read when it has a problem (most objects have none)
  let meta: ReturnType<typeof objectMeta> | undefined;
  return (rule, field, value, message) => out.push({ ...(meta ??= objectMeta(obj)), field, value, message, rule });
}

/** What every problem of an object carries: its kind, name and namespace. */
export function objectMeta(obj: any): { kind: string; name: string; namespace?: string } {
  return { kind: String(obj?.kind), name: String(obj?.metadata?.name), namespace: obj?.metadata?.namespace };
}

/** One problem of `obj` added to `out`, without a reporter (for checks run on every object, most of which have none). */
export function addProblem(out: RuleProblem[], obj: any, field: string, value: unknown, message: string): void {
  out.push({ ...objectMeta(obj), field, value, message });
}

/** The reporter of one object: every problem carries its kind, name and namespace. */
export function reporterFor(obj: any, out: RuleProblem[]): Report {
  let meta: ReturnType<typeof objectMeta> | undefined;
  return (field, value, message) => out.push({ ...(meta ??= objectMeta(obj)), field, value, message });
}

/** A JSON pointer (`/spec/disks/0/name`) as a field path (`spec.disks[0].name`). */
export function fieldPath(instancePath: string): string {
  return instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, seg) => (/^\d+$/.test(seg) ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg), '');
}

/** The value a JSON pointer (`/spec/disks/0/name`) points at in `obj`, if any. */
export function valueAtPointer(obj: any, instancePath: string): unknown {
  return instancePath.split('/').slice(1).reduce((v, seg) => (v === undefined || v === null ? undefined : v[seg.replace(/~1/g, '/').replace(/~0/g, '~')]), obj);
}

/** The report line of one problem: kind/name, field, reason, value. */
export function formatProblem(p: RuleProblem): string {
  const value = p.value === undefined ? '' : ` (value: ${JSON.stringify(p.value)})`;
  const where = p.namespace ? `${p.namespace}/${p.name}` : p.name;
  return `${p.kind} ${where}: ${p.field}: ${p.message}${value}`;
}

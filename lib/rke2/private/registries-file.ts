import { IConstruct } from 'constructs';
import { invalid, problem } from '../../core/private/errors';
import { Rke2Registries } from '../registries';

const HOST = /^(\*|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?)$/;

/** Checks the registries and renders them as the object `registries.yaml` holds. */
export function renderRegistries(scope: IConstruct, field: string, registries: Rke2Registries): { [key: string]: any } {
  const out: { [key: string]: any } = {};
  const mirrors = registries.mirrors ?? [];
  if (mirrors.length) {
    out.mirrors = {};
    mirrors.forEach((m, i) => {
      if (!m.registry || !HOST.test(m.registry)) throw invalid(scope, `${field}.mirrors[${i}].registry`, m.registry, 'a registry host such as docker.io, or *');
      if (!m.endpoints?.length) throw problem(scope, `${field}.mirrors[${i}].endpoints`, 'at least one endpoint is required');
      m.endpoints.forEach((e, j) => {
        if (!/^https?:\/\/\S+$/.test(e)) throw invalid(scope, `${field}.mirrors[${i}].endpoints[${j}]`, e, 'an http(s):// URL');
      });
      out.mirrors[m.registry] = { endpoint: [...m.endpoints], ...(m.rewrite ? { rewrite: { ...m.rewrite } } : {}) };
    });
  }
  const configs = registries.configs ?? [];
  if (configs.length) {
    out.configs = {};
    configs.forEach((c, i) => {
      const at = `${field}.configs[${i}]`;
      if (!c.host) throw problem(scope, `${at}.host`, 'is required (the registry host the config applies to)');
      if (!HOST.test(c.host)) throw invalid(scope, `${at}.host`, c.host, 'a registry host such as registry.lab:5000');
      if (c.token && (c.username || c.password)) throw problem(scope, at, 'cannot specify both token and username/password');
      if (!!c.username !== !!c.password) throw problem(scope, at, 'username and password go together');
      const entry: { [key: string]: any } = {};
      if (c.username) entry.auth = { username: c.username, password: `${c.password}` };
      if (c.token) entry.auth = { token: `${c.token}` };
      const tls: { [key: string]: any } = {};
      if (c.caFile) tls.ca_file = c.caFile;
      if (c.certFile) tls.cert_file = c.certFile;
      if (c.keyFile) tls.key_file = c.keyFile;
      if (c.insecureSkipVerify !== undefined) tls.insecure_skip_verify = c.insecureSkipVerify;
      if (Object.keys(tls).length) entry.tls = tls;
      out.configs[c.host] = entry;
    });
  }
  addExtra(scope, field, out, 'mirrors', 'extraMirrors', registries.extraMirrors, ['endpoint', 'rewrite']);
  addExtra(scope, field, out, 'configs', 'extraConfigs', registries.extraConfigs, ['auth', 'tls']);
  return out;
}

/**
 * Free-form entries, after the typed ones. Entry keys are the ones RKE2's registries.yaml
 * reader knows (PLATFORM.md §6: mirrors have endpoint and rewrite, configs auth and tls);
 * anything else would be ignored silently, so it is refused.
 */
function addExtra(
  scope: IConstruct, field: string, out: { [key: string]: any }, key: string, extraField: string,
  extra: { [host: string]: any } | undefined, entryKeys: string[],
): void {
  for (const host of Object.keys(extra ?? {})) {
    const at = `${field}.${extraField}.${host}`;
    if (!HOST.test(host)) throw invalid(scope, `${field}.${extraField}`, host, 'a registry host such as registry.lab:5000, or *');
    if (out[key]?.[host] !== undefined) throw problem(scope, at, `cannot specify both ${key} and ${extraField} for one host`);
    const entry = extra![host];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw invalid(scope, at, entry, `an object with ${entryKeys.join(' and/or ')}`);
    const unknown = Object.keys(entry).find((k) => !entryKeys.includes(k));
    if (unknown !== undefined) throw invalid(scope, at, unknown, `an entry key registries.yaml knows (${entryKeys.join(', ')})`);
    out[key] = { ...out[key], [host]: entry };
  }
}

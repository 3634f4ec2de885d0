/**
 * A cloud-init Secret's user data and network data as CloudInitSecret props: the cloud-config keys
 * GitVops types (lib/cloud-init/cloud-config.ts), the rest as `extraConfig`, secret material as
 * placeholders. What neither can hold is reported (the round trip then shows the difference).
 */
import { parse } from 'yaml';
import { Placeholders, scrubCommand, scrubFile, scrubValue } from './placeholders';
import { Code, SecretText, literal, str, text } from './ts-source';

/** Keys the typed options of CloudConfigOptions cover (cloud-config-builder TYPED_KEYS). */
const TYPED = ['hostname', 'users', 'ssh_authorized_keys', 'package_update', 'package_upgrade', 'packages', 'write_files', 'bootcmd', 'runcmd'];
const FILE_KEYS = ['path', 'content', 'owner', 'permissions', 'encoding', 'append', 'defer'];
const USER_KEYS = ['name', 'groups', 'sudo', 'shell', 'ssh_authorized_keys', 'lock_passwd', 'system'];
const ENCODINGS: { [k: string]: string } = { 'b64': 'BASE64', 'base64': 'BASE64', 'gz+b64': 'GZIP_BASE64', 'gzip+base64': 'GZIP_BASE64', 'gz+base64': 'GZIP_BASE64', 'gzip+b64': 'GZIP_BASE64' };

/** The mapped user data: props for `CloudInitSecret` (literal-ready), and what could not be typed. */
export interface MappedCloudConfig {
  readonly props: { [key: string]: unknown };
  readonly notes: string[];
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses `#cloud-config` user data; undefined when it is not a cloud-config (a script, MIME, …). */
export function parseCloudConfig(userData: string): Record<string, any> | undefined {
  if (!/^#cloud-config\s*(\r?\n|$)/.test(userData)) return undefined;
  try {
    // cloud-init reads YAML with PyYAML: YAML 1.1 (0600 is octal, yes/no are booleans)
    const doc = parse(userData, { version: '1.1' });
    return doc === null || doc === undefined ? {} : isObj(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

function command(c: unknown, hint: string, ph: Placeholders, where: string): Code | undefined {
  if (typeof c === 'string') return new Code(`Command.shell(${text(scrubCommand(c, hint, ph, where))})`);
  if (Array.isArray(c) && c.length && c.every((x) => typeof x === 'string' || typeof x === 'number')) {
    return new Code(`Command.exec(${c.map((x) => text(scrubCommand(String(x), hint, ph, where))).join(', ')})`);
  }
  return undefined;
}

/** Maps a parsed cloud-config to CloudConfigOptions (placeholders for secret material). */
export function mapCloudConfig(doc: Record<string, any>, hint: string, ph: Placeholders, where: string): MappedCloudConfig {
  const props: { [key: string]: unknown } = {};
  const notes: string[] = [];
  const extra: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(doc)) if (!TYPED.includes(k)) extra[k] = scrubValue(v, k, hint, ph, where);
  if (typeof doc.hostname === 'string') props.hostname = doc.hostname;
  if (Array.isArray(doc.users)) {
    const users = doc.users.filter((u: any) => u !== 'default');
    if (doc.users[0] !== 'default' && users.length) notes.push(`${where}: users without the "default" entry first: GitVops always keeps the image's default user`);
    props.users = users.filter(isObj).map((u: any) => {
      const left = Object.keys(u).filter((k) => !USER_KEYS.includes(k));
      if (left.length) notes.push(`${where}: user ${u.name}: ${left.join(', ')} not carried (no typed option; passwords stay out of the code)`);
      return {
        name: u.name,
        groups: typeof u.groups === 'string' ? u.groups.split(',').map((g: string) => g.trim()).filter(Boolean) : u.groups,
        sudo: Array.isArray(u.sudo) ? u.sudo[0] : u.sudo === false ? undefined : u.sudo,
        shell: u.shell,
        sshAuthorizedKeys: u.ssh_authorized_keys,
        lockPasswd: u.lock_passwd,
        system: u.system,
      };
    });
  }
  if (Array.isArray(doc.ssh_authorized_keys)) {
    const keys = doc.ssh_authorized_keys.filter((k: unknown) => typeof k === 'string' && k.trim());
    if (keys.length !== doc.ssh_authorized_keys.length) notes.push(`${where}: ssh_authorized_keys had empty entries; left out`);
    if (keys.length) props.sshAuthorizedKeys = keys;
  }
  if (typeof doc.package_update === 'boolean') props.packageUpdate = doc.package_update;
  if (typeof doc.package_upgrade === 'boolean') props.packageUpgrade = doc.package_upgrade;
  if (Array.isArray(doc.packages)) {
    const plain = doc.packages.filter((p: unknown) => typeof p === 'string');
    if (plain.length !== doc.packages.length) notes.push(`${where}: packages given as [name, version] lists are not carried`);
    if (plain.length) props.packages = plain;
  }
  if (Array.isArray(doc.write_files)) {
    props.files = doc.write_files.filter(isObj).map((f: any, i: number) => {
      const left = Object.keys(f).filter((k) => !FILE_KEYS.includes(k));
      if (left.length) notes.push(`${where}: write_files[${i}] (${f.path}): ${left.join(', ')} not carried`);
      const encoding = f.encoding && f.encoding !== 'text/plain' ? ENCODINGS[f.encoding] : undefined;
      if (f.encoding && f.encoding !== 'text/plain' && !encoding) notes.push(`${where}: write_files[${i}] encoding ${f.encoding} not carried`);
      return {
        path: f.path,
        content: encoding ? String(f.content ?? '') : scrubFile(String(f.content ?? ''), `${hint}_${String(f.path).split('/').pop()}`, ph, where),
        owner: f.owner,
        permissions: f.permissions === undefined ? undefined : typeof f.permissions === 'number' ? `0${f.permissions.toString(8)}` : String(f.permissions),
        encoding: encoding ? new Code(`FileEncoding.${encoding}`) : undefined,
        append: f.append || undefined,
        defer: f.defer || undefined,
      };
    });
  }
  for (const [key, prop] of [['bootcmd', 'bootcmd'], ['runcmd', 'runcmd']] as const) {
    if (!Array.isArray(doc[key])) continue;
    const cmds = doc[key].map((c: unknown) => command(c, hint, ph, where));
    if (cmds.some((c: Code | undefined) => !c)) notes.push(`${where}: ${key} entries that are neither strings nor string lists are not carried`);
    props[prop] = cmds.filter(Boolean);
  }
  if (Object.keys(extra).length) props.extraConfig = extra;
  return { props, notes };
}

/** Maps netplan-v2 network data to a `NetworkConfig` expression; undefined (with a note) when it cannot. */
export function mapNetworkConfig(networkData: string, notes: string[], where: string): Code | undefined {
  if (!networkData.trim()) return undefined;
  let doc: any;
  try {
    doc = parse(networkData, { version: '1.1' });
  } catch {
    notes.push(`${where}: network data is not YAML; not carried`);
    return undefined;
  }
  const net = isObj(doc?.network) ? doc.network : doc;
  if (!isObj(net) || Number(net.version) !== 2 || !isObj(net.ethernets) || Object.keys(net).some((k) => !['version', 'ethernets'].includes(k))) {
    notes.push(`${where}: network data is not a netplan v2 with ethernets only; not carried`);
    return undefined;
  }
  const calls = Object.entries(net.ethernets).map(([id, e]: [string, any]) => {
    const routes = (e.routes ?? []) as any[];
    const def = routes.find((r) => r.to === 'default' || r.to === '0.0.0.0/0');
    const options = {
      match: isObj(e.match) ? { macAddress: e.match.macaddress, name: e.match.name, driver: e.match.driver } : undefined,
      setName: e['set-name'],
      dhcp4: e.dhcp4 === true ? true : undefined,
      dhcp6: e.dhcp6,
      addresses: e.addresses,
      gateway: e.gateway4 ?? (def?.to === 'default' && def.metric === undefined ? def.via : undefined),
      routes: routes.filter((r) => r !== def || def.to !== 'default' || def.metric !== undefined).map((r) => ({ to: r.to, via: r.via, metric: r.metric })),
      nameservers: e.nameservers?.addresses,
      searchDomains: e.nameservers?.search,
      mtu: e.mtu,
    };
    if (!options.routes.length) delete (options as any).routes;
    return `.addEthernet(${str(id)}, ${literal(options, '        ')})`;
  });
  return new Code(`new NetworkConfig()\n        ${calls.join('\n        ')}`);
}

export { SecretText };

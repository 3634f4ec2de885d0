import { RuleReport } from './problems';
import { parseCidr, parseIp } from '../../core/private/ip';
import { NETPLAN_MAC as MAC } from '../../platform/private/facts';

/**
 * network-config version 2 as netplan's parser reads it (netplan `src/parse.c` of netplan 0.106,
 * the version Debian 12 and Ubuntu 24.04 ship; the keys of its `ethernet_def_handlers`,
 * `physical_*` and common handlers): unknown keys and wrong value forms are refused, as
 * `netplan generate` refuses them. Rule `cloud-init.network.netplan`; the tests compare every
 * case with `netplan generate`.
 */
const NETWORK_KEYS = new Set(['version', 'renderer', 'ethernets', 'bonds', 'bridges', 'vlans', 'wifis', 'tunnels', 'vrfs', 'modems', 'dummy-devices', 'virtual-ethernets', 'nm-devices']);
const RENDERERS = ['networkd', 'NetworkManager', 'sriov'];
const BOOL_KEYS = [
  'dhcp4', 'dhcp6', 'accept-ra', 'critical', 'ignore-carrier', 'ipv6-privacy', 'optional', 'wakeonlan', 'emit-lldp',
  'receive-checksum-offload', 'transmit-checksum-offload', 'tcp-segmentation-offload', 'tcp6-segmentation-offload',
  'generic-segmentation-offload', 'generic-receive-offload', 'large-receive-offload', 'delay-virtual-functions-rebind',
];
const INT_KEYS = ['mtu', 'ipv6-mtu', 'virtual-function-count'];
const OTHER_KEYS = [
  'renderer', 'match', 'set-name', 'addresses', 'gateway4', 'gateway6', 'nameservers', 'macaddress', 'routes', 'routing-policy',
  'dhcp4-overrides', 'dhcp6-overrides', 'dhcp-identifier', 'link-local', 'ipv6-address-generation', 'ipv6-address-token',
  'optional-addresses', 'activation-mode', 'infiniband-mode', 'embedded-switch-mode', 'openvswitch', 'neigh-suppress',
];
const ETHERNET_KEYS = new Set([...BOOL_KEYS, ...INT_KEYS, ...OTHER_KEYS]);
const MATCH_KEYS = new Set(['name', 'macaddress', 'driver', 'permanentmacaddress']);
const ROUTE_KEYS = new Set(['to', 'via', 'from', 'on-link', 'metric', 'type', 'scope', 'table', 'mtu', 'congestion-window', 'advertised-receive-window']);
const NAMESERVER_KEYS = new Set(['addresses', 'search']);

const isMap = (v: unknown): v is { [key: string]: any } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks `net` (the document under `network:`), version 2. */
export function checkNetplanDocument(net: any, field: string, report: RuleReport): void {
  const rule = 'cloud-init.network.netplan';
  for (const key of Object.keys(net)) {
    if (!NETWORK_KEYS.has(key)) report(rule, `${field}.${key}`, key, 'is not a netplan network key');
  }
  if (net.renderer !== undefined && !RENDERERS.includes(net.renderer)) report(rule, `${field}.renderer`, net.renderer, `must be one of: ${RENDERERS.join(', ')}`);
  if (net.ethernets === undefined) return;
  if (!isMap(net.ethernets)) {
    report(rule, `${field}.ethernets`, net.ethernets, 'must be a mapping of interface ids');
    return;
  }
  for (const [id, eth] of Object.entries<any>(net.ethernets)) {
    const at = `${field}.ethernets.${id}`;
    if (!isMap(eth)) {
      report(rule, at, eth, 'must be a mapping');
      continue;
    }
    for (const key of Object.keys(eth)) {
      if (!ETHERNET_KEYS.has(key)) report(rule, `${at}.${key}`, key, 'is not a netplan ethernet key');
    }
    for (const key of BOOL_KEYS) {
      if (eth[key] !== undefined && typeof eth[key] !== 'boolean') report(rule, `${at}.${key}`, eth[key], 'must be true or false');
    }
    for (const key of INT_KEYS) {
      if (eth[key] !== undefined && (!Number.isInteger(eth[key]) || eth[key] < 0)) report(rule, `${at}.${key}`, eth[key], 'must be a non-negative integer');
    }
    if (eth.match !== undefined) {
      if (!isMap(eth.match)) report(rule, `${at}.match`, eth.match, 'must be a mapping');
      else {
        for (const key of Object.keys(eth.match)) if (!MATCH_KEYS.has(key)) report(rule, `${at}.match.${key}`, key, 'is not a netplan match key');
        for (const key of ['macaddress', 'permanentmacaddress']) {
          if (eth.match[key] !== undefined && !MAC.test(String(eth.match[key]))) report(rule, `${at}.match.${key}`, eth.match[key], 'must be a MAC address such as 52:54:00:12:34:56');
        }
      }
    }
    if (eth['set-name'] !== undefined && eth.match === undefined) report(rule, `${at}.set-name`, eth['set-name'], 'needs match: netplan renames only a matched device');
    if (eth.macaddress !== undefined && !MAC.test(String(eth.macaddress))) report(rule, `${at}.macaddress`, eth.macaddress, 'must be a MAC address such as 52:54:00:12:34:56');
    if (eth.addresses !== undefined && !Array.isArray(eth.addresses)) report(rule, `${at}.addresses`, eth.addresses, 'must be a list of addresses with prefix length');
    (Array.isArray(eth.addresses) ? eth.addresses : []).forEach((a: unknown, i: number) => {
      if (typeof a === 'string' ? !parseCidr(a) : !isMap(a)) report(rule, `${at}.addresses[${i}]`, a, 'must be an address with prefix length, e.g. 10.2.0.21/24');
    });
    for (const key of ['gateway4', 'gateway6']) {
      if (eth[key] !== undefined && !parseIp(String(eth[key]))) report(rule, `${at}.${key}`, eth[key], 'must be an IP address');
    }
    if (eth.routes !== undefined && !Array.isArray(eth.routes)) report(rule, `${at}.routes`, eth.routes, 'must be a list of routes');
    (Array.isArray(eth.routes) ? eth.routes : []).forEach((r: any, i: number) => {
      const rat = `${at}.routes[${i}]`;
      if (!isMap(r)) {
        report(rule, rat, r, 'must be a mapping with to and via');
        return;
      }
      for (const key of Object.keys(r)) if (!ROUTE_KEYS.has(key)) report(rule, `${rat}.${key}`, key, 'is not a netplan route key');
      if (r.to === undefined) report(rule, `${rat}.to`, undefined, 'a route needs to');
      else if (r.to !== 'default' && !parseCidr(String(r.to)) && !parseIp(String(r.to))) report(rule, `${rat}.to`, r.to, 'must be "default", an address or a CIDR');
      if (r.via !== undefined && !parseIp(String(r.via))) report(rule, `${rat}.via`, r.via, 'must be an IP address');
      if (r.metric !== undefined && (!Number.isInteger(r.metric) || r.metric < 0)) report(rule, `${rat}.metric`, r.metric, 'must be a non-negative integer');
      if (r['on-link'] !== undefined && typeof r['on-link'] !== 'boolean') report(rule, `${rat}.on-link`, r['on-link'], 'must be true or false');
    });
    if (eth.nameservers !== undefined) {
      if (!isMap(eth.nameservers)) report(rule, `${at}.nameservers`, eth.nameservers, 'must be a mapping with addresses and search');
      else {
        for (const key of Object.keys(eth.nameservers)) if (!NAMESERVER_KEYS.has(key)) report(rule, `${at}.nameservers.${key}`, key, 'is not a netplan nameservers key');
        (Array.isArray(eth.nameservers.addresses) ? eth.nameservers.addresses : []).forEach((a: unknown, i: number) => {
          if (!parseIp(String(a))) report(rule, `${at}.nameservers.addresses[${i}]`, a, 'must be an IP address');
        });
      }
    }
  }
}

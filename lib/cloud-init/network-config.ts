import { IConstruct } from 'constructs';
import { renderYaml } from '../core/private/config-yaml';
import { invalid, problem } from '../core/private/errors';
import { canonicalIp, parseCidr, parseIp, subnetContains } from '../core/private/ip';
import { NETPLAN_MAC } from '../platform/private/facts';

/** Selects a guest interface by its properties rather than by its name. */
export interface InterfaceMatch {
  /** MAC address. @default - any */
  readonly macAddress?: string;
  /** Kernel name, globs allowed (`en*`). @default - any */
  readonly name?: string;
  /** Kernel driver, e.g. `virtio_net`. @default - any */
  readonly driver?: string;
}

/** A static route. */
export interface NetworkRoute {
  /** Destination CIDR, or `default`. */
  readonly to: string;
  /** Next hop address. */
  readonly via: string;
  /** Route metric. @default - netplan's default */
  readonly metric?: number;
}

/** One ethernet interface (netplan `ethernets.<id>`). */
export interface EthernetOptions {
  /** Match the device by properties; the id is then only a label. @default - the id is the kernel name */
  readonly match?: InterfaceMatch;
  /** Rename the matched device. Needs `match`. @default - keep the kernel name */
  readonly setName?: string;
  /** DHCP for IPv4. @default false */
  readonly dhcp4?: boolean;
  /** DHCP for IPv6. @default false */
  readonly dhcp6?: boolean;
  /** Static addresses in CIDR notation (`10.2.0.21/24`). @default - none */
  readonly addresses?: string[];
  /** Default gateway: rendered as a default route (not the deprecated `gateway4`). @default - none */
  readonly gateway?: string;
  /** Further routes. @default - none */
  readonly routes?: NetworkRoute[];
  /** DNS servers. @default - none */
  readonly nameservers?: string[];
  /** DNS search domains. @default - none */
  readonly searchDomains?: string[];
  /** MTU in bytes. @default - the link's default */
  readonly mtu?: number;
}

/** Options of `NetworkConfig.staticAddress`. */
export interface StaticAddressOptions {
  /** The address with its prefix length, e.g. `10.2.0.21/24`. */
  readonly address: string;
  /** The default gateway. @default - none (link-local only) */
  readonly gateway?: string;
  /** DNS servers. @default - none */
  readonly nameservers?: string[];
  /** DNS search domains. @default - none */
  readonly searchDomains?: string[];
  /** The guest interface. @default NetworkConfig.DEFAULT_INTERFACE */
  readonly interfaceName?: string;
}

const IFACE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

/**
 * A network-config version 2 (netplan-shaped), as cloud-init's NoCloud source reads it from
 * the `networkdata` key. Validated when a CloudInitSecret takes it.
 */
export class NetworkConfig {
  /** The first virtio NIC of a q35 Harvester VM as systemd names it. */
  public static readonly DEFAULT_INTERFACE = 'enp1s0';

  /** DHCP for IPv4 on one interface. */
  public static dhcp(interfaceName: string = NetworkConfig.DEFAULT_INTERFACE): NetworkConfig {
    return new NetworkConfig().addEthernet(interfaceName, { dhcp4: true });
  }

  /** One static address, with an optional gateway (as a default route) and DNS servers. */
  public static staticAddress(options: StaticAddressOptions): NetworkConfig {
    return new NetworkConfig().addEthernet(options.interfaceName ?? NetworkConfig.DEFAULT_INTERFACE, {
      addresses: [options.address],
      gateway: options.gateway,
      nameservers: options.nameservers,
      searchDomains: options.searchDomains,
    });
  }

  private readonly ethernets = new Map<string, EthernetOptions>();
  private readonly extraRoutes: Array<{ iface: string; route: NetworkRoute }> = [];
  private revision = 0;
  private validatedRevision = -1;

  /** Adds an interface. */
  public addEthernet(id: string, options: EthernetOptions): NetworkConfig {
    this.ethernets.set(id, { ...options });
    this.revision++;
    return this;
  }

  /** Adds a route to an interface added before. */
  public addRoute(interfaceId: string, route: NetworkRoute): NetworkConfig {
    this.extraRoutes.push({ iface: interfaceId, route });
    this.revision++;
    return this;
  }

  /** The interface ids. */
  public get interfaceIds(): string[] {
    return [...this.ethernets.keys()];
  }

  /**
   * Throws the first problem, naming `owner`'s path and the field. Runs once per change: a
   * CloudInitSecret checks at construction and again at synth, when it costs nothing unless the
   * config was changed in between. @internal
   */
  public _validate(owner: IConstruct): void {
    if (this.validatedRevision === this.revision) return;
    if (this.ethernets.size === 0) throw problem(owner, 'networkConfig.ethernets', 'at least one interface is required');
    for (const [id, eth] of this.ethernets) this.validateEthernet(owner, id, eth);
    this.extraRoutes.forEach(({ iface, route }, i) => {
      const eth = this.ethernets.get(iface);
      if (!eth) {
        throw invalid(owner, `networkConfig.routes[${i}].interface`, iface, `an interface of this config (${this.interfaceIds.join(', ')})`);
      }
      checkRoute(owner, `networkConfig.routes[${i}]`, route);
    });
    this.validatedRevision = this.revision;
  }

  /** The netplan document as a plain object. */
  public toObject(): any {
    const ethernets: { [key: string]: any } = {};
    for (const id of [...this.ethernets.keys()].sort()) {
      const routes = this.extraRoutes.filter((r) => r.iface === id).map((r) => r.route);
      ethernets[id] = renderEthernet(this.ethernets.get(id)!, routes);
    }
    return { network: { version: 2, ethernets } };
  }

  /** The network data as written to the Secret. */
  public render(): string {
    return renderYaml(this.toObject());
  }

  private validateEthernet(owner: IConstruct, id: string, eth: EthernetOptions): void {
    const at = `networkConfig.ethernets.${id}`;
    if (!IFACE.test(id)) throw invalid(owner, `networkConfig.ethernets`, id, 'an interface id of 1–15 characters: letters, digits, "_", "." and "-"');
    if (eth.match?.macAddress !== undefined && !NETPLAN_MAC.test(eth.match.macAddress)) {
      throw invalid(owner, `${at}.match.macAddress`, eth.match.macAddress, 'a MAC address such as 52:54:00:12:34:56');
    }
    if (eth.setName !== undefined) {
      if (!eth.match) throw problem(owner, `${at}.setName`, 'needs match (a device must be selected before it can be renamed)');
      if (!IFACE.test(eth.setName)) throw invalid(owner, `${at}.setName`, eth.setName, 'an interface name of 1–15 characters');
    }
    const cidrs = (eth.addresses ?? []).map((a, i) => {
      const cidr = parseCidr(a);
      if (!cidr) throw invalid(owner, `${at}.addresses[${i}]`, a, 'an address with prefix length, e.g. 10.2.0.21/24 or 2001:db8::5/64');
      return cidr;
    });
    if (!eth.dhcp4 && !eth.dhcp6 && cidrs.length === 0) {
      throw problem(owner, at, 'needs dhcp4, dhcp6 or at least one static address');
    }
    if (eth.gateway !== undefined) {
      const gw = parseIp(eth.gateway);
      if (!gw) throw invalid(owner, `${at}.gateway`, eth.gateway, 'an IPv4 or IPv6 address');
      if (cidrs.some((c) => c.address.value === gw.value && c.address.family === gw.family)) {
        throw invalid(owner, `${at}.gateway`, eth.gateway, 'an address other than the interface\'s own');
      }
      if (cidrs.length > 0 && !cidrs.some((c) => subnetContains(c, gw))) {
        throw invalid(owner, `${at}.gateway`, eth.gateway, `an address inside the subnet of ${eth.addresses!.join(', ')}`);
      }
    }
    (eth.routes ?? []).forEach((r, i) => checkRoute(owner, `${at}.routes[${i}]`, r));
    (eth.nameservers ?? []).forEach((ns, i) => {
      if (!parseIp(ns)) throw invalid(owner, `${at}.nameservers[${i}]`, ns, 'an IPv4 or IPv6 address');
    });
    if (eth.mtu !== undefined && (!Number.isInteger(eth.mtu) || eth.mtu < 576 || eth.mtu > 9216)) {
      throw invalid(owner, `${at}.mtu`, eth.mtu, 'an integer from 576 to 9216');
    }
  }
}

function checkRoute(owner: IConstruct, at: string, route: NetworkRoute): void {
  if (route.to !== 'default' && !parseCidr(route.to)) {
    throw invalid(owner, `${at}.to`, route.to, '"default" or a destination CIDR');
  }
  if (!parseIp(route.via)) throw invalid(owner, `${at}.via`, route.via, 'an IPv4 or IPv6 address');
}

function renderRoute(route: NetworkRoute): { [key: string]: any } {
  const out: { [key: string]: any } = { to: route.to, via: canonicalIp(route.via) };
  if (route.metric !== undefined) out.metric = route.metric;
  return out;
}

function renderEthernet(eth: EthernetOptions, extraRoutes: NetworkRoute[]): { [key: string]: any } {
  const out: { [key: string]: any } = {};
  if (eth.match) {
    const match: { [key: string]: string } = {};
    if (eth.match.macAddress) match.macaddress = eth.match.macAddress.toLowerCase();
    if (eth.match.name) match.name = eth.match.name;
    if (eth.match.driver) match.driver = eth.match.driver;
    out.match = match;
  }
  if (eth.setName) out['set-name'] = eth.setName;
  out.dhcp4 = eth.dhcp4 ?? false;
  if (eth.dhcp6 !== undefined) out.dhcp6 = eth.dhcp6;
  if (eth.addresses?.length) out.addresses = [...eth.addresses];
  const routes = [
    ...(eth.gateway ? [{ to: 'default', via: eth.gateway }] : []),
    ...(eth.routes ?? []),
    ...extraRoutes,
  ];
  if (routes.length) out.routes = routes.map(renderRoute);
  if (eth.nameservers?.length || eth.searchDomains?.length) {
    out.nameservers = {};
    if (eth.nameservers?.length) out.nameservers.addresses = [...eth.nameservers];
    if (eth.searchDomains?.length) out.nameservers.search = [...eth.searchDomains];
  }
  if (eth.mtu !== undefined) out.mtu = eth.mtu;
  return out;
}

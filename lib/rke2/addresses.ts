import { IConstruct } from 'constructs';
import { NodeSubnetOptions } from './node-subnet';
import { ResolvedAddresses, checkSubnet } from './private/subnet';
import { NetworkConfig } from '../cloud-init/network-config';
import { invalid, problem } from '../core/private/errors';
import { IpAddress, addToIp, formatIp, isReservedInSubnet, parseIp, subnetContains } from '../core/private/ip';

/** Options of `NodeAddresses.list` and `NodeAddresses.countFrom`. */
export interface StaticNodeAddressOptions {
  /** The subnet, gateway and DNS. @default - the cluster endpoint's subnet and gateway */
  readonly subnet?: NodeSubnetOptions;
  /** The guest interface. @default NetworkConfig.DEFAULT_INTERFACE */
  readonly interfaceName?: string;
}

/** How the nodes of a pool get their addresses. */
export class NodeAddresses {
  /** DHCP on the VM network. */
  public static dhcp(interfaceName?: string): NodeAddresses {
    return new NodeAddresses('dhcp', [], undefined, { interfaceName });
  }

  /** One address per node, in node order. */
  public static list(addresses: string[], options: StaticNodeAddressOptions = {}): NodeAddresses {
    return new NodeAddresses('list', [...addresses], undefined, options);
  }

  /** Node i gets `first` + i. */
  public static countFrom(first: string, options: StaticNodeAddressOptions = {}): NodeAddresses {
    return new NodeAddresses('count', [], first, options);
  }

  private constructor(
    private readonly mode: 'dhcp' | 'list' | 'count',
    private readonly addresses: string[],
    private readonly first: string | undefined,
    /** Options. */
    public readonly options: StaticNodeAddressOptions,
  ) {}

  /** True for DHCP. */
  public get isDhcp(): boolean {
    return this.mode === 'dhcp';
  }

  /**
   * The address of each of `replicas` nodes (undefined for DHCP), checked against the subnet:
   * inside it, not its network or broadcast address, not the gateway. @internal
   */
  public _resolve(scope: IConstruct, field: string, replicas: number, fallback?: NodeSubnetOptions): ResolvedAddresses {
    if (this.mode === 'dhcp') return { addresses: new Array(replicas).fill(undefined) };
    const subnet = this.options.subnet ?? fallback;
    if (!subnet) throw problem(scope, `${field}.subnet`, 'static addresses need a subnet and gateway');
    const net = checkSubnet(scope, `${field}.subnet`, subnet);
    let ips: IpAddress[];
    if (this.mode === 'list') {
      if (this.addresses.length < replicas) {
        throw invalid(scope, field, this.addresses, `at least ${replicas} addresses (one per replica)`);
      }
      ips = this.addresses.slice(0, replicas).map((a, i) => {
        const ip = parseIp(a);
        if (!ip) throw invalid(scope, `${field}[${i}]`, a, 'an IPv4 or IPv6 address without prefix');
        return ip;
      });
    } else {
      const first = parseIp(this.first!);
      if (!first) throw invalid(scope, `${field}.first`, this.first, 'an IPv4 or IPv6 address without prefix');
      ips = Array.from({ length: replicas }, (_, i) => addToIp(first, i));
    }
    ips.forEach((ip, i) => {
      const text = formatIp(ip);
      if (!subnetContains(net.cidr, ip) || isReservedInSubnet(net.cidr, ip)) {
        throw invalid(scope, `${field}[${i}]`, text, `a host address inside ${subnet.subnet}`);
      }
      if (ip.value === net.gateway.value) throw invalid(scope, `${field}[${i}]`, text, `an address other than the gateway ${subnet.gateway}`);
    });
    return { addresses: ips.map(formatIp), subnet, prefix: net.cidr.prefix };
  }

  /** The network config of one node. @internal */
  public _networkConfig(resolved: ResolvedAddresses, index: number): NetworkConfig {
    const address = resolved.addresses[index];
    if (address === undefined || !resolved.subnet) return NetworkConfig.dhcp(this.options.interfaceName);
    return NetworkConfig.staticAddress({
      interfaceName: this.options.interfaceName,
      address: `${address}/${resolved.prefix}`,
      gateway: resolved.subnet.gateway,
      nameservers: resolved.subnet.nameservers ?? [resolved.subnet.gateway],
      searchDomains: resolved.subnet.searchDomains,
    });
  }
}

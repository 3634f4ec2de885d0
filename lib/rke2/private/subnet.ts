import { IConstruct } from 'constructs';
import { invalid } from '../../core/private/errors';
import { Cidr, IpAddress, parseCidr, parseIp, subnetContains } from '../../core/private/ip';
import { NodeSubnetOptions } from '../node-subnet';

/** Addresses of a pool's nodes. */
export interface ResolvedAddresses {
  /** Per node: the address, or undefined for DHCP. */
  readonly addresses: Array<string | undefined>;
  /** The subnet of static addresses. */
  readonly subnet?: NodeSubnetOptions;
  /** Its prefix length. */
  readonly prefix?: number;
}

/** Parses and checks a subnet with its gateway. */
export function checkSubnet(scope: IConstruct, field: string, subnet: NodeSubnetOptions): { cidr: Cidr; gateway: IpAddress } {
  const cidr = parseCidr(subnet.subnet);
  if (!cidr) throw invalid(scope, `${field}.subnet`, subnet.subnet, 'a subnet in CIDR notation, e.g. 10.2.0.0/24');
  const gateway = parseIp(subnet.gateway);
  if (!gateway || !subnetContains(cidr, gateway)) {
    throw invalid(scope, `${field}.gateway`, subnet.gateway, `an address inside ${subnet.subnet}`);
  }
  (subnet.nameservers ?? []).forEach((ns, i) => {
    if (!parseIp(ns)) throw invalid(scope, `${field}.nameservers[${i}]`, ns, 'an IPv4 or IPv6 address');
  });
  return { cidr, gateway };
}

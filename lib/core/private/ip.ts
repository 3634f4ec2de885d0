import { isIPv4, isIPv6 } from 'node:net';

/** An IPv4 or IPv6 address as a number, for subnet arithmetic. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

function parseV6(text: string): bigint {
  let body = text;
  // a trailing dotted quad (::ffff:10.0.0.1) stands for the last two groups
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (quad) {
    const v4 = parseV4(quad[1]);
    body = body.slice(0, -quad[1].length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = body.includes('::') ? body.split('::') : [body, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...fill, ...tailGroups].reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function parseV4(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

/** Parses an address; undefined when it is neither a valid IPv4 nor IPv6 address. */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { family: 4, value: parseV4(text) };
  if (isIPv6(text)) return { family: 6, value: parseV6(text) };
  return undefined;
}

/** Formats an address number back to text (IPv6 in its shortest form). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => ((ip.value >> s) & 0xffn).toString()).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => (ip.value >> BigInt(112 - 16 * i)) & 0xffffn);
  // longest run of zero groups (length ≥ 2) becomes '::'
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0n) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > best.len && j - i >= 2) best = { start: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.len).join(':')}`;
}

function bits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** An address with a prefix length, as written in `10.2.0.21/24`. */
export interface Cidr {
  readonly address: IpAddress;
  readonly prefix: number;
}

/** Parses `address/prefix`; undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const address = parseIp(match[1]);
  const prefix = Number(match[2]);
  if (!address || prefix > bits(address.family)) return undefined;
  return { address, prefix };
}

function mask(cidr: Cidr): bigint {
  const width = BigInt(bits(cidr.address.family));
  const host = width - BigInt(cidr.prefix);
  return ((1n << width) - 1n) ^ ((1n << host) - 1n);
}

/** The network address of a CIDR. */
export function networkOf(cidr: Cidr): IpAddress {
  return { family: cidr.address.family, value: cidr.address.value & mask(cidr) };
}

/** True when `ip` lies inside the subnet of `cidr`. */
export function subnetContains(cidr: Cidr, ip: IpAddress): boolean {
  return ip.family === cidr.address.family && (ip.value & mask(cidr)) === networkOf(cidr).value;
}

/** True when `ip` is the network or (IPv4) broadcast address of the subnet. */
export function isReservedInSubnet(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.address.family === 4 && cidr.prefix >= 31) return false;
  const net = networkOf(cidr).value;
  if (ip.value === net) return true;
  return ip.family === 4 && ip.value === (net | ~mask(cidr) & 0xffffffffn);
}

/** `ip` plus `n`. */
export function addToIp(ip: IpAddress, n: number): IpAddress {
  return { family: ip.family, value: ip.value + BigInt(n) };
}

/** Canonical text of an address (IPv6 compressed, IPv4 as is), for comparing addresses. */
export function canonicalIp(text: string): string | undefined {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : undefined;
}

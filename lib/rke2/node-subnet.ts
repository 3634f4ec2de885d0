/** The node subnet: where static node addresses live. */
export interface NodeSubnetOptions {
  /** The subnet in CIDR notation, e.g. `10.2.0.0/24`. */
  readonly subnet: string;
  /** The default gateway. */
  readonly gateway: string;
  /** DNS servers. @default - the gateway */
  readonly nameservers?: string[];
  /** DNS search domains. @default - none */
  readonly searchDomains?: string[];
}

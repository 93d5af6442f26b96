import { BlockList, isIP } from "node:net";

export interface Cidr {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** "10.0.0.0/8", "2001:db8::/32" or a bare address (a range of one); undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const [rawAddress, rawPrefix, ...rest] = text.trim().split("/");
  if (rest.length > 0 || !rawAddress) return undefined;
  const address = unmapped(rawAddress);
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  if (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix)) return undefined;
  const prefix = rawPrefix === undefined ? max : Number(rawPrefix);
  if (prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** An IPv4 address written as IPv6 ("::ffff:127.0.0.1", as dual-stack sockets report it), as IPv4. */
export function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
}

/** A set of CIDR ranges, IPv4 and IPv6, checked with Node's own BlockList. */
export class CidrList {
  private readonly list = new BlockList();
  readonly ranges: readonly string[];

  constructor(ranges: readonly string[]) {
    this.ranges = ranges;
    for (const range of ranges) {
      const cidr = parseCidr(range);
      if (!cidr) throw new TypeError(`not a CIDR range: ${range}`);
      this.list.addSubnet(cidr.address, cidr.prefix, cidr.family);
    }
  }

  /** True when the address is in one of the ranges; false for a malformed or absent one. */
  has(address: string | undefined): boolean {
    if (!address) return false;
    const plain = unmapped(address.trim());
    const version = isIP(plain);
    if (version === 0) return false;
    return this.list.check(plain, version === 4 ? "ipv4" : "ipv6");
  }
}

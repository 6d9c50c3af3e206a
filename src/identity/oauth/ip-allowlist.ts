import ipaddr from 'ipaddr.js'

/**
 * Egress IP allowlists of API connections (seed 003): IPv4 and IPv6 CIDRs, or bare addresses (a
 * /32 or /128). Entries are stored in canonical form, the network address and its prefix.
 */
export function parseAllowlist(entries: readonly string[]): { cidrs: string[]; invalid: string[] } {
  const cidrs: string[] = []
  const invalid: string[] = []
  for (const entry of entries.map((e) => e.trim()).filter((e) => e !== '')) {
    const cidr = canonicalCidr(entry)
    if (cidr === undefined) invalid.push(entry)
    else if (!cidrs.includes(cidr)) cidrs.push(cidr)
  }
  return { cidrs, invalid }
}

/**
 * Whether `address` (as Node reports it; IPv4-mapped IPv6 counts as IPv4) lies in one of the
 * CIDRs. An unknown address is never allowed.
 */
export function isAddressAllowed(cidrs: readonly string[], address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false
  const parsed = ipaddr.process(address)
  return cidrs.some((cidr) => {
    const [range, bits] = ipaddr.parseCIDR(cidr)
    return parsed.kind() === range.kind() && parsed.match(range, bits)
  })
}

function canonicalCidr(entry: string): string | undefined {
  const [address = '', prefixText, extra] = entry.split('/')
  if (extra !== undefined) return undefined
  // Only dotted quads: ipaddr.js also reads `10` or `0x0a.1` as IPv4, which nobody means here.
  const kind = ipaddr.IPv4.isValidFourPartDecimal(address)
    ? 'ipv4'
    : ipaddr.IPv6.isValid(address)
      ? 'ipv6'
      : undefined
  if (!kind) return undefined
  const max = kind === 'ipv4' ? 32 : 128
  const prefix = prefixText === undefined ? max : Number(prefixText)
  if (!/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) return undefined
  const network =
    kind === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`)
  return `${network.toString()}/${prefix}`
}

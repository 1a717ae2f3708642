/**
 * Why an IP address must not receive a webhook, or null for a public one. Web APIs only, so the
 * Worker checks literal addresses with the same table Node checks every resolved one with.
 * Written out rather than taken from a library: the Worker bundle has a size budget (ipaddr.js
 * alone would take a sixth of it), and the table is short; a test checks it against Node's
 * `net.BlockList` built from the same ranges.
 */
export function blockedAddress(address: string): string | null {
  const text = address.replace(/^\[|\]$/g, '').toLowerCase()
  const v4 = ipv4(text)
  if (v4 !== null) return blockedV4(v4)
  const v6 = ipv6(text)
  if (v6 === null) return null
  const embedded = (((v6[6] as number) << 16) | (v6[7] as number)) >>> 0
  const zeros = v6.slice(0, 5).every((g) => g === 0)
  if (zeros && v6[5] === 0 && embedded <= 1) return embedded === 1 ? 'loopback' : 'unspecified'
  // IPv4 in IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d).
  if ((zeros && (v6[5] === 0xffff || v6[5] === 0)) || isNat64(v6)) return blockedV4(embedded)
  for (const [prefix, bits, why] of V6_RANGES) if (within(v6, prefix, bits)) return why
  return null
}

/** IPv4 ranges not on the public internet: [first address, prefix length, why]. */
const V4_RANGES: readonly (readonly [number, number, string])[] = [
  [0x00000000, 8, 'this-network (0.0.0.0/8)'],
  [0x0a000000, 8, 'private (10.0.0.0/8)'],
  [0x64400000, 10, 'carrier-grade NAT (100.64.0.0/10)'],
  [0x7f000000, 8, 'loopback'],
  [0xa9fea9fe, 32, 'cloud metadata (169.254.169.254)'],
  [0xa9fe0000, 16, 'link-local (169.254.0.0/16)'],
  [0xac100000, 12, 'private (172.16.0.0/12)'],
  [0xc0000000, 24, 'IETF protocol assignments (192.0.0.0/24)'],
  [0xc0000200, 24, 'documentation (192.0.2.0/24)'],
  [0xc0a80000, 16, 'private (192.168.0.0/16)'],
  [0xc6120000, 15, 'benchmarking (198.18.0.0/15)'],
  [0xc6336400, 24, 'documentation (198.51.100.0/24)'],
  [0xcb007100, 24, 'documentation (203.0.113.0/24)'],
  [0xe0000000, 4, 'multicast (224.0.0.0/4)'],
  [0xf0000000, 4, 'reserved (240.0.0.0/4)'],
]

/** IPv6 ranges not on the public internet, as 8 groups, prefix length, why. */
const V6_RANGES: readonly (readonly [number[], number, string])[] = [
  [[0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254], 128, 'cloud metadata (fd00:ec2::254)'],
  [[0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, 'unique local (fc00::/7)'],
  [[0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, 'link-local (fe80::/10)'],
  [[0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, 'site-local (fec0::/10)'],
  [[0xff00, 0, 0, 0, 0, 0, 0, 0], 8, 'multicast (ff00::/8)'],
  [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, 'documentation (2001:db8::/32)'],
  [[0x0100, 0, 0, 0, 0, 0, 0, 0], 64, 'discard (100::/64)'],
]

function blockedV4(address: number): string | null {
  for (const [first, bits, why] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0
    if ((address & mask) >>> 0 === first) return why
  }
  return null
}

const isNat64 = (g: number[]) =>
  g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)

function within(groups: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff
    if (((groups[i] as number) & mask) !== ((prefix[i] as number) & mask)) return false
  }
  return true
}

/** A dotted-quad IPv4 address as a number, or null. */
function ipv4(text: string): number | null {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    return null
  return parts.reduce((n, p) => n * 256 + Number(p), 0)
}

/** An IPv6 address (`::` shorthand and a trailing dotted quad allowed) as 8 groups, or null. */
function ipv6(text: string): number[] | null {
  if (!text.includes(':') || /[^0-9a-f:.]/.test(text)) return null
  let body = text
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(body)
  if (quad) {
    const v4 = ipv4(quad[1] as string)
    if (v4 === null) return null
    body = `${body.slice(0, -(quad[1] as string).length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`
  }
  const halves = body.split('::')
  if (halves.length > 2) return null
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const head = groups(halves[0] as string)
  const tail = halves.length === 2 ? groups(halves[1] as string) : []
  const fill = 8 - head.length - tail.length
  if (
    (halves.length === 2 ? fill < 1 : fill !== 0) ||
    ![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/.test(g))
  )
    return null
  return [...head, ...Array(fill).fill('0'), ...tail].map((g) => Number.parseInt(g, 16))
}

import { blockedAddress } from './blocked-address.js'

/** What a gateway lets a webhook URL be. */
export interface WebhookUrlPolicy {
  /** Only `https` (production). */
  httpsOnly: boolean
  /** Loopback hosts are allowed (demo mode: the README's local receiver). */
  allowLoopback: boolean
  /** Hostnames that skip the address checks (`DARKROOM_WEBHOOK_ALLOW_HOSTS`). */
  allowHosts: readonly string[]
}

/** Names that always mean this machine or its network, whatever DNS says. */
const LOCAL_NAME = /(^|\.)(localhost|localdomain|local|internal|home\.arpa)$/

/**
 * Why a webhook URL is refused before any DNS lookup, or null: the scheme, a literal address in
 * a range no webhook may reach (see `blockedAddress`), a local name. On Workers this is the whole
 * check (no DNS API; Cloudflare's `fetch` does not reach private networks); on Node every
 * resolved address is checked too (`node-webhooks.ts`).
 */
export function webhookUrlRefusal(text: string, policy: WebhookUrlPolicy): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'it is not an absolute URL'
  }
  if (url.protocol !== 'https:' && (url.protocol !== 'http:' || policy.httpsOnly))
    return policy.httpsOnly ? 'it must use https' : 'it must use http or https'
  if (url.username || url.password) return 'it must not carry a user or password'
  const host = url.hostname.toLowerCase()
  if (policy.allowHosts.includes(host)) return null
  const why = blockedAddress(host)
  if (why === 'loopback' && policy.allowLoopback) return null
  if (why) return `its host ${host} is a ${why} address, which webhooks may not reach`
  if (LOCAL_NAME.test(host.replace(/\.$/, ''))) {
    if (policy.allowLoopback && /(^|\.)localhost\.?$/.test(host)) return null
    return `its host ${host} is a local name, which webhooks may not reach`
  }
  return null
}

// Node runtime only: webhook URLs checked against every address their host resolves to, and a
// `fetch` whose connections go only to an address that passed the same check, looked up once per
// connection (so DNS rebinding cannot swap a checked address for a private one in between).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP } from 'node:net'
import { Agent, fetch as undiciFetch } from 'undici'
import { blockedAddress } from '../security/blocked-address.js'
import { type WebhookUrlPolicy, webhookUrlRefusal } from '../security/webhook-url.js'

/** Resolves a hostname to every address it has (`dns.lookup` with `all`). */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>

const systemResolve: ResolveAll = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  )

/** Webhook URL checks and the DNS-pinned `fetch` deliveries go through. */
export interface NodeWebhookGuard {
  /** Why the URL is refused (its scheme, a literal, any resolved address), or null. */
  checkUrl(url: string): Promise<string | null>
  /** Sends a delivery; a connection to a refused address fails before a byte is sent. */
  fetch: typeof fetch
  /** Closes the delivery sockets. */
  close(): Promise<void>
}

/** The error a connection to a refused address fails with (a network error to the dispatcher). */
function refusedAddress(hostname: string, address: string, why: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `webhook host ${hostname} resolved to ${address}, a ${why} address; not connecting`,
  )
  error.code = 'EWEBHOOKADDRESS'
  return error
}

/**
 * The Node gateway's webhook safety: {@link webhookUrlRefusal} on the URL, then every address its
 * host resolves to through {@link blockedAddress} (loopback allowed where the policy allows it,
 * an allowed host skipping the address checks). `resolve` is injectable for tests.
 */
export function nodeWebhookGuard(
  policy: WebhookUrlPolicy,
  resolve: ResolveAll = systemResolve,
): NodeWebhookGuard {
  const allowed = (hostname: string) => policy.allowHosts.includes(hostname.toLowerCase())
  const refusal = (address: string) => {
    const why = blockedAddress(address)
    return why === 'loopback' && policy.allowLoopback ? null : why
  }
  const agent = new Agent({
    keepAliveTimeout: 5_000,
    connect: {
      // Net's lookup hook: the addresses of this one connection, each checked.
      lookup(hostname, options, callback) {
        resolve(hostname).then(
          (addresses) => {
            const bad = allowed(hostname)
              ? undefined
              : addresses.find((a) => refusal(a.address) !== null)
            if (bad) {
              callback(refusedAddress(hostname, bad.address, refusal(bad.address) as string), '', 0)
              return
            }
            if ((options as { all?: boolean }).all) {
              ;(callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
            } else {
              const first = addresses[0] as LookupAddress
              callback(null, first.address, first.family)
            }
          },
          (error: NodeJS.ErrnoException) => callback(error, '', 0),
        )
      },
    },
  })
  return {
    async checkUrl(url) {
      const literal = webhookUrlRefusal(url, policy)
      if (literal !== null) return literal
      const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '')
      if (allowed(hostname) || isIP(hostname) !== 0) return null
      let addresses: LookupAddress[]
      try {
        addresses = await resolve(hostname)
      } catch {
        // Not resolvable now: the delivery's attempts fail as network errors and are retried.
        return null
      }
      for (const { address } of addresses) {
        const why = refusal(address)
        if (why)
          return `its host ${hostname} resolves to ${address}, a ${why} address, which webhooks may not reach`
      }
      return null
    },
    fetch: ((input: string, init: RequestInit) =>
      undiciFetch(input, {
        ...(init as object),
        dispatcher: agent,
      } as never)) as unknown as typeof fetch,
    close: () => agent.close(),
  }
}

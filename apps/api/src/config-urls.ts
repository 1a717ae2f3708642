import { ConfigError } from './config-values.js'

/** A host the gateway may be called by: a hostname, and its port when only that one is meant. */
export interface AllowedHost {
  /** Lower case; an IPv6 address in brackets, as `URL.hostname` writes it. */
  hostname: string
  /** The only port allowed; null for any. */
  port: number | null
}

function url(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

/** `DARKROOM_CORS_ORIGINS`: `*`, or origins like `https://app.example.com`. */
export function parseOrigins(raw: string | undefined): string[] | '*' {
  const value = raw?.trim()
  if (!value) return []
  if (value === '*') return '*'
  return value.split(',').map((origin) => {
    const o = origin.trim()
    const parsed = url(o)
    if (!parsed || parsed.origin !== o.replace(/\/$/, '')) {
      throw new ConfigError(
        `DARKROOM_CORS_ORIGINS has "${o}", which is not an origin like https://app.example.com (or use *).`,
      )
    }
    return parsed.origin
  })
}

/**
 * `DARKROOM_PUBLIC_URL`: where callers reach the gateway, e.g. `https://api.example.com` or
 * `https://example.com/darkroom` behind a proxy. Image URLs and `Location` start with it. An
 * absolute http(s) URL with no credentials, query or fragment; trailing slashes are dropped.
 */
export function parsePublicUrl(raw: string | undefined): string | null {
  const value = raw?.trim()
  if (!value) return null
  const parsed = url(value)
  if (
    !parsed ||
    (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
    parsed.username ||
    parsed.password ||
    parsed.search ||
    parsed.hash ||
    value.includes('?') ||
    value.includes('#')
  ) {
    throw new ConfigError(
      `DARKROOM_PUBLIC_URL is "${value}", which is not an absolute http(s) URL without credentials, query or fragment; use e.g. https://api.example.com or https://example.com/darkroom.`,
    )
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`
}

/**
 * `DARKROOM_ALLOWED_HOSTS`: the hosts (`api.example.com`, `10.0.0.2:8787`, `[::1]:8787`) whose
 * `Host` header the gateway trusts to build absolute URLs when `DARKROOM_PUBLIC_URL` is not set.
 * A host without a port is allowed on any port.
 */
export function parseAllowedHosts(raw: string | undefined): AllowedHost[] {
  const value = raw?.trim()
  if (!value) return []
  return value.split(',').map((entry) => {
    const host = entry.trim().toLowerCase()
    const parsed = /^[^\s/?#@\\]+$/.test(host) ? url(`http://${host}`) : null
    const port = /:(\d{1,5})$/.exec(host)?.[1]
    if (parsed?.pathname !== '/' || (host.includes(':') && !port && !host.endsWith(']'))) {
      throw new ConfigError(
        `DARKROOM_ALLOWED_HOSTS has "${entry.trim()}", which is not a host like api.example.com or 10.0.0.2:8787 (no scheme, no path); separate hosts with commas.`,
      )
    }
    return { hostname: parsed.hostname, port: port === undefined ? null : Number(port) }
  })
}

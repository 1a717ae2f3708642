import type { Context } from 'hono'
import type { AllowedHost } from '../config-urls.js'
import type { AppContext } from './context.js'

/**
 * How the gateway's own URLs in an answer begin (image URLs): `DARKROOM_PUBLIC_URL` when set;
 * else the request's origin, but only when its host is trusted — one of `DARKROOM_ALLOWED_HOSTS`
 * or an address the server itself listens on; else nothing, and the URLs are paths relative to
 * the gateway. A `Host` header alone never decides where callers are sent.
 */
export function publicBase(c: Context, app: AppContext): string {
  const { publicUrl, allowedHosts } = app.deps.config
  if (publicUrl) return publicUrl
  const url = new URL(c.req.url)
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const trusted = (host: AllowedHost) =>
    host.hostname === url.hostname && (host.port === null || host.port === port)
  const own = app.deps.ownHosts?.() ?? []
  return allowedHosts.some(trusted) || own.some(trusted) ? url.origin : ''
}

/** The `Location` of a job: under `DARKROOM_PUBLIC_URL` when set, else relative to the gateway. */
export function jobLocation(app: AppContext, token: string): string {
  return `${app.deps.config.publicUrl ?? ''}/v1/jobs/${token}`
}

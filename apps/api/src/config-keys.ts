import { ConfigError } from './config-values.js'
import type { ApiKey } from './security/api-keys.js'

/** The key every demo gateway accepts, besides any configured ones. */
export const DEMO_KEY: ApiKey = { name: 'demo', secret: 'demo' }

/**
 * `DARKROOM_API_KEYS` as `name:secret,...`. Refuses what would start but could never
 * authenticate anyone as intended: a malformed entry, a name given twice, a secret with whitespace
 * (a bearer token cannot carry it), and one secret shared by two keys (the gateway could not tell
 * the callers apart, and each would read the other's jobs). Messages name keys, never secrets.
 */
export function parseApiKeys(raw: string | undefined, production: boolean): ApiKey[] {
  if (!raw?.trim()) return []
  const keys: ApiKey[] = []
  raw.split(',').forEach((entry, i) => {
    const trimmed = entry.trim()
    const colon = trimmed.indexOf(':')
    const name = colon > 0 ? trimmed.slice(0, colon) : ''
    const secret = colon > 0 ? trimmed.slice(colon + 1) : ''
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name) || secret.length === 0) {
      throw new ConfigError(
        `DARKROOM_API_KEYS entry ${i + 1} is not "name:secret" (name of letters, digits, . _ -): use e.g. DARKROOM_API_KEYS=web:<secret>,batch:<secret>.`,
      )
    }
    if (/\s/.test(secret)) {
      throw new ConfigError(
        `DARKROOM_API_KEYS entry ${i + 1} ("${name}") has whitespace in its secret, which no "Authorization: Bearer" header can carry; use a secret without spaces (e.g. \`openssl rand -base64 32\`).`,
      )
    }
    if (production && secret.length < 16) {
      throw new ConfigError(
        `DARKROOM_API_KEYS entry ${i + 1} ("${name}") has a secret shorter than 16 characters; use a long random secret in production.`,
      )
    }
    if (keys.some((k) => k.name === name))
      throw new ConfigError(`DARKROOM_API_KEYS names "${name}" twice; key names must be unique.`)
    const twin = keys.find((k) => k.secret === secret)
    if (twin) {
      throw new ConfigError(
        `DARKROOM_API_KEYS gives "${twin.name}" and "${name}" the same secret; give each key its own, or the gateway cannot tell the callers apart.`,
      )
    }
    keys.push({ name, secret })
  })
  return keys
}

/** The keys a gateway accepts: the configured ones, and in demo mode the demo key too. */
export function acceptedKeys(keys: ApiKey[], demo: boolean): ApiKey[] {
  if (!demo) return keys
  const twin = keys.find((k) => k.secret === DEMO_KEY.secret)
  if (twin) {
    throw new ConfigError(
      `DARKROOM_API_KEYS gives "${twin.name}" the secret of the demo key ("${DEMO_KEY.secret}"), which demo mode accepts for everyone; give it another secret.`,
    )
  }
  return [...keys, DEMO_KEY]
}

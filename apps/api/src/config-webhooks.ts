import { webhookKey } from '@darkroom/core/webhooks'
import { ConfigError } from './config-values.js'
import type { ApiKey } from './security/api-keys.js'

/**
 * The demo's webhook secret, shared by every key of a demo gateway (the README's receiver uses
 * it): base64 of `darkroom demo webhook secret 32b`. Never a production secret.
 */
export const DEMO_WEBHOOK_SECRET = 'whsec_ZGFya3Jvb20gZGVtbyB3ZWJob29rIHNlY3JldCAzMmI='

/** The sizes Standard Webhooks asks of a secret's key, in bytes. */
const MIN_KEY_BYTES = 24
const MAX_KEY_BYTES = 64

/**
 * `DARKROOM_WEBHOOK_SECRETS` as `name:whsec_…,…`, keyed by API key *name*: the secret that signs
 * the deliveries of that key's jobs. Refuses an entry that is not `name:whsec_<base64>`, a name
 * that is no API key, a name given twice and a key of the wrong size, naming the entry and never
 * its secret.
 */
export function parseWebhookSecrets(
  raw: string | undefined,
  keys: readonly ApiKey[],
): Map<string, string> {
  const secrets = new Map<string, string>()
  if (!raw?.trim()) return secrets
  raw.split(',').forEach((entry, i) => {
    const trimmed = entry.trim()
    const colon = trimmed.indexOf(':')
    const name = colon > 0 ? trimmed.slice(0, colon) : ''
    const secret = colon > 0 ? trimmed.slice(colon + 1).trim() : ''
    const where = `DARKROOM_WEBHOOK_SECRETS entry ${i + 1}${name ? ` ("${name}")` : ''}`
    const key = secret.startsWith('whsec_') ? webhookKey(secret) : null
    if (!name || !key) {
      throw new ConfigError(
        `${where} is not "name:whsec_<base64>": use e.g. DARKROOM_WEBHOOK_SECRETS=web:whsec_$(openssl rand -base64 32).`,
      )
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new ConfigError(
        `${where} has a key of ${key.length} bytes; Standard Webhooks secrets are ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes: generate one with \`openssl rand -base64 32\`.`,
      )
    }
    if (!keys.some((k) => k.name === name)) {
      const known = keys.map((k) => k.name).join(', ') || 'none'
      throw new ConfigError(
        `${where} names no API key (the keys are: ${known}); key webhook secrets by the names in DARKROOM_API_KEYS.`,
      )
    }
    if (secrets.has(name))
      throw new ConfigError(
        `DARKROOM_WEBHOOK_SECRETS names "${name}" twice; give each key one secret.`,
      )
    secrets.set(name, secret)
  })
  return secrets
}

/**
 * `DARKROOM_WEBHOOK_ALLOW_HOSTS`: hostnames (no scheme, port or path) whose webhook URLs skip the
 * address checks (an internal receiver the operator trusts). Lower case.
 */
export function parseWebhookAllowHosts(raw: string | undefined): string[] {
  if (!raw?.trim()) return []
  return raw.split(',').map((entry) => {
    const host = entry.trim().toLowerCase()
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(host)) {
      throw new ConfigError(
        `DARKROOM_WEBHOOK_ALLOW_HOSTS has "${entry.trim()}", which is not a hostname like hooks.internal.example (no scheme, port or path); separate hosts with commas.`,
      )
    }
    return host
  })
}

import {
  ConfigurationError,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderDefinition,
  type ProviderId,
  type ProviderOptions,
  providerDefinition,
} from '@darkroom/core'
import type { ApiKey } from './security/api-keys.js'
import { randomSecret } from './security/encoding.js'

/** One provider configured with credentials: its id and its adapter factory's options. */
export type ProviderConfig = {
  [Id in ProviderId]: { id: Id; options: ProviderOptions<Id> }
}[ProviderId]

/** The gateway's whole configuration, read and validated once at start. */
export interface GatewayConfig {
  /** Every provider is wired to its in-process emulator; the API key `demo` is accepted. */
  demo: boolean
  /** Whether this is a production start (`DARKROOM_ENV` or `NODE_ENV` is `production`). */
  production: boolean
  apiKeys: ApiKey[]
  /** Signs job ids. Generated per process in demo mode. */
  tokenSecret: string
  /** Allowed CORS origins; `*` for any. Empty: no CORS headers. */
  corsOrigins: string[] | '*'
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number
  /** Configured providers (demo: none; the demo wires all three to emulators). */
  providers: ProviderConfig[]
  /** Every secret in the configuration, for redaction. */
  secrets: string[]
}

/** A configuration error: names the variable and says what to do. Stops start-up. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

const DEFAULT_BODY_LIMIT = 8 * 1024 * 1024 // an aidge base64 image of up to 4 MB fits

function flag(env: Env, name: string): boolean {
  const value = env[name]?.trim().toLowerCase()
  if (value === undefined || value === '' || value === '0' || value === 'false' || value === 'no')
    return false
  if (value === '1' || value === 'true' || value === 'yes') return true
  throw new ConfigError(`${name} must be 1/true/yes or 0/false/no, got "${env[name]}".`)
}

function parseApiKeys(raw: string | undefined, production: boolean): ApiKey[] {
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
    if (production && secret.length < 16) {
      throw new ConfigError(
        `DARKROOM_API_KEYS entry ${i + 1} ("${name}") has a secret shorter than 16 characters; use a long random secret in production.`,
      )
    }
    if (keys.some((k) => k.name === name))
      throw new ConfigError(`DARKROOM_API_KEYS names "${name}" twice; key names must be unique.`)
    keys.push({ name, secret })
  })
  return keys
}

function parseOrigins(raw: string | undefined): string[] | '*' {
  const value = raw?.trim()
  if (!value) return []
  if (value === '*') return '*'
  return value.split(',').map((origin) => {
    const o = origin.trim()
    let url: URL | null = null
    try {
      url = new URL(o)
    } catch {
      url = null
    }
    if (!url || url.origin !== o.replace(/\/$/, '')) {
      throw new ConfigError(
        `DARKROOM_CORS_ORIGINS has "${o}", which is not an origin like https://app.example.com (or use *).`,
      )
    }
    return url.origin
  })
}

/** Every catalogue provider whose credentials are set, with its options. */
function providersFrom(env: Env): ProviderConfig[] {
  const out: ProviderConfig[] = []
  for (const definition of PROVIDERS) {
    let options: ProviderOptions<ProviderId> | null
    try {
      options = definition.fromEnv(env)
    } catch (error) {
      if (ConfigurationError.isInstance(error)) throw new ConfigError(error.message)
      throw error
    }
    if (options) out.push({ id: definition.id, options } as ProviderConfig)
  }
  return out
}

/**
 * Reads and validates the configuration. Throws a `ConfigError` naming the variable for any bad
 * value; refuses a production start without API keys or a token secret.
 */
export function loadConfig(env: Env, generateSecret: () => string = randomSecret): GatewayConfig {
  const production =
    env.DARKROOM_ENV?.trim() === 'production' || env.NODE_ENV?.trim() === 'production'
  const providers = providersFrom(env)
  const apiKeys = parseApiKeys(env.DARKROOM_API_KEYS, production)
  const explicitDemo = flag(env, 'DARKROOM_DEMO')
  const demo = explicitDemo || (providers.length === 0 && apiKeys.length === 0)
  let tokenSecret = env.DARKROOM_TOKEN_SECRET?.trim() ?? ''
  if (tokenSecret && tokenSecret.length < 32) {
    throw new ConfigError(
      'DARKROOM_TOKEN_SECRET must be at least 32 characters; generate one with `openssl rand -base64 32`.',
    )
  }
  if (production && !explicitDemo) {
    const missing = [
      apiKeys.length === 0 && 'DARKROOM_API_KEYS',
      !tokenSecret && 'DARKROOM_TOKEN_SECRET',
    ].filter(Boolean)
    if (missing.length > 0) {
      throw new ConfigError(
        `Refusing a production start without ${missing.join(' and ')}: set them (or DARKROOM_DEMO=1 for a demo deployment).`,
      )
    }
  }
  if (!demo && providers.length === 0) {
    throw new ConfigError(
      'No provider is configured: set ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET, SPEEDPIX_APP_KEY/_SECRET or AIDGE_ACCESS_KEY_NAME/_SECRET (or DARKROOM_DEMO=1).',
    )
  }
  if (!tokenSecret) {
    if (!demo)
      throw new ConfigError(
        'DARKROOM_TOKEN_SECRET is not set; it signs job ids. Generate one with `openssl rand -base64 32`.',
      )
    tokenSecret = generateSecret()
  }
  const limit = env.DARKROOM_BODY_LIMIT_BYTES?.trim()
  const bodyLimitBytes = limit ? Number(limit) : DEFAULT_BODY_LIMIT
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1024) {
    throw new ConfigError(
      `DARKROOM_BODY_LIMIT_BYTES must be a whole number of bytes, at least 1024, got "${limit}".`,
    )
  }
  const keys = demo ? [...apiKeys, { name: 'demo', secret: 'demo' }] : apiKeys
  const secrets = [
    tokenSecret,
    ...apiKeys.map((k) => k.secret),
    ...providers.flatMap((p) => secretsOf(p)),
  ]
  return {
    demo,
    production,
    apiKeys: keys,
    tokenSecret,
    corsOrigins: parseOrigins(env.DARKROOM_CORS_ORIGINS),
    bodyLimitBytes,
    providers,
    secrets,
  }
}

/** The secrets of one configured provider, from its catalogue entry. */
function secretsOf(config: ProviderConfig): string[] {
  const definition = providerDefinition(config.id) as ProviderDefinition<
    ProviderId,
    ProviderOptions<ProviderId>
  >
  return definition.secrets(config.options)
}

/** The providers a configuration offers, by id. */
export function offeredProviders(config: GatewayConfig): ProviderId[] {
  return config.demo ? [...PROVIDER_IDS] : config.providers.map((p) => p.id)
}

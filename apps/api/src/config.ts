import {
  ConfigurationError,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderDefinition,
  type ProviderId,
  type ProviderOptions,
  providerDefinition,
} from '@darkroom/core'
import { type ImageConfig, imageConfig } from './config-images.js'
import { acceptedKeys, DEMO_KEY, parseApiKeys } from './config-keys.js'
import { type AllowedHost, parseAllowedHosts, parseOrigins, parsePublicUrl } from './config-urls.js'
import { ConfigError, type Env, flag, wholeNumber } from './config-values.js'
import {
  DEMO_WEBHOOK_SECRET,
  parseWebhookAllowHosts,
  parseWebhookSecrets,
} from './config-webhooks.js'

export { ConfigError } from './config-values.js'

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
  /** Largest request body accepted, in bytes (`DARKROOM_BODY_LIMIT_BYTES`). Default 6 MiB. */
  bodyLimitBytes: number
  /**
   * Where callers reach the gateway (`DARKROOM_PUBLIC_URL`, path prefix included, no trailing
   * slash): image URLs and `Location` start with it. Default null: see `allowedHosts`.
   */
  publicUrl: string | null
  /**
   * Hosts whose `Host` header may give the origin of image URLs when `publicUrl` is null
   * (`DARKROOM_ALLOWED_HOSTS`), besides the address the server listens on. Any other host gets
   * relative URLs. Default none.
   */
  allowedHosts: AllowedHost[]
  /** Configured providers (demo: none; the demo wires all three to emulators). */
  providers: ProviderConfig[]
  /**
   * The Bearer key of `GET /metrics` (`DARKROOM_METRICS_KEY`). Default: null (`/metrics` is
   * off), or in demo mode the demo key `demo`.
   */
  metricsKey: string | null
  /** Kept images and uploads: retention and size cap (see `imageConfig`). */
  images: ImageConfig
  /**
   * Each API key's webhook secret by key name (`DARKROOM_WEBHOOK_SECRETS`); in demo mode every
   * key without one uses `DEMO_WEBHOOK_SECRET`. A key with none cannot submit a webhook.
   */
  webhookSecrets: ReadonlyMap<string, string>
  /** Hosts whose webhook URLs skip the address checks (`DARKROOM_WEBHOOK_ALLOW_HOSTS`). Default none. */
  webhookAllowHosts: string[]
  /** Every secret in the configuration, for redaction. */
  secrets: string[]
}

/**
 * The default bound on a request body: what the largest input needs, and no more. That is
 * aidge's `imageBase64`, a 4 MiB image as base64 (5.33 MiB; speedpix takes image URLs only), so
 * 6 MiB leaves room for the rest of a request and JSON's escapes of `/`.
 */
const DEFAULT_BODY_LIMIT = 6 * 1024 * 1024

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
  if (!demo && apiKeys.length === 0) {
    throw new ConfigError(
      `DARKROOM_API_KEYS is empty but providers are configured (${providers.map((p) => p.id).join(', ')}): no caller could authenticate. Set DARKROOM_API_KEYS=name:secret,... (or DARKROOM_DEMO=1 for a demo gateway).`,
    )
  }
  if (!tokenSecret) {
    if (!demo)
      throw new ConfigError(
        'DARKROOM_TOKEN_SECRET is not set; it signs job ids. Generate one with `openssl rand -base64 32`.',
      )
    tokenSecret = generateSecret()
  }
  const bodyLimitBytes = wholeNumber(env, 'DARKROOM_BODY_LIMIT_BYTES', {
    min: 1024,
    max: 1024 * 1024 * 1024,
    fallback: DEFAULT_BODY_LIMIT,
    unit: 'bytes',
  })
  const keys = acceptedKeys(apiKeys, demo)
  const metricsKey = metricsKeyFrom(env, demo)
  const webhookSecrets = parseWebhookSecrets(env.DARKROOM_WEBHOOK_SECRETS, keys)
  if (demo)
    for (const key of keys)
      if (!webhookSecrets.has(key.name)) webhookSecrets.set(key.name, DEMO_WEBHOOK_SECRET)
  const images = imageConfig(env)
  const secrets = [
    ...(images.s3 ? [images.s3.secretAccessKey] : []),
    ...webhookSecrets.values(),
    ...(env.DARKROOM_METRICS_KEY?.trim() ? [metricsKey as string] : []),
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
    publicUrl: parsePublicUrl(env.DARKROOM_PUBLIC_URL),
    allowedHosts: parseAllowedHosts(env.DARKROOM_ALLOWED_HOSTS),
    bodyLimitBytes,
    providers,
    metricsKey,
    images,
    webhookSecrets,
    webhookAllowHosts: parseWebhookAllowHosts(env.DARKROOM_WEBHOOK_ALLOW_HOSTS),
    secrets,
  }
}

/** The metrics key a scraper must send, from `DARKROOM_METRICS_KEY`; `demo` in demo mode. */
function metricsKeyFrom(env: Env, demo: boolean): string | null {
  const key = env.DARKROOM_METRICS_KEY?.trim() ?? ''
  if (!key) return demo ? DEMO_KEY.secret : null
  if (!/^[\x21-\x7e]{16,}$/.test(key)) {
    throw new ConfigError(
      'DARKROOM_METRICS_KEY must be at least 16 printable characters without spaces; generate one with `openssl rand -base64 24`.',
    )
  }
  return key
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

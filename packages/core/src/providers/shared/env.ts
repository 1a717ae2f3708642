import { ConfigurationError } from '../../errors/index.js'
import type { ProviderId } from '../../model/job.js'
import type { Env, ProviderEnvNames } from '../../spec/provider-definition.js'

/** What {@link readProviderEnv} found: both credentials and, when set, the base URL. */
export interface ProviderEnvValues {
  credentials: [string, string]
  baseUrl: string | undefined
}

/**
 * Reads one provider's variables. The base URL is validated even when the credentials are absent:
 * a typo should not wait for the day the credentials are added. Null when neither credential is
 * set; a `ConfigurationError` naming the variable when only one is, or the URL is not http(s).
 */
export function readProviderEnv(
  provider: ProviderId,
  env: Env,
  names: ProviderEnvNames,
): ProviderEnvValues | null {
  const baseUrl = readBaseUrl(provider, env, names.baseUrl)
  const [a, b] = names.credentials
  const x = env[a]?.trim()
  const y = env[b]?.trim()
  if (!x && !y) return null
  if (!x || !y) {
    const [missing, present] = x ? [b, a] : [a, b]
    throw new ConfigurationError(
      `${missing} is not set but ${present} is: set both, or neither to leave ${provider} out.`,
      { variable: missing, provider },
    )
  }
  return { credentials: [x, y], baseUrl }
}

function readBaseUrl(provider: ProviderId, env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  if (!value) return undefined
  let url: URL | null = null
  try {
    url = new URL(value)
  } catch {
    url = null
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return value
  throw new ConfigurationError(
    `${name} must be an absolute http(s) URL such as https://host, got "${value}".`,
    { variable: name, provider },
  )
}

/**
 * A catalogue entry's `fromEnv`: reads the provider's variables and builds its options from the
 * two credentials (in the order `names.credentials` lists them) and the base URL when set.
 */
export function envReader<Credentials extends object>(
  provider: ProviderId,
  names: ProviderEnvNames,
  build: (first: string, second: string) => Credentials,
): (env: Env) => (Credentials & { baseUrl?: string }) | null {
  return (env) => {
    const found = readProviderEnv(provider, env, names)
    if (!found) return null
    const options = build(...found.credentials)
    return found.baseUrl ? { ...options, baseUrl: found.baseUrl } : options
  }
}

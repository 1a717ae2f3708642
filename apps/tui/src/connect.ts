import { createClient, type DarkroomClient } from '@darkroom/client'
import { createDirectClient } from '@darkroom/client/direct'
import type { Clock } from '@darkroom/core'
import { createEmulators, inProcessAdapterOptions } from '@darkroom/emulator'

/** How the command reaches providers. */
export type ConnectionMode = 'demo' | 'direct' | 'api'

/** A ready client and what to say about it. */
export interface Connection {
  client: DarkroomClient
  mode: ConnectionMode
  /** Shown in the header, e.g. `demo — local emulators`. */
  label: string
  /** Jobs in the history belong to one connection (ids from a gateway mean nothing directly). */
  scope: string
  /** Importing a provider job id needs direct access to the provider. */
  canImport: boolean
}

/** A bad option or variable: reported as bad input (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

type Env = Record<string, string | undefined>

function pair(env: Env, a: string, b: string): [string, string] | null {
  const x = env[a]?.trim()
  const y = env[b]?.trim()
  if (!x && !y) return null
  if (!x || !y)
    throw new UsageError(
      `${x ? b : a} is not set but ${x ? a : b} is: set both, or neither to leave the provider out.`,
    )
  return [x, y]
}

/**
 * Picks the transport: a deployed gateway with `--api URL --key KEY`; else the provider
 * credentials in the environment (the same variables as the gateway); else demo mode, with every
 * provider an in-process emulator.
 */
export function connect(options: {
  api?: string | undefined
  key?: string | undefined
  env: Env
}): Connection {
  const { api, key, env } = options
  if (api !== undefined || key !== undefined) {
    if (!api) throw new UsageError('--key needs --api URL (the gateway to use).')
    if (!key)
      throw new UsageError(
        '--api needs --key KEY (an API key of that gateway; "demo" for a demo gateway).',
      )
    let url: URL
    try {
      url = new URL(api)
    } catch {
      throw new UsageError(
        `--api must be an absolute URL such as https://darkroom.example.com, got "${api}".`,
      )
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new UsageError(`--api must be http or https, got ${url.protocol}`)
    const baseUrl = url.toString().replace(/\/+$/, '')
    return {
      client: createClient({ baseUrl, apiKey: key }),
      mode: 'api',
      label: `gateway ${url.host}`,
      scope: `api:${baseUrl}`,
      canImport: false,
    }
  }
  const ali = pair(env, 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET')
  const sp = pair(env, 'SPEEDPIX_APP_KEY', 'SPEEDPIX_APP_SECRET')
  const ag = pair(env, 'AIDGE_ACCESS_KEY_NAME', 'AIDGE_ACCESS_KEY_SECRET')
  if (ali || sp || ag) {
    const base = (name: string) => (env[name]?.trim() ? { baseUrl: env[name]?.trim() } : {})
    const client = createDirectClient({
      providers: {
        ...(ali && {
          aicontent: {
            accessKeyId: ali[0],
            accessKeySecret: ali[1],
            ...base('AICONTENT_BASE_URL'),
          },
        }),
        ...(sp && { speedpix: { appKey: sp[0], appSecret: sp[1], ...base('SPEEDPIX_BASE_URL') } }),
        ...(ag && {
          aidge: { accessKeyName: ag[0], accessKeySecret: ag[1], ...base('AIDGE_BASE_URL') },
        }),
      },
    })
    const names = [ali && 'aicontent', sp && 'speedpix', ag && 'aidge'].filter(Boolean).join(', ')
    return { client, mode: 'direct', label: `direct — ${names}`, scope: 'direct', canImport: true }
  }
  return demoConnection()
}

/** Every provider wired to its in-process emulator: no credentials, no network. */
export function demoConnection(seed = Date.now() % 2 ** 31, clock?: Clock): Connection {
  const client = createDirectClient({
    clock,
    providers: inProcessAdapterOptions(createEmulators({ seed, clock })),
  })
  // Each demo run has its own emulators: jobs of an earlier run are history, not resumable.
  return {
    client,
    mode: 'demo',
    label: 'DEMO — local emulators, no credentials',
    scope: `demo:${seed}`,
    canImport: true,
  }
}

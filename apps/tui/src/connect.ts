import { join } from 'node:path'
import { createClient, type DarkroomClient } from '@darkroom/client'
import { createDirectClient } from '@darkroom/client/direct'
import {
  type Clock,
  ConfigurationError,
  PROVIDERS,
  type ProviderId,
  type ProviderOptionsMap,
} from '@darkroom/core'
import { createEmulators, inProcessAdapterOptions } from '@darkroom/emulator'
import { openDemoState } from './demo/demo-state.js'
import { stateDir } from './history/history-store.js'

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
  /** Releases what the connection holds open (the demo emulators' state file). Optional. */
  close?: (() => void) | undefined
}

const USAGE = Symbol.for('darkroom.error.usage')

/** A bad option or variable: reported as bad input (exit code 2). */
export class UsageError extends Error {
  /** @internal identifies these errors across module copies (a test's and the CLI's). */
  readonly [USAGE] = true

  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }

  /** True for a `UsageError` from any copy of this module, where `instanceof` may not be. */
  static isInstance(error: unknown): error is UsageError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[USAGE] === true
    )
  }
}

type Env = Record<string, string | undefined>

/**
 * Picks the transport: a deployed gateway with `--api URL --key KEY`; else the provider
 * credentials in the environment (the same variables as the gateway); else demo mode, with every
 * provider an in-process emulator whose jobs are kept in `demo-emulators.db` in the state
 * directory (see `stateDir`), so they carry from one command to the next.
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
    return apiConnection(api, key)
  }
  const providers: ProviderOptionsMap = {}
  for (const definition of PROVIDERS) {
    let options: ProviderOptionsMap[ProviderId] | null
    try {
      options = definition.fromEnv(env)
    } catch (error) {
      if (ConfigurationError.isInstance(error)) throw new UsageError(error.message)
      throw error
    }
    if (options) (providers as Record<string, unknown>)[definition.id] = options
  }
  const names = Object.keys(providers)
  if (names.length > 0) {
    const client = createDirectClient({ providers })
    const label = `direct — ${names.join(', ')}`
    return { client, mode: 'direct', label, scope: 'direct', canImport: true }
  }
  return persistentDemoConnection(join(stateDir(env), 'demo-emulators.db'))
}

/** What an API connection is wired to besides its URL and key: tests pass an in-process gateway. */
export interface ApiWiring {
  /** The `fetch` the client calls. Default: the global one. */
  fetch?: typeof globalThis.fetch | undefined
  /** The client's clock (its timeouts and backoffs). Default: the wall clock. */
  clock?: Clock | undefined
}

/** A deployed gateway at `api` (an absolute http(s) URL), with its API key. */
export function apiConnection(api: string, key: string, wiring: ApiWiring = {}): Connection {
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
    client: createClient({ baseUrl, apiKey: key, fetch: wiring.fetch, clock: wiring.clock }),
    mode: 'api',
    label: `gateway ${url.host}`,
    scope: `api:${baseUrl}`,
    canImport: false,
  }
}

const DEMO_LABEL = 'DEMO — local emulators, no credentials'

/**
 * Demo mode as the `darkroom` command runs it: the emulators' jobs live in the SQLite file at
 * `path` (its seed too), on the wall clock, so a job submitted by one command is found, further
 * along, by the next, and a restarted dashboard resumes its demo jobs. The scope names the
 * file's seed: emptying the demo (removing the file) makes earlier demo jobs history.
 */
export function persistentDemoConnection(path: string): Connection {
  const state = openDemoState(path)
  const client = createDirectClient({
    providers: inProcessAdapterOptions(createEmulators({ seed: state.seed, state: state.store })),
  })
  return {
    client,
    mode: 'demo',
    label: DEMO_LABEL,
    scope: `demo:${state.seed}`,
    canImport: true,
    close: () => state.close(),
  }
}

/**
 * Every provider wired to its in-process emulator, its jobs in this process's memory: for tests
 * and benchmarks (on a virtual clock); the command uses {@link persistentDemoConnection}.
 */
export function demoConnection(seed = Date.now() % 2 ** 31, clock?: Clock): Connection {
  const client = createDirectClient({
    clock,
    providers: inProcessAdapterOptions(createEmulators({ seed, clock })),
  })
  // These emulators live as long as the process: jobs of an earlier run are not resumable.
  return {
    client,
    mode: 'demo',
    label: DEMO_LABEL,
    scope: `demo:${seed}`,
    canImport: true,
  }
}

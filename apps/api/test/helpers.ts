import {
  createProviderAdapter,
  DurationLearner,
  type Job,
  JobSchema,
  PROVIDER_IDS,
  type ProviderAdapter,
  type ProviderId,
  VirtualClock,
} from '@darkroom/core'
import { createEmulators, type EmulatorsOptions, inProcessAdapterOptions } from '@darkroom/emulator'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import * as v from 'valibot'
import { createApp, type LogEntry } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { GatewayImages } from '../src/images/gateway-images.js'
import type { ImageStorage } from '../src/images/image-storage.js'
import { statelessJobs } from '../src/jobs/stateless-jobs.js'
import { UpstreamTally } from '../src/jobs/upstream-tally.js'
import { generatedOpenApi } from '../src/openapi/build.js'
import { memoryHubJobs } from './memory-hub.js'

export const DEMO_KEY = 'demo'
export const TOKEN_SECRET = 'test-token-secret-0123456789abcdefghij'

/** A demo-mode gateway on a virtual clock, with its emulators and captured logs. */
export function makeGateway(
  options: {
    env?: Record<string, string>
    emulators?: EmulatorsOptions
    providers?: ProviderId[]
    heartbeatMs?: number
    shutdown?: AbortSignal
    /** Jobs on core's JobHub over a memory store (what listing needs). Default: stateless. */
    durable?: boolean
    /** Keeps images (and takes uploads) in this storage; implies `durable`. Default none. */
    images?: ImageStorage
    /** Replaces adapters after they are wired (a provider whose images are broken, say). */
    replaceAdapters?: (adapters: Record<string, ProviderAdapter>) => Record<string, ProviderAdapter>
    /** Wraps each provider's adapter (to hold a submit, say). Default: as built. */
    adapt?: (adapter: ProviderAdapter) => ProviderAdapter
  } = {},
) {
  const clock = new VirtualClock()
  const config = loadConfig({
    DARKROOM_DEMO: '1',
    DARKROOM_TOKEN_SECRET: TOKEN_SECRET,
    ...options.env,
  })
  const emulators = createEmulators({ clock, seed: 7, ...options.emulators })
  const wired = inProcessAdapterOptions(emulators, clock)
  const tally = new UpstreamTally()
  const offered = options.providers ?? [...PROVIDER_IDS]
  const wiredAdapters = Object.fromEntries(
    offered.map((id) => [
      id,
      (options.adapt ?? ((a) => a))(
        createProviderAdapter(id, { ...wired[id], onRequest: tally.onRequest }),
      ),
    ]),
  )
  const adapters = options.replaceAdapters?.(wiredAdapters) ?? wiredAdapters
  const logs: LogEntry[] = []
  const images =
    options.images &&
    new GatewayImages({
      storage: options.images,
      config: config.images,
      clock,
      random: () => 0.5,
      log: (message) => logs.push({ level: 'warn', message }),
    })
  const watch = { learner: new DurationLearner(), maxLagMs: 1000 }
  const app = createApp({
    config,
    adapters,
    jobs:
      options.durable || images
        ? memoryHubJobs(adapters, clock, tally, images)
        : statelessJobs(adapters, { clock, watch, tally }),
    images,
    clock,
    log: (entry) => logs.push(entry),
    heartbeatMs: options.heartbeatMs,
    shutdown: options.shutdown,
    openApi: generatedOpenApi(adapters),
  })
  const request = (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const headers = new Headers(init.headers)
    const key = init.key === undefined ? DEMO_KEY : init.key
    if (key !== null) headers.set('authorization', `Bearer ${key}`)
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json')
    return Promise.resolve(app.request(`http://gateway.test${path}`, { ...init, headers }))
  }
  return { app, clock, config, emulators, logs, request, images, tally }
}

/** Reads a whole SSE response into messages, plus the comment lines seen. */
export async function readSse(
  response: Response,
): Promise<{ events: EventSourceMessage[]; comments: string[] }> {
  const events: EventSourceMessage[] = []
  const comments: string[] = []
  const parser = createParser({
    onEvent: (e) => events.push(e),
    onComment: (c) => comments.push(c),
  })
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parser.feed(decoder.decode(value, { stream: true }))
  }
  return { events, comments }
}

/** A caller of a gateway over loopback (`base()` is its URL), with the demo key, on `clock`. */
export function loopbackCaller(clock: VirtualClock, base: () => string) {
  return (path: string, init: RequestInit = {}) =>
    clock.run(
      clock.track(
        fetch(`${base()}${path}`, {
          ...init,
          headers: {
            authorization: 'Bearer demo',
            'content-type': 'application/json',
            ...init.headers,
          },
        }),
      ),
    )
}

/** Submits a speedpix txt2img job through `call` and returns it as created. */
export async function submitTxt2img(
  call: (path: string, init?: RequestInit) => Promise<Response>,
  prompt: string,
): Promise<Job> {
  const created = await call('/v1/jobs', {
    method: 'POST',
    body: JSON.stringify({ provider: 'speedpix', operation: 'txt2img', input: { prompt } }),
  })
  return v.parse(JobSchema, await created.json())
}

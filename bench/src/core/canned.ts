import {
  decodeHandle,
  type JobHandle,
  type ProviderAdapter,
  type ProviderId,
  VirtualClock,
} from '@darkroom/core'
import { createEmulators } from '@darkroom/emulator'
import { emulatedAdapter } from '../polling/adapters.js'
import { SUBMISSIONS } from '../polling/workload.js'

/** An adapter whose every status call gets the same recorded provider answer, and a handle. */
export interface CannedStatus {
  adapter: ProviderAdapter
  handle: JobHandle
  /** The recorded answer's size in bytes. */
  answerBytes: number
}

/**
 * Records a real answer to a status call (a job 10 s into a long run, so it is `running` with
 * progress, and an ETA where the provider gives one) from the provider's emulator, then builds
 * an adapter that gets that answer from a `fetch` without I/O. What remains is Darkroom's own
 * work per status call (signing the request, the HTTP helper, parsing and normalizing) plus the
 * fetch's `new Response` of the recorded answer, which on Node 20 costs 20-30 µs of its own
 * (a body stream per call): any real fetch builds one too.
 */
export async function cannedStatus(provider: ProviderId): Promise<CannedStatus> {
  const clock = new VirtualClock()
  const emulators = createEmulators({ clock, seed: 3 })
  let recorded: { body: string; status: number; headers: [string, string][] } | null = null
  const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await emulators[provider].fetch(input, init)
    recorded = {
      body: await response.clone().text(),
      status: response.status,
      headers: [...response.headers.entries()],
    }
    return response
  }) as typeof fetch
  const live = emulatedAdapter(provider, emulators, recording, clock)
  const { operation, input } = SUBMISSIONS[provider]
  const marked = markLong(provider, input)
  const handle = await clock.run(async () => {
    const job = await live.submit(operation, marked)
    await clock.sleep(10_000)
    const h = decodeHandle(job.id)
    const status = await live.status(h)
    if (status.state !== 'running')
      throw new Error(`${provider}: expected running, got ${status.state}`)
    return h
  })
  const answer = recorded as { body: string; status: number; headers: [string, string][] } | null
  if (!answer) throw new Error(`${provider}: no status answer recorded`)
  const fetch = (() =>
    Promise.resolve(
      new Response(answer.body, { status: answer.status, headers: answer.headers }),
    )) as typeof globalThis.fetch
  // On the wall clock: the answer is canned, so time only matters for signing and timestamps.
  const adapter = emulatedAdapter(provider, emulators, fetch)
  return { adapter, handle, answerBytes: new TextEncoder().encode(answer.body).length }
}

/** The submission with a 10-minute run-time marker, so the job is surely running when asked. */
function markLong(provider: ProviderId, input: unknown): unknown {
  const marker = ' [[duration:600]]'
  const copy = { ...(input as Record<string, unknown>) }
  // Aidge has no prompt; the emulator reads markers in any string field.
  if (provider === 'aidge') copy.bgStyle = `room${marker}`
  else copy.prompt = `${copy.prompt}${marker}`
  return copy
}

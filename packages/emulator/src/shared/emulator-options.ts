import type { Clock } from '@darkroom/core'
import type { Hono } from 'hono'
import type { Distribution } from '../simulator/distributions.js'
import type { JobSimulator } from '../simulator/job-simulator.js'
import type { SimulatorStateStore } from '../simulator/simulator-state.js'
import type { FaultOptions } from './faults.js'

/** Options every provider emulator takes. */
export interface BaseEmulatorOptions {
  /** Time source for job life cycles, signature windows and URL expiry. Default: the wall clock. */
  clock?: Clock | undefined
  /** Seed of the simulator and of fault injection: the same seed replays the same run. Default 1. */
  seed?: number | undefined
  /** Queue wait per job. Default: the provider's own (see each emulator). */
  queueWait?: Distribution | undefined
  /** Run time per job. Default: the provider's own. */
  runTime?: Distribution | undefined
  /** Relative noise of reported ETAs, where the provider reports them. Default 0.25. */
  etaNoise?: number | undefined
  /** Failure injection (5xx, rate limits, latency, malformed JSON, dropped connections). Default none. */
  faults?: FaultOptions | undefined
  /** How long signed image URLs stay valid. Default one hour. */
  imageUrlTtlMs?: number | undefined
  /**
   * Where the jobs are kept, each emulator under its provider id. Default: this process's
   * memory. The terminal's demo mode passes a file-backed one (with a fixed seed and the wall
   * clock), so jobs carry from one command to the next.
   */
  state?: SimulatorStateStore | undefined
}

/** A running emulator: its Hono app, a `fetch` that calls it in-process, and its simulator. */
export interface Emulator<Credentials> {
  /** The Hono app; serve it with any runtime's server. */
  app: Hono
  /**
   * Calls the app in-process, with the `fetch` signature, so an adapter can be pointed at it
   * with `{ fetch: emulator.fetch, baseUrl: 'http://<anything>' }`.
   */
  fetch: typeof fetch
  /** The job simulator behind it (for tests that look inside). */
  simulator: JobSimulator<unknown>
  /** The credentials it accepts. */
  credentials: Credentials
}

/** Wraps a Hono app as an in-process `fetch`. */
export function inProcessFetch(app: Hono): typeof fetch {
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(app.fetch(new Request(input, init)))) as typeof fetch
}

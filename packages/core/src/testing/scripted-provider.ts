// Test support only (not published): a provider adapter wired to a scripted fetch.
import { VirtualClock } from '../clock/virtual-clock.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import {
  type Routes,
  type ScriptedFetch,
  type ScriptedFetchOptions,
  scriptedFetch,
} from './scripted-fetch.js'

/** An adapter on a virtual clock whose `fetch` is scripted, and what that fetch saw. */
export interface ScriptedProvider extends Omit<ScriptedFetch, 'fetch'> {
  adapter: ProviderAdapter
  /** The adapter's clock; run calls that may back off with `clock.run(...)`. */
  clock: VirtualClock
}

/** Builds the adapter `create` makes from a scripted fetch and a fresh virtual clock. */
export function scriptedProvider(
  routes: Routes,
  create: (wiring: { fetch: typeof globalThis.fetch; clock: VirtualClock }) => ProviderAdapter,
  options: ScriptedFetchOptions = {},
): ScriptedProvider {
  const clock = new VirtualClock()
  const { fetch, requests, calls } = scriptedFetch(routes, options)
  return { adapter: create({ fetch, clock }), clock, requests, calls }
}

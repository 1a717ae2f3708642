// Test support only (not published): Aidge's credentials, fixture handle and scripted adapter.
import { type AidgeOptions, createAidge } from '../providers/aidge/aidge-adapter.js'
import type { Routes } from './scripted-fetch.js'
import { type ScriptedProvider, scriptedProvider } from './scripted-provider.js'

/** The access key of the unit tests (the secret must never show in an error). */
export const AIDGE_TEST_CREDENTIALS = { accessKeyName: 'test-key', accessKeySecret: 'testSecret' }

/** The handle of the task the `__fixtures__` answers describe. */
export const AIDGE_FIXTURE_HANDLE = {
  provider: 'aidge' as const,
  operation: 'virtual-model',
  providerJobId: '7ad4a0e6b3b54e3f9b1c2d3e4f5a6b7c',
}

/**
 * The Aidge adapter against `routes`, keyed by API name (the path below `/rest`, e.g.
 * `AIDGE_API.query`) or by any other path for downloads, on a virtual clock. Retries are off
 * unless `options` turn them on; `options` override every test default.
 */
export function aidgeWith(routes: Routes, options: Partial<AidgeOptions> = {}): ScriptedProvider {
  return scriptedProvider(
    routes,
    ({ fetch, clock }) =>
      createAidge({
        ...AIDGE_TEST_CREDENTIALS,
        baseUrl: 'https://api.aidc-ai.com',
        fetch,
        clock,
        retries: 0,
        ...options,
      }),
    { pathPrefix: '/rest' },
  )
}

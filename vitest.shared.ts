// Settings every package's vitest.config.ts shares (each package keeps its own config file).

/** Vite's server defaults plus our source condition, so workspace packages resolve to their `src`. */
export const NODE_CONDITIONS = ['@darkroom/source', 'module', 'node', 'development|production']

/** The same for code running inside workerd (Cloudflare's runtime). */
export const WORKER_CONDITIONS = [
  '@darkroom/source',
  'workerd',
  'worker',
  'module',
  'browser',
  'development|production',
]

/** Resolve settings for a project: Vite's server (SSR) environment reads its own conditions. */
export function resolveWith(conditions: string[]) {
  return { resolve: { conditions }, ssr: { resolve: { conditions } } }
}

/** The JSON report `.ci/count-results.mjs` counts, beside the default console output. */
export const REPORTING = {
  reporters: ['default', 'json'],
  outputFile: { json: './test-results.json' },
}

/** End-to-end runs walk hundreds of virtual-time steps; a loaded CI machine needs headroom. */
export const TEST_TIMEOUT_MS = 30_000

import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// Vite's server defaults plus our source condition, so workspace packages resolve to their `src`.
const conditions = ['@darkroom/source', 'module', 'node', 'development|production']
const workerConditions = [
  '@darkroom/source',
  'workerd',
  'worker',
  'module',
  'browser',
  'development|production',
]

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: './test-results.json' },
    projects: [
      {
        resolve: { conditions },
        ssr: { resolve: { conditions } },
        test: {
          name: 'node',
          testTimeout: 30_000,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/workers/**'],
        },
      },
      {
        // The remote client inside real workerd (Cloudflare's runtime).
        plugins: [
          cloudflareTest({
            main: './test/workers/gateway-worker.ts',
            wrangler: { configPath: './test/workers/wrangler.jsonc' },
          }),
        ],
        resolve: { conditions: workerConditions },
        ssr: { resolve: { conditions: workerConditions } },
        test: { testTimeout: 30_000, name: 'workers', include: ['test/workers/**/*.test.ts'] },
      },
    ],
  },
})

import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// The Workers serve the OpenAPI document from their static assets, as a deployed Worker does:
// write dist-assets/openapi.json from the current code before the workers project starts.
execFileSync(
  process.execPath,
  ['--conditions=@darkroom/source', '--import', 'tsx', 'scripts/write-openapi.ts', 'dist-assets'],
  { cwd: fileURLToPath(new URL('.', import.meta.url)), stdio: ['ignore', 'ignore', 'inherit'] },
)

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
    // End-to-end runs walk hundreds of virtual-time steps; a loaded CI machine needs headroom.
    testTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: './test-results.json' },
    projects: [
      {
        resolve: { conditions },
        ssr: { resolve: { conditions } },
        test: {
          testTimeout: 30_000,
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**'],
        },
      },
      {
        // The same gateway inside real workerd (Cloudflare's runtime), through the demo Worker entry.
        plugins: [
          cloudflareTest({
            main: './src/runtimes/worker-demo.ts',
            wrangler: { configPath: './wrangler.demo.jsonc' },
          }),
        ],
        resolve: { conditions: workerConditions },
        ssr: { resolve: { conditions: workerConditions } },
        test: { testTimeout: 30_000, name: 'workers', include: ['test/workers/**/*.test.ts'] },
      },
    ],
  },
})

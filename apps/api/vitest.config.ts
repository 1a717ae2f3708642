import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import {
  NODE_CONDITIONS,
  REPORTING,
  resolveWith,
  TEST_TIMEOUT_MS,
  WORKER_CONDITIONS,
} from '../../vitest.shared.js'

// The Workers serve the OpenAPI document from their static assets, as a deployed Worker does:
// write dist-assets/openapi.json from the current code before the workers project starts.
execFileSync(
  process.execPath,
  ['--conditions=@darkroom/source', '--import', 'tsx', 'scripts/write-openapi.ts', 'dist-assets'],
  { cwd: fileURLToPath(new URL('.', import.meta.url)), stdio: ['ignore', 'ignore', 'inherit'] },
)

export default defineConfig({
  test: {
    ...REPORTING,
    projects: [
      {
        ...resolveWith(NODE_CONDITIONS),
        test: {
          name: 'node',
          testTimeout: TEST_TIMEOUT_MS,
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
            // Two more Workers, each its own isolate, reaching the same Durable Objects: the
            // shared-budget test submits through both (test/workers/budget-isolate.mjs).
            // The demo object's webhook deliveries go to a receiver Worker through a service
            // binding (test/workers/webhook-receiver.mjs).
            miniflare: {
              // A second key beside the demo one: the job list must never show another key's jobs.
              bindings: { DARKROOM_API_KEYS: 'bob:workers-bob-secret-0000' },
              serviceBindings: {
                ISOLATE_A: 'isolate-a',
                ISOLATE_B: 'isolate-b',
                DARKROOM_WEBHOOK_OUTBOUND: 'webhook-receiver',
              },
              workers: [
                {
                  name: 'webhook-receiver',
                  modules: true,
                  scriptPath: './test/workers/webhook-receiver.mjs',
                  compatibilityDate: '2025-09-01',
                },
                ...['isolate-a', 'isolate-b'].map((name) => ({
                  name,
                  modules: true,
                  scriptPath: './test/workers/budget-isolate.mjs',
                  compatibilityDate: '2025-09-01',
                  durableObjects: {
                    DARKROOM_JOBS: {
                      className: 'ProviderJobs',
                      // The test runner is the Worker that exports the demo's ProviderJobs.
                      scriptName: 'vitest-pool-workers-runner-workers',
                    },
                  },
                })),
              ],
            },
          }),
        ],
        ...resolveWith(WORKER_CONDITIONS),
        test: {
          name: 'workers',
          testTimeout: TEST_TIMEOUT_MS,
          include: ['test/workers/**/*.test.ts'],
        },
      },
    ],
  },
})

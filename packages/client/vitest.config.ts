import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import {
  NODE_CONDITIONS,
  REPORTING,
  resolveWith,
  TEST_TIMEOUT_MS,
  WORKER_CONDITIONS,
} from '../../vitest.shared.js'

export default defineConfig({
  test: {
    ...REPORTING,
    projects: [
      {
        ...resolveWith(NODE_CONDITIONS),
        test: {
          name: 'node',
          testTimeout: TEST_TIMEOUT_MS,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/workers/**'],
          // Type tests (*.test-d.ts) pin the public types; tsc checks them, nothing runs.
          typecheck: {
            enabled: true,
            include: ['src/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
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

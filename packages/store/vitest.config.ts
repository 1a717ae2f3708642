import { defineConfig } from 'vitest/config'

// Vite's server defaults plus our source condition, so `@darkroom/core` resolves to its `src`.
const conditions = ['@darkroom/source', 'module', 'node', 'development|production']

export default defineConfig({
  resolve: { conditions },
  // Tests run in Vite's server (SSR) environment, which reads its own conditions.
  ssr: { resolve: { conditions } },
  test: {
    // End-to-end runs walk hundreds of virtual-time steps; a loaded CI machine needs headroom.
    testTimeout: 30_000,
    include: ['src/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: './test-results.json' },
  },
})

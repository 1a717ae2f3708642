import { defineConfig } from 'vitest/config'

// Vite's server defaults plus our source condition, so workspace packages resolve to their `src`.
const conditions = ['@darkroom/source', 'module', 'node', 'development|production']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: './test-results.json' },
    // The smoke runs start servers and child processes; one file at a time keeps them honest.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})

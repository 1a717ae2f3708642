import { defineConfig } from 'vitest/config'

// Vite's server defaults plus our source condition, so workspace packages resolve to their `src`.
const conditions = ['@darkroom/source', 'module', 'node', 'development|production']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    // Key presses go through Ink's input parser in real time (tens of ms each).
    testTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: './test-results.json' },
  },
})

import { defineConfig } from 'vitest/config'
import { NODE_CONDITIONS, REPORTING, resolveWith } from '../vitest.shared.js'

export default defineConfig({
  ...resolveWith(NODE_CONDITIONS),
  test: {
    ...REPORTING,
    include: ['src/**/*.test.ts'],
    // The smoke runs start servers and child processes; one file at a time keeps them honest.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})

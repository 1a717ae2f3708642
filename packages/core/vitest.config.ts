import { defineConfig } from 'vitest/config'
import { NODE_CONDITIONS, REPORTING, resolveWith, TEST_TIMEOUT_MS } from '../../vitest.shared.js'

export default defineConfig({
  ...resolveWith(NODE_CONDITIONS),
  test: {
    ...REPORTING,
    testTimeout: TEST_TIMEOUT_MS,
    include: ['src/**/*.test.ts'],
    // Type tests (*.test-d.ts) pin the public surface; tsc checks them, nothing runs.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
})

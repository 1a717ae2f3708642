import { defineConfig } from 'vitest/config'
import { NODE_CONDITIONS, REPORTING, resolveWith, TEST_TIMEOUT_MS } from '../../vitest.shared.js'

export default defineConfig({
  ...resolveWith(NODE_CONDITIONS),
  test: {
    ...REPORTING,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    // Key presses go through Ink's input parser in real time (tens of ms each).
    testTimeout: TEST_TIMEOUT_MS,
  },
})

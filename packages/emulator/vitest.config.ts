import { defineConfig } from 'vitest/config'
import { NODE_CONDITIONS, REPORTING, resolveWith, TEST_TIMEOUT_MS } from '../../vitest.shared.js'

export default defineConfig({
  ...resolveWith(NODE_CONDITIONS),
  test: { ...REPORTING, testTimeout: TEST_TIMEOUT_MS, include: ['src/**/*.test.ts'] },
})

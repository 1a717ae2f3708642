// Sums every package's vitest JSON report into the one line CI reads: "N passed, N failed".
// Exits non-zero when a test failed, a suite failed to load, or no test ran at all.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const roots = ['packages', 'apps', 'bench']
let passed = 0
let failed = 0
let suitesFailed = 0
for (const root of roots) {
  let entries = []
  try {
    entries = readdirSync(root)
  } catch {
    continue
  }
  const dirs = root === 'bench' ? ['.'] : entries
  for (const dir of dirs) {
    const file = join(root, dir, 'test-results.json')
    try {
      statSync(file)
    } catch {
      continue
    }
    const report = JSON.parse(readFileSync(file, 'utf8'))
    passed += report.numPassedTests ?? 0
    failed += report.numFailedTests ?? 0
    suitesFailed += report.numFailedTestSuites ?? 0
  }
}
// A suite that failed to load has no failed tests of its own; count it so it cannot hide.
const failedTotal = failed + (failed === 0 ? suitesFailed : 0)
console.log(`${passed} passed, ${failedTotal} failed`)
process.exit(failedTotal > 0 || passed === 0 ? 1 : 0)

// `pnpm bench [name...] [--smoke]`: runs benchmarks, prints their tables and writes
// `bench/results/<name>.json`. Smoke runs (tiny sizes) write to the system temp directory instead,
// so they never overwrite the committed results of a full run.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BENCHMARKS, type BenchmarkName, isBenchmarkName } from './benchmarks.js'
import { describeMachine } from './lib/machine.js'
import { RESULTS_DIR, writeResults } from './lib/results.js'

const args = process.argv.slice(2)
const smoke = args.includes('--smoke')
const names = args.filter((a) => !a.startsWith('--'))
const unknown = names.filter((n) => !isBenchmarkName(n))
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}.`,
  )
  process.exit(2)
}
const selected = (names.length > 0 ? names : Object.keys(BENCHMARKS)) as BenchmarkName[]
const dir = smoke ? join(tmpdir(), 'darkroom-bench') : RESULTS_DIR

console.log(`Machine: ${describeMachine()}${smoke ? ' (smoke run: tiny sizes)' : ''}`)
let failed = false
for (const name of selected) {
  const bench = BENCHMARKS[name]
  console.log(`\n=== ${name} ===`)
  const started = performance.now()
  try {
    const result = await bench.run({ smoke })
    console.log(bench.report(result as never))
    const file = writeResults(name, result, dir)
    console.log(`\n${name}: ${((performance.now() - started) / 1000).toFixed(1)} s; wrote ${file}`)
  } catch (error) {
    failed = true
    console.error(`${name} failed:`, error)
  }
}
process.exit(failed ? 1 : 0)

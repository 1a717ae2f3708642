// Measures the production Worker bundle as `wrangler deploy --dry-run` writes it, gzipped, and
// fails above the budget: the gateway must stay small enough to start fast on the edge.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const dir = process.argv[2] ?? 'dist-worker'
const budget = Number(process.argv[3] ?? 40 * 1024)
let raw = 0
let gzip = 0
for (const name of readdirSync(dir)) {
  const file = join(dir, name)
  if (!statSync(file).isFile() || !/\.(m?js|wasm)$/.test(name)) continue
  const bytes = readFileSync(file)
  raw += bytes.length
  gzip += gzipSync(bytes, { level: 9 }).length
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
console.log(`Worker bundle: ${kib(raw)} raw, ${kib(gzip)} gzip (budget ${kib(budget)})`)
if (raw === 0) {
  console.error(`No bundle found in ${dir}; did wrangler deploy --dry-run --outdir ${dir} run?`)
  process.exit(1)
}
if (gzip > budget) {
  console.error(`The production Worker bundle is over budget by ${kib(gzip - budget)}.`)
  process.exit(1)
}

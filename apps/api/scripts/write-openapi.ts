// Writes the gateway's OpenAPI document, for every provider, to dist-assets/openapi.json: the
// production Worker serves it (and /v1/providers' input schemas) from its static assets instead
// of bundling the JSON Schema converter. Run by `build`, `dev:worker` and the tests' setup.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { demoAdapters } from '../src/demo.js'
import { buildOpenApi } from '../src/openapi/build.js'

const dir = process.argv[2] ?? 'dist-assets'
// Every provider's operations: the emulator-wired adapters carry the same specs as live ones.
const adapters = Object.values(demoAdapters({ seed: 1 })).filter((a) => a !== undefined)
const doc = buildOpenApi(adapters, '0.0.0')
mkdirSync(dir, { recursive: true })
writeFileSync(join(dir, 'openapi.json'), `${JSON.stringify(doc)}\n`)
console.log(
  `OpenAPI document for ${adapters.map((a) => a.id).join(', ')} written to ${join(dir, 'openapi.json')}`,
)

// Writes the gateway's OpenAPI document, for every provider, to dist-assets/openapi.json: the
// production Worker serves it (and /v1/providers' input schemas) from its static assets instead
// of bundling the JSON Schema converter. Run by `build`, `dev:worker` and the tests' setup.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { everyProviderOpenApi } from '../src/openapi/build.js'

const dir = process.argv[2] ?? 'dist-assets'
const doc = everyProviderOpenApi()
mkdirSync(dir, { recursive: true })
// Written beside and renamed into place: the tests' setup and the build may run at once, and a
// reader must never see half a file.
const temp = join(dir, `.openapi.json.${process.pid}.tmp`)
writeFileSync(temp, `${JSON.stringify(doc)}\n`)
renameSync(temp, join(dir, 'openapi.json'))
console.log(`OpenAPI document for every provider written to ${join(dir, 'openapi.json')}`)

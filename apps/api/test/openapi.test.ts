import { readFileSync } from 'node:fs'
import { operationInputJsonSchema } from '@darkroom/core'
import { createEmulators, createInProcessAdapters } from '@darkroom/emulator'
import { describe, expect, it } from 'vitest'
import { createApp, type LogEntry } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { assetOpenApi } from '../src/openapi/asset.js'
import { everyProviderOpenApi, generatedOpenApi } from '../src/openapi/build.js'
import { inputSchemaOf, type OpenApiDocument, restrictTo } from '../src/openapi/document.js'
import { ROUTES } from '../src/routes/index.js'
import { makeGateway } from './helpers.js'

const all = Object.values(createInProcessAdapters(createEmulators({ seed: 1 })))
const fullDoc = everyProviderOpenApi
const binding = (answer: () => Response) => {
  const seen: string[] = []
  return {
    seen,
    fetch: async (request: Request) => {
      seen.push(new URL(request.url).pathname)
      return answer()
    },
  }
}

describe('the OpenAPI document', () => {
  it('is the same whether generated in process or read from the build-time asset', async () => {
    // vitest.config.ts wrote dist-assets/openapi.json with scripts/write-openapi.ts.
    const asset = JSON.parse(
      readFileSync(new URL('../dist-assets/openapi.json', import.meta.url), 'utf8'),
    )
    expect(asset).toEqual(JSON.parse(JSON.stringify(fullDoc())))
    const fromAssets = assetOpenApi(binding(() => Response.json(asset)))
    expect(await fromAssets()).toEqual(asset)
  })

  it('documents the Idempotency-Key of a submit: the header, the 200 replay, the 409 and 422', () => {
    const post = (fullDoc().paths as Record<string, Record<string, Record<string, unknown>>>)[
      '/v1/jobs'
    ]?.post as {
      parameters: { name: string; in: string }[]
      responses: Record<string, { description: string; headers?: Record<string, unknown> }>
    }
    expect(post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
    )
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(['200', '202', '409', '422']),
    )
    expect(post.responses['200']?.headers).toHaveProperty('Idempotent-Replayed')
    expect(post.responses['409']?.description).toMatch(/idempotency_key_in_flight/)
    expect(post.responses['422']?.description).toMatch(/idempotency_key_reused/)
    expect(post.responses['502']?.description).toMatch(/submit_outcome_unknown/)
  })

  it("is narrowed to the offered providers: no other provider's inputs or CreateJob variants", () => {
    const doc = restrictTo(fullDoc(), ['speedpix'])
    const inputs = Object.keys(doc.components.schemas).filter((n) => n.startsWith('Input_'))
    expect(inputs.sort()).toEqual(['Input_speedpix_img2img', 'Input_speedpix_txt2img'])
    const variants = doc.components.schemas.CreateJob?.oneOf as {
      properties: { provider: { const: string } }
    }[]
    expect(variants.map((v) => v.properties.provider.const)).toEqual(['speedpix', 'speedpix'])
    expect(doc.components.schemas.Job).toBeDefined()
  })

  it('gives a standalone input schema, and says to rebuild when one is missing', () => {
    const doc = fullDoc()
    const schema = inputSchemaOf(doc, 'aidge', 'virtual-model')
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.type).toBe('object')
    // The same schema the direct transport lists (core's operationInputJsonSchema), for every operation.
    for (const adapter of all) {
      for (const spec of Object.values(adapter.operations)) {
        expect(inputSchemaOf(doc, adapter.id, spec.name)).toEqual(operationInputJsonSchema(spec))
      }
    }
    const stale: OpenApiDocument = { ...doc, components: { schemas: {} } }
    expect(() => inputSchemaOf(stale, 'aidge', 'virtual-model')).toThrow(
      /no input schema for aidge\/virtual-model.*pnpm --filter @darkroom\/api build/,
    )
  })
})

describe('operationId and servers', () => {
  it("gives every operation of the document a unique camelCase operationId, its route's", () => {
    const paths = fullDoc().paths as Record<string, Record<string, { operationId?: unknown }>>
    const operations = Object.values(paths).flatMap((methods) => Object.values(methods))
    expect(operations).toHaveLength(ROUTES.length)
    const ids = operations.map((operation) => operation.operationId)
    expect(ids.sort()).toEqual(ROUTES.map((route) => route.operationId).sort())
    expect(new Set(ids).size, `duplicated: ${ids}`).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/)
    expect(ids).toEqual(
      expect.arrayContaining(['createJob', 'getJob', 'listJobs', 'listProviders']),
    )
  })

  it('says the paths are under the origin serving the document, in every narrowing', () => {
    for (const doc of [fullDoc(), restrictTo(fullDoc(), ['aidge'])]) {
      expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }])
    }
  })
})

describe('assetOpenApi', () => {
  it('reads /openapi.json through the ASSETS binding', async () => {
    const assets = binding(() => Response.json(fullDoc()))
    expect((await assetOpenApi(assets)()).openapi).toBe('3.1.0')
    expect(assets.seen).toEqual(['/openapi.json'])
  })

  it('says how to deploy when the binding, the file or its shape is wrong', async () => {
    await expect(assetOpenApi(undefined)()).rejects.toThrow(/no ASSETS binding.*wrangler\.jsonc/)
    await expect(
      assetOpenApi(binding(() => new Response('missing', { status: 404 })))(),
    ).rejects.toThrow(/have no \/openapi\.json \(HTTP 404\).*pnpm --filter @darkroom\/api build/)
    await expect(
      assetOpenApi(binding(() => Response.json({ openapi: '3.0.0', components: {} })))(),
    ).rejects.toThrow(/not a Darkroom OpenAPI 3\.1 document/)
    await expect(assetOpenApi(binding(() => new Response('<html>')))()).rejects.toThrow(
      /not a Darkroom OpenAPI 3\.1 document/,
    )
  })
})

describe('the gateway with its document', () => {
  it('serves only the offered providers in /openapi.json', async () => {
    const { request } = makeGateway({ providers: ['aidge'] })
    const doc = await (await request('/openapi.json', { key: null })).json()
    const inputs = Object.keys(doc.components.schemas).filter((n: string) => n.startsWith('Input_'))
    expect(inputs).toEqual(['Input_aidge_virtual_model'])
  })

  it('answers 500 (logged with the reason) while the document is unreadable, then recovers', async () => {
    let ok = false
    const logs: LogEntry[] = []
    const adapters = createInProcessAdapters(createEmulators({ seed: 2 }))
    const app = createApp({
      config: loadConfig({ DARKROOM_DEMO: '1', DARKROOM_TOKEN_SECRET: 't'.repeat(40) }),
      adapters,
      log: (entry) => logs.push(entry),
      openApi: async () => {
        if (!ok) throw new Error("The Worker's assets have no /openapi.json (HTTP 404)")
        return generatedOpenApi(adapters)()
      },
    })
    const headers = { authorization: 'Bearer demo' }
    for (const path of ['/openapi.json', '/v1/providers']) {
      const failed = await app.request(`http://gateway.test${path}`, { headers })
      expect(failed.status).toBe(500)
      expect(failed.headers.get('content-type')).toBe('application/problem+json')
      expect(failed.headers.get('x-request-id')).toBeTruthy()
    }
    expect(logs.filter((l) => l.level === 'error').map((l) => l.error)).toEqual([
      expect.stringContaining('no /openapi.json'),
      expect.stringContaining('no /openapi.json'),
    ])
    ok = true
    const providers = await app.request('http://gateway.test/v1/providers', { headers })
    expect(providers.status).toBe(200)
    const body = await providers.json()
    expect(body.providers[0].operations[0].inputSchema.type).toBe('object')
  })
})

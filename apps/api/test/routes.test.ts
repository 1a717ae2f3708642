import { describe, expect, it } from 'vitest'
import { openApiPath } from '../src/http/route.js'
import { everyProviderOpenApi } from '../src/openapi/build.js'
import { ROUTES } from '../src/routes/index.js'
import { makeGateway } from './helpers.js'

/** A concrete path for a route's pattern: every `:param` filled in. */
const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name) => `some-${name}`)

describe('the route table', () => {
  it('is what the OpenAPI document lists, path by path and method by method', () => {
    const doc = everyProviderOpenApi() as unknown as {
      paths: Record<string, Record<string, unknown>>
    }
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    )
    expect(listed).toEqual(ROUTES.map((r) => `${r.method} ${openApiPath(r.path)}`))
    for (const route of ROUTES) {
      const op = doc.paths[openApiPath(route.path)]?.[route.method] as { security?: unknown[] }
      // Public routes need nothing, /metrics its own key, the rest the document's API key.
      const security = route.public ? [] : route.metricsKey ? [{ metricsKey: [] }] : undefined
      expect(op.security, route.path).toEqual(security)
    }
  })

  it.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s is registered, asks for a key unless public, and refuses other methods with 405 + Allow',
    async (_name, route) => {
      const { request, logs } = makeGateway()
      const path = concrete(route.path)
      const init = { method: route.method.toUpperCase(), key: null }
      const anonymous = await request(path, route.body ? { ...init, body: '{}' } : init)
      // A public route never asks for a key; a signed URL's route refuses a made-up URL (400, 403).
      if (route.public)
        expect(route.path.startsWith('/v1/') ? [400, 403] : [200]).toContain(anonymous.status)
      else expect(anonymous.status).toBe(401)

      // No route answers DELETE; GET would reach GET /v1/jobs from POST's path.
      const wrong = 'DELETE'
      const refused = await request(path, { method: wrong })
      expect(refused.status).toBe(405)
      // Every method of the path is allowed (GET and POST /v1/jobs), in the table's order.
      const allowed = ROUTES.filter((r) => r.path === route.path).map((r) => r.method)
      expect(refused.headers.get('allow')).toBe(allowed.join(', ').toUpperCase())
      expect(await refused.json()).toMatchObject({ code: 'method_not_allowed', status: 405 })
      // Refusals go through the same middleware as answers: each is logged with its status.
      expect(logs.map((l) => l.status)).toEqual([anonymous.status, 405])
    },
  )

  it('answers 404 for a path no route has, logged like any answer', async () => {
    const { request, logs } = makeGateway()
    const missing = await request('/v1/jobs/a/b/c', { key: null })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ code: 'not_found' })
    expect(logs).toEqual([expect.objectContaining({ path: '/v1/jobs/a/b/c', status: 404 })])
  })
})

import { describeProvider, type ProvidersAnswer } from '@darkroom/client/wire'
import type { RouteSpec } from '../http/route.js'
import { inputSchemaOf } from '../openapi/document.js'

/** `GET /v1/providers`: what this gateway offers, with each operation's input JSON Schema. */
export const providersRoute: RouteSpec = {
  method: 'get',
  path: '/v1/providers',
  summary: 'Providers and operations, with input JSON Schemas',
  operationId: 'listProviders',
  answer: { status: 200, description: 'Offered providers', json: 'Providers' },
  problems: [401],
  handler: (ctx) => {
    let cached: ProvidersAnswer | null = null
    return async (c) => {
      if (!cached) {
        // Input schemas come from the OpenAPI document (a static asset on Workers).
        const doc = await ctx.openApi()
        cached = {
          providers: Object.values(ctx.deps.adapters).map((adapter) =>
            describeProvider(adapter, (spec) => inputSchemaOf(doc, adapter.id, spec.name)),
          ),
        }
      }
      return c.json(cached)
    }
  },
}

import { describeProvider } from '@darkroom/client/wire'
import type { Hono } from 'hono'
import type { AppContext, AppEnv } from '../http/context.js'
import { inputSchemaOf } from '../openapi/document.js'

/** `GET /v1/providers`: what this gateway offers, with each operation's input JSON Schema. */
export function providerRoutes(app: Hono<AppEnv>, ctx: AppContext): void {
  let cached: unknown = null
  app.get('/v1/providers', async (c) => {
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
  })
}

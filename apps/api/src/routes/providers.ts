import type { Hono } from 'hono'
import type { AppContext, AppEnv } from '../http/context.js'
import { describeAdapter } from './schemas.js'

/** `GET /v1/providers`: what this gateway offers, with each operation's input JSON Schema. */
export function providerRoutes(app: Hono<AppEnv>, ctx: AppContext): void {
  let cached: unknown = null
  app.get('/v1/providers', async (c) => {
    if (!cached) {
      const doc = await ctx.openApi()
      cached = {
        providers: Object.values(ctx.deps.adapters).map((adapter) => describeAdapter(adapter, doc)),
      }
    }
    return c.json(cached)
  })
}

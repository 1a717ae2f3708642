import type { Hono } from 'hono'
import type { AppContext, AppEnv } from '../http/context.js'

/** `GET /openapi.json`: the OpenAPI 3.1 document, narrowed to the providers on offer. */
export function openApiRoutes(app: Hono<AppEnv>, ctx: AppContext): void {
  app.get('/openapi.json', async (c) => c.json(await ctx.openApi()))
}

import type { RouteSpec } from '../http/route.js'

/** `GET /openapi.json`: the OpenAPI 3.1 document, narrowed to the providers on offer. */
export const openApiRoute: RouteSpec = {
  method: 'get',
  path: '/openapi.json',
  summary: 'This document',
  operationId: 'getOpenApiDocument',
  public: true,
  answer: { status: 200, description: 'OpenAPI 3.1' },
  problems: [],
  handler: (ctx) => async (c) => c.json(await ctx.openApi()),
}

import type { Health } from '@darkroom/client/wire'
import { offeredProviders } from '../config.js'
import type { RouteSpec } from '../http/route.js'

/** `GET /healthz`: the mode and the providers on offer, without a key. */
export const healthRoute: RouteSpec = {
  method: 'get',
  path: '/healthz',
  summary: 'Health',
  operationId: 'getHealth',
  public: true,
  answer: { status: 200, description: 'Healthy', json: 'Health' },
  problems: [],
  handler: (ctx) => (c) => {
    const { config, adapters, version } = ctx.deps
    const health: Health = {
      status: 'ok',
      mode: config.demo ? 'demo' : 'live',
      providers: offeredProviders(config).filter((p) => adapters[p]),
      version: version ?? '0.0.0',
    }
    return c.json(health)
  },
}

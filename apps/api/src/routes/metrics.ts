import { HttpProblem } from '../http/http-problem.js'
import type { RouteSpec } from '../http/route.js'
import { formatPrometheus, PROMETHEUS_CONTENT_TYPE } from '../metrics/prometheus.js'
import { bearerSecret } from '../security/api-keys.js'

/**
 * `GET /metrics`: Prometheus text, behind its own key (`DARKROOM_METRICS_KEY` as a Bearer; in
 * demo mode the demo key `demo` unless one is set), never an API key: a scraper sees counts,
 * never jobs. Off (404) when no metrics key is configured.
 */
export const metricsRoute: RouteSpec = {
  method: 'get',
  path: '/metrics',
  summary: 'Metrics in Prometheus text format (needs DARKROOM_METRICS_KEY as the Bearer)',
  operationId: 'getMetrics',
  metricsKey: true,
  answer: {
    status: 200,
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string' } } },
  },
  problems: [401, 404],
  handler: (ctx) => async (c) => {
    const verifier = ctx.metricsVerifier
    if (!verifier) {
      throw new HttpProblem({
        status: 404,
        code: 'not_found',
        detail: 'GET /metrics is off: set DARKROOM_METRICS_KEY to turn it on.',
      })
    }
    const secret = bearerSecret(c.req.header('authorization'))
    if (!secret || !(await verifier.verify(secret))) {
      throw new HttpProblem(
        {
          status: 401,
          code: 'unauthorized',
          detail: secret
            ? 'The metrics key is not valid.'
            : 'Send the metrics key (DARKROOM_METRICS_KEY) as "Authorization: Bearer <key>".',
        },
        { 'www-authenticate': 'Bearer realm="darkroom-metrics"' },
      )
    }
    const text = formatPrometheus(await ctx.jobs.metrics())
    return c.body(text, 200, {
      'content-type': PROMETHEUS_CONTENT_TYPE,
      'cache-control': 'no-store',
    })
  },
}

import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from '@darkroom/client/wire'
import { type ProviderId, systemClock } from '@darkroom/core'
import { createRedactor } from '@darkroom/core/provider-kit'
import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import { Hono } from 'hono/tiny'
import type { AppContext, AppDeps, AppEnv, LogEntry } from './http/context.js'
import { HttpProblem } from './http/http-problem.js'
import { limitBody } from './http/json-body.js'
import { problemFor } from './http/respond.js'
import { allowedMethods } from './http/route.js'
import { statelessJobs } from './jobs/stateless-jobs.js'
import { type OpenApiDocument, restrictTo } from './openapi/document.js'
import { ROUTES } from './routes/index.js'
import { ApiKeyVerifier, bearerSecret } from './security/api-keys.js'

export type { AppDeps, LogEntry } from './http/context.js'

function consoleLog(entry: LogEntry): void {
  console.log(JSON.stringify(entry))
}

/**
 * The gateway: a pure Hono app, free of any runtime. Entry files (`runtimes/node.ts`,
 * `runtimes/worker.ts`, `runtimes/bun.ts`, `runtimes/deno.ts`) read the environment, build the
 * adapters and pass them in. Routes are declared in `routes/index.ts`; they throw, and
 * `app.onError` renders every error as a problem.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const redact = createRedactor(deps.config.secrets)
  const sink = deps.log ?? consoleLog
  let openApi: Promise<OpenApiDocument> | null = null
  const clock = deps.clock ?? systemClock
  const ctx: AppContext = {
    deps,
    clock,
    jobs: deps.jobs ?? statelessJobs(deps.adapters, { clock, watch: deps.watch }),
    verifier: new ApiKeyVerifier(deps.config.apiKeys, deps.config.tokenSecret),
    metricsVerifier: deps.config.metricsKey
      ? new ApiKeyVerifier(
          [{ name: 'metrics', secret: deps.config.metricsKey }],
          deps.config.tokenSecret,
        )
      : null,
    redact,
    log: (entry) =>
      sink(
        Object.fromEntries(
          Object.entries(entry).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]),
        ),
      ),
    openApi() {
      openApi ??= deps.openApi().then(
        (doc) => restrictTo(doc, Object.keys(deps.adapters) as ProviderId[]),
        (error: unknown) => {
          openApi = null
          throw error
        },
      )
      return openApi
    },
  }
  const app = new Hono<AppEnv>()

  app.use(requestId())
  app.use(async (c, next) => {
    const started = ctx.clock.now()
    await next()
    ctx.log({
      level: 'info',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: ctx.clock.now() - started,
      key: c.get('keyName') ?? null,
    })
  })
  const origins = deps.config.corsOrigins
  if (origins === '*' || origins.length > 0) {
    app.use(
      cors({
        origin: origins === '*' ? '*' : origins,
        // Idempotency-Key: the client sends one with every submit.
        allowHeaders: [
          'Authorization',
          'Content-Type',
          IDEMPOTENCY_KEY_HEADER,
          'Last-Event-ID',
          'X-Request-Id',
        ],
        // The routes' methods, and OPTIONS for the preflight itself.
        allowMethods: [...new Set(ROUTES.map((r) => r.method.toUpperCase())), 'OPTIONS'],
        exposeHeaders: ['Location', 'X-Request-Id', 'Retry-After', IDEMPOTENT_REPLAYED_HEADER],
        maxAge: 600,
      }),
    )
  }
  const limit = limitBody(deps.config.bodyLimitBytes)
  const imageLimit = limitBody(
    deps.config.images.maxBytes,
    'upload a smaller image (the gateway caps them with DARKROOM_IMAGE_MAX_BYTES)',
  )
  const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const secret = bearerSecret(c.req.header('authorization'))
    const keyName = secret ? await ctx.verifier.verify(secret) : null
    if (!keyName) {
      throw new HttpProblem(
        {
          status: 401,
          code: 'unauthorized',
          detail: secret
            ? 'The API key is not valid.'
            : 'Send an API key as "Authorization: Bearer <key>".',
        },
        { 'www-authenticate': 'Bearer realm="darkroom"' },
      )
    }
    c.set('keyName', keyName)
    await next()
  }

  // Each route from its one declaration, which also gives the 405s and the OpenAPI document.
  for (const route of ROUTES) {
    // The key first: a caller without one never gets a body read, however it is sent.
    const handlers: MiddlewareHandler<AppEnv>[] = [
      ...(route.public || route.metricsKey ? [] : [authenticate]),
      ...(route.body ? [limit] : route.rawBody ? [imageLimit] : []),
    ]
    app.on([route.method.toUpperCase()], [route.path], ...handlers, route.handler(ctx))
  }
  const allowed = allowedMethods(ROUTES)
  // Last, so it sees only what no route took; a handler, so what it throws is rendered as ever.
  app.all('*', (c) => {
    const path = new URL(c.req.url).pathname
    const methods = allowed(path)
    if (methods.length > 0) {
      throw new HttpProblem(
        {
          status: 405,
          code: 'method_not_allowed',
          detail: `${c.req.method} is not allowed on ${path}; use ${methods.join(', ')}.`,
        },
        { allow: methods.join(', ') },
      )
    }
    throw new HttpProblem({
      status: 404,
      code: 'not_found',
      detail: `No route ${c.req.method} ${path}. See /openapi.json for the API.`,
    })
  })
  // Every error of every route and middleware is rendered here, once.
  app.onError((error, c) => problemFor(c, ctx, error))
  return app
}

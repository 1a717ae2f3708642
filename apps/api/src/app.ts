import { type ProviderId, systemClock } from '@darkroom/core'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { Hono } from 'hono/tiny'
import { offeredProviders } from './config.js'
import type { AppContext, AppDeps, AppEnv, LogEntry } from './http/context.js'
import { problem, problemFor } from './http/respond.js'
import { type OpenApiDocument, restrictTo } from './openapi/document.js'
import { eventRoutes } from './routes/events.js'
import { jobRoutes } from './routes/jobs.js'
import { openApiRoutes } from './routes/openapi.js'
import { providerRoutes } from './routes/providers.js'
import { ApiKeyVerifier, bearerSecret } from './security/api-keys.js'
import { createRedactor } from './security/redact.js'

export type { AppDeps, LogEntry } from './http/context.js'

/** Paths and the methods they answer, for 405 with an `Allow` header. */
const ROUTES: [RegExp, string[]][] = [
  [/^\/healthz$/, ['GET']],
  [/^\/openapi\.json$/, ['GET']],
  [/^\/v1\/providers$/, ['GET']],
  [/^\/v1\/jobs$/, ['POST']],
  [/^\/v1\/jobs\/[^/]+$/, ['GET']],
  [/^\/v1\/jobs\/[^/]+\/events$/, ['GET']],
  [/^\/v1\/jobs\/[^/]+\/images\/[^/]+$/, ['GET']],
]

function consoleLog(entry: LogEntry): void {
  console.log(JSON.stringify(entry))
}

/**
 * The gateway: a pure Hono app, free of any runtime. Entry files (`node.ts`, `worker.ts`,
 * `bun.ts`, `deno.ts`) read the environment, build the adapters and pass them in.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const redact = createRedactor(deps.config.secrets)
  const sink = deps.log ?? consoleLog
  let openApi: Promise<OpenApiDocument> | null = null
  const ctx: AppContext = {
    deps,
    clock: deps.clock ?? systemClock,
    verifier: new ApiKeyVerifier(deps.config.apiKeys, deps.config.tokenSecret),
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
        allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'X-Request-Id'],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        exposeHeaders: ['Location', 'X-Request-Id', 'Retry-After'],
        maxAge: 600,
      }),
    )
  }
  const limitBody = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: (c) =>
      problem(c, {
        status: 413,
        code: 'payload_too_large',
        detail: `The request body is larger than ${deps.config.bodyLimitBytes} bytes.`,
      }),
  })
  // Not for GET and HEAD, whose bodies no route reads: the check asks for the request's body,
  // which makes @hono/node-server build a whole `Request` (4.5 % of a status call's CPU).
  app.use('/v1/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  )
  app.use('/v1/*', async (c, next) => {
    const secret = bearerSecret(c.req.header('authorization'))
    const keyName = secret ? await ctx.verifier.verify(secret) : null
    if (!keyName) {
      return problem(
        c,
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
  })

  app.get('/healthz', (c) =>
    c.json({
      status: 'ok',
      mode: deps.config.demo ? 'demo' : 'live',
      providers: offeredProviders(deps.config).filter((p) => deps.adapters[p]),
      version: deps.version ?? '0.0.0',
    }),
  )
  providerRoutes(app, ctx)
  jobRoutes(app, ctx)
  eventRoutes(app, ctx)
  openApiRoutes(app, ctx)

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname
    const route = ROUTES.find(([pattern]) => pattern.test(path))
    if (route) {
      return problem(
        c,
        {
          status: 405,
          code: 'method_not_allowed',
          detail: `${c.req.method} is not allowed on ${path}; use ${route[1].join(', ')}.`,
        },
        { allow: route[1].join(', ') },
      )
    }
    return problem(c, {
      status: 404,
      code: 'not_found',
      detail: `No route ${c.req.method} ${path}. See /openapi.json for the API.`,
    })
  })
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      const detail =
        error.status === 400
          ? `The request is malformed: ${error.message || 'unreadable body'}. Send JSON with Content-Type: application/json.`
          : error.message
      return problem(c, {
        status: error.status,
        code: error.status === 413 ? 'payload_too_large' : 'invalid_input',
        detail,
      })
    }
    return problemFor(c, ctx, error)
  })
  return app
}

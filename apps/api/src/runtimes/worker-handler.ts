import type { DurableObjectNamespace } from 'cloudflare:workers'
import { systemClock } from '@darkroom/core'
import { createRedactor } from '@darkroom/core/provider-kit'
import type { Hono } from 'hono'
import type { AppEnv } from '../http/context.js'
import { problemBody } from '../http/problem.js'
import { GatewayImages } from '../images/gateway-images.js'
import { type AssetsBinding, assetOpenApi } from '../openapi/asset.js'
import { type DemoWiring, startGateway } from '../start.js'
import { durableObjectJobs } from './workers/durable-object-jobs.js'
import { JOBS_BINDING, type ProviderJobsRpc } from './workers/object-rpc.js'
import { IMAGES_BINDING, type R2BucketLike, r2ImageStorage } from './workers/r2-image-storage.js'

/**
 * A Workers `fetch` handler. Workers see their vars, secrets and bindings only on the first
 * request, so the configuration is read then, once; a bad value answers every request with a 500
 * problem naming the variable (and is logged), which is the Workers equivalent of refusing to
 * start.
 */
export function workerHandler(demo: DemoWiring | null) {
  let app: Hono<AppEnv> | null = null
  let failure: string | null = null
  return {
    fetch(
      request: Request,
      env: Record<string, unknown>,
      ctx: unknown,
    ): Response | Promise<Response> {
      if (!app && !failure) {
        const vars = Object.fromEntries(
          Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'),
        )
        // The OpenAPI document (and the input schemas of /v1/providers) is generated at build
        // time and served from the Worker's static assets: see wrangler.jsonc.
        const assets = env.ASSETS as AssetsBinding | undefined
        // Jobs live in one Durable Object per provider (wrangler.jsonc's DARKROOM_JOBS).
        const namespace = env[JOBS_BINDING] as DurableObjectNamespace<ProviderJobsRpc>
        // Uploads go straight to the R2 bucket (wrangler.jsonc's DARKROOM_IMAGES); no timer
        // here, as an isolate lives for requests only: the objects' alarms sweep the bucket.
        const bucket = env[IMAGES_BINDING] as R2BucketLike | undefined
        const started = startGateway(vars, demo, {
          openApi: () => assetOpenApi(assets),
          jobs: (adapters) => durableObjectJobs(namespace, adapters),
          images:
            bucket &&
            ((config) => {
              const redact = createRedactor(config.secrets)
              return new GatewayImages({
                storage: r2ImageStorage(bucket),
                config: config.images,
                clock: systemClock,
                timer: false,
                log: (message) => console.warn(redact(message)),
              })
            }),
        })
        if (started.ok) app = started.app
        else {
          failure = started.error
          console.error(failure)
        }
      }
      if (app) return app.fetch(request, env, ctx as never)
      const body = problemBody(
        { status: 500, code: 'internal', detail: failure ?? 'not configured' },
        crypto.randomUUID(),
      )
      return new Response(JSON.stringify(body), {
        status: 500,
        headers: { 'content-type': 'application/problem+json' },
      })
    },
  }
}

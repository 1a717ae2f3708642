import { watchJob } from '@darkroom/core'
import type { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AppContext, AppEnv } from '../http/context.js'
import { jobAccess, requestOrigin } from '../http/job-access.js'
import { presentJob } from '../http/present.js'
import { problemBody, problemFromError } from '../http/problem.js'
import { jobNotFound } from '../http/respond.js'

/**
 * `GET /v1/jobs/:id/events`: server-sent events, one `job` event per change until the job is
 * terminal, polling upstream through core's watcher. Event ids increase across reconnects (a
 * reconnect with `Last-Event-ID` continues the numbering and starts with the current snapshot).
 * A heartbeat comment keeps proxies from closing an idle stream; a client that goes away aborts
 * the watch, which stops the upstream polling at once.
 */
export function eventRoutes(app: Hono<AppEnv>, ctx: AppContext): void {
  app.get('/v1/jobs/:id/events', async (c) => {
    const access = await jobAccess(c, ctx)
    if (!access) return jobNotFound(c)
    const last = Number(c.req.header('last-event-id'))
    let seq = Number.isSafeInteger(last) && last > 0 ? last : 0
    const origin = requestOrigin(c)
    const requestId = c.get('requestId')
    const heartbeatMs = ctx.deps.heartbeatMs ?? 15_000
    c.header('cache-control', 'no-cache')
    c.header('x-accel-buffering', 'no')
    return streamSSE(c, async (stream) => {
      const controller = new AbortController()
      stream.onAbort(() => controller.abort())
      const heartbeat = (async () => {
        while (!controller.signal.aborted) {
          try {
            await ctx.clock.sleep(heartbeatMs, controller.signal)
          } catch {
            return
          }
          await stream.write(': heartbeat\n\n')
        }
      })()
      try {
        const watch = watchJob(access.adapter, access.handle, {
          ...ctx.deps.watch,
          clock: ctx.clock,
          signal: controller.signal,
        })
        for await (const job of watch) {
          seq += 1
          await stream.writeSSE({
            event: 'job',
            id: String(seq),
            data: JSON.stringify(presentJob(job, access.token, origin)),
          })
        }
      } catch (error) {
        if (!controller.signal.aborted) {
          const { input } = problemFromError(error, ctx.redact)
          await stream.writeSSE({
            event: 'error',
            data: JSON.stringify(problemBody(input, requestId)),
          })
        }
      } finally {
        controller.abort()
        await heartbeat
      }
    })
  })
}

import { streamSSE } from 'hono/streaming'
import { DEFAULT_HEARTBEAT_MS } from '../http/context.js'
import { jobAccess } from '../http/job-access.js'
import { presentJob } from '../http/present.js'
import { problemBody, problemFromError } from '../http/problem.js'
import { publicBase } from '../http/public-base.js'
import type { RouteSpec } from '../http/route.js'
import { JOB_ID_PARAMETER } from './jobs.js'

/**
 * `GET /v1/jobs/:id/events`: server-sent events, one `job` event per change until the job is
 * terminal, through `GatewayJobs.watch` (any number of streams of a job share one poller). Event ids increase across reconnects (a
 * reconnect with `Last-Event-ID` continues the numbering and starts with the current snapshot).
 * A heartbeat comment keeps proxies from closing an idle stream; a client that goes away aborts
 * the watch, which stops the upstream polling at once. Once the stream has started, an error is
 * an `error` event carrying the problem (the status line is already sent). When the server shuts
 * down, the stream ends with a `shutdown` event (`{reason, lastEventId, detail}`): reconnect,
 * to another instance, with that `Last-Event-ID`.
 */
export const eventsRoute: RouteSpec = {
  method: 'get',
  path: '/v1/jobs/:id/events',
  summary: 'Server-sent events: one `job` event per change until the job ends',
  operationId: 'watchJob',
  parameters: [
    JOB_ID_PARAMETER,
    { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
  ],
  answer: {
    status: 200,
    description: 'An event stream whose `job` events carry a Job',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  },
  problems: [401, 404],
  handler: (ctx) => async (c) => {
    const access = await jobAccess(c, ctx)
    const last = Number(c.req.header('last-event-id'))
    let seq = Number.isSafeInteger(last) && last > 0 ? last : 0
    const origin = publicBase(c, ctx)
    const requestId = c.get('requestId')
    const heartbeatMs = ctx.deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS
    c.header('cache-control', 'no-cache')
    c.header('x-accel-buffering', 'no')
    const shutdown = ctx.deps.shutdown
    return streamSSE(c, async (stream) => {
      const controller = new AbortController()
      const stop = () => controller.abort()
      stream.onAbort(stop)
      shutdown?.addEventListener('abort', stop)
      if (shutdown?.aborted) stop()
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
        const watch = ctx.jobs.watch(access.handle, access.owner, { signal: controller.signal })
        for await (const job of watch) {
          seq += 1
          await stream.writeSSE({
            event: 'job',
            id: String(seq),
            data: JSON.stringify(await presentJob(job, access.token, origin, ctx)),
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
        shutdown?.removeEventListener('abort', stop)
        controller.abort()
        await heartbeat
      }
      // No `id`: the client's Last-Event-ID stays that of the last job event.
      if (shutdown?.aborted && !stream.aborted) {
        const lastEventId = String(seq)
        await stream.writeSSE({
          event: 'shutdown',
          data: JSON.stringify({
            reason: 'shutdown',
            lastEventId,
            detail: `The gateway is shutting down; reconnect with Last-Event-ID: ${lastEventId} to go on.`,
          }),
        })
      }
    })
  },
}

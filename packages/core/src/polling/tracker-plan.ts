import type { PollQueue } from './poll-queue.js'
import type { ScheduleOptions } from './schedule.js'
import type { Tracked } from './tracked-job.js'

/** What planning a tracked job's next poll reads of its tracker. */
export interface PlanContext {
  schedule: ScheduleOptions
  queue: PollQueue<Tracked>
  random: () => number
  useIdle: boolean
  /** `watchJob`'s private tracker: the engine's plan as it is, jitter drawn only after a failure. */
  single: boolean
}

/**
 * Sets a job's next poll times: due at the plan (or one widened gap, when that is later), and
 * worth an idle token from its earliest end or one unwidened gap, whichever is later. A first
 * look after a sleep keeps its place, one maxLag past the earliest end: moving it later saves
 * less than a request and makes every early finisher late.
 */
export function planPoll(ctx: PlanContext, tracked: Tracked, now: number, afterError: boolean) {
  const { maxLagMs, minIntervalMs } = ctx.schedule
  const { poller } = tracked
  // `accept` planned with the mid draw already; jitter only matters after a failure.
  const plan =
    ctx.single && !afterError && poller.plan ? poller.plan : poller.nextDelay(now, ctx.random())
  const failed = plan.reason === 'error-backoff' || plan.reason === 'retry-after'
  if (ctx.single || failed) tracked.dueAt = now + plan.delayMs
  else {
    const gap = Math.round(maxLagMs * ctx.queue.lane(tracked).widening.factor(now))
    tracked.dueAt = now + Math.max(plan.delayMs, gap)
  }
  const early = Math.max(plan.earliestEndAt ?? 0, now + Math.max(maxLagMs, minIntervalMs))
  tracked.softDueAt = ctx.useIdle && !failed ? Math.min(tracked.dueAt, early) : tracked.dueAt
}

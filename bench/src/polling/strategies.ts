import {
  type Clock,
  type DurationLearner,
  isTerminalState,
  type Job,
  type JobHandle,
  type ProviderAdapter,
  waitForJob,
} from '@darkroom/core'

/** The strategies compared, with the keys used in the results JSON. */
export const STRATEGY_IDS = ['fixed-500ms', 'fixed-1s', 'lro', 'darkroom', 'oracle'] as const
export type StrategyId = (typeof STRATEGY_IDS)[number]

/** What a strategy gets for one job, right after submitting it. */
export interface WatchContext {
  adapter: ProviderAdapter
  handle: JobHandle
  /** The snapshot `submit` returned. */
  initial: Job
  submittedAt: number
  clock: Clock
  /** One learner per provider run, shared by its jobs: Darkroom learns as jobs finish. */
  learner: DurationLearner
  /** Seeded jitter source. */
  random: () => number
  /** When the job will finish: only the oracle may look. */
  peekFinishAt: () => number
}

/** Watches one job to its end and returns the terminal snapshot. */
export type Strategy = (ctx: WatchContext) => Promise<Job>

/**
 * The loop users write by hand, and what fal's, Replicate's and the AI SDK's clients do: sleep,
 * ask, repeat until terminal. `delays` yields the sleep before each status call.
 */
async function pollWith(ctx: WatchContext, delays: Iterator<number>): Promise<Job> {
  for (;;) {
    await ctx.clock.sleep(delays.next().value as number)
    const job = await ctx.adapter.status(ctx.handle)
    if (isTerminalState(job.state)) return job
  }
}

function* fixed(ms: number): Iterator<number> {
  for (;;) yield ms
}

/**
 * Google long-running operations (google-gax): 5 s, then ×1.5 per poll, at most 45 s. Whole
 * milliseconds, as a wall clock gives (signatures carry integer timestamps).
 */
function* lro(): Iterator<number> {
  let delay = 5000
  for (;;) {
    yield Math.round(delay)
    delay = Math.min(45_000, delay * 1.5)
  }
}

/** The strategies, by results key. */
export const STRATEGIES: Record<StrategyId, Strategy> = {
  'fixed-500ms': (ctx) => pollWith(ctx, fixed(500)),
  'fixed-1s': (ctx) => pollWith(ctx, fixed(1000)),
  lro: (ctx) => pollWith(ctx, lro()),
  // The product, with its defaults: only the clock, the learner and what submit returned.
  darkroom: (ctx) =>
    waitForJob(ctx.adapter, ctx.handle, {
      clock: ctx.clock,
      initial: ctx.initial,
      submittedAt: ctx.submittedAt,
      learner: ctx.learner,
      random: ctx.random,
    }),
  // The lower bound: a single status call at the instant the job finishes.
  oracle: async (ctx) => {
    await ctx.clock.sleep(Math.max(0, ctx.peekFinishAt() - ctx.clock.now()))
    return ctx.adapter.status(ctx.handle)
  },
}

/** How each strategy is described in reports. */
export const STRATEGY_LABELS: Record<StrategyId, string> = {
  'fixed-500ms': 'fixed 500 ms (fal, Replicate, AI SDK default)',
  'fixed-1s': 'fixed 1 s',
  lro: 'Google LRO (5 s ×1.5, ≤45 s)',
  darkroom: 'Darkroom engine (defaults)',
  oracle: 'oracle (one call at completion)',
}

// Test support only: the job timings the emulator tests reason about.
import type { Distribution } from '../simulator/distributions.js'

/** Two seconds queued, then ten running, for every job: the tests step the clock by these. */
export const FIXED_TIMINGS: { queueWait: Distribution; runTime: Distribution } = {
  queueWait: { kind: 'fixed', ms: 2000 },
  runTime: { kind: 'fixed', ms: 10_000 },
}

import type { ProviderId } from '@darkroom/core'
import type { Distribution } from '@darkroom/emulator'

/** What the polling benchmark asks of each provider; stated in every report. */
export interface Workload {
  /** Jobs per provider and strategy. */
  jobs: number
  /** Submissions are a Poisson process: exponential gaps with this mean. */
  arrivalMeanMs: number
  /** Submit to start of running, per job. */
  queueWait: Distribution
  /** Start of running to completion, per job. */
  runTime: Distribution
  /** Relative noise of provider ETAs (speedpix reports them): uniform in ±etaNoise. */
  etaNoise: number
  /** Seeds the emulators and the arrivals: every strategy sees exactly the same jobs. */
  seed: number
}

/**
 * 1000 jobs arriving about 3.3 a second (so ~80 overlap), a short exponential queue and a
 * log-normal render time with a 20 s median: the shape of real diffusion workloads.
 */
export const DEFAULT_WORKLOAD: Workload = {
  jobs: 1000,
  arrivalMeanMs: 300,
  queueWait: { kind: 'exponential', meanMs: 3000 },
  runTime: { kind: 'lognormal', medianMs: 20_000, sigma: 0.5 },
  etaNoise: 0.25,
  seed: 2024,
}

/** One realistic submission per provider: the operation and an input it accepts. */
export const SUBMISSIONS: Record<ProviderId, { operation: string; input: unknown }> = {
  aicontent: {
    operation: 'inference',
    input: { modelId: 'demo-model', prompt: 'a <special-token> on a beach at dawn' },
  },
  speedpix: { operation: 'txt2img', input: { prompt: 'a lighthouse at dusk, oil painting' } },
  aidge: {
    operation: 'virtual-model',
    input: { imageUrl: 'https://example.com/shirt.png', model: 'WHITE' },
  },
}

/** What each provider tells a poller while a job is pending, for the report. */
export const PROVIDER_HINTS: Record<ProviderId, string> = {
  aicontent: 'progress (2 decimals); no ETA, no queue position',
  speedpix: 'ETA once running (±25% noise), queue position, progress in 20 steps',
  aidge: 'state only (queued/running)',
}

/** A distribution in words, for reports. */
export function describeDistribution(d: Distribution): string {
  switch (d.kind) {
    case 'fixed':
      return `fixed ${d.ms / 1000} s`
    case 'uniform':
      return `uniform ${d.minMs / 1000}–${d.maxMs / 1000} s`
    case 'exponential':
      return `exponential, mean ${d.meanMs / 1000} s`
    case 'lognormal':
      return `log-normal, median ${d.medianMs / 1000} s, sigma ${d.sigma}`
  }
}

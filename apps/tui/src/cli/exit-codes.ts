/** Exit codes scripts can rely on. */
export const EXIT = {
  /** The command did what was asked (for a job: it succeeded). */
  ok: 0,
  /** The job ended failed or canceled. */
  jobFailed: 1,
  /** Bad input: options, flags, input JSON, an unknown job id. */
  badInput: 2,
  /** Anything else: network, provider, gateway, timeouts. */
  error: 3,
} as const

import type { JobState } from '@darkroom/core'

/** The colour of each state (Ink drops colours under NO_COLOR). */
export const STATE_COLOR: Record<JobState, string> = {
  queued: 'yellow',
  running: 'cyan',
  succeeded: 'green',
  failed: 'red',
  canceled: 'gray',
}

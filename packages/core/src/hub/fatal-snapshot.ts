import { DarkroomError } from '../errors/darkroom-error.js'
import type { ErrorCode, Job } from '../model/job.js'

/**
 * Codes that say the gateway's own credentials are wrong, not the job: such a job stays
 * unfinished in the store, so a restart with fixed credentials watches it to its end.
 */
const CREDENTIAL_CODES: ReadonlySet<ErrorCode> = new Set(['unauthorized', 'forbidden'])

/**
 * The terminal snapshot a hub records when the tracker gave a job up with a fatal error (the
 * provider no longer knows it, or the hold's deadline passed): `failed`, with the error's code
 * and message, so the job stops counting as unfinished, lists show why, and a webhook's
 * `job.failed` goes out. Null for a credential error, and for anything not a `DarkroomError`
 * (whose message is not known to be free of secrets): those jobs stay as they were.
 */
export function fatalSnapshot(last: Job, error: unknown, observedAt: string): Job | null {
  if (!DarkroomError.isInstance(error) || CREDENTIAL_CODES.has(error.code)) return null
  return {
    ...last,
    state: 'failed',
    observedAt,
    error: { code: error.code, message: error.message, retryable: false, providerCode: null },
  }
}

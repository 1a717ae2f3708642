import type { AnyCreateJobRequest } from './job-request.js'

// Apart from the request's schema: bundlers keep every schema of a module they include, and the
// remote entry needs only this.

/** The members of a job request, in the order the gateway documents them. */
export const JOB_REQUEST_MEMBERS = ['provider', 'operation', 'input', 'webhook'] as const

/**
 * The body of `POST /v1/jobs` for a request: its members, any left undefined dropped as JSON
 * drops them, so the direct client checks exactly what the remote one would send.
 */
export function createJobBody(request: AnyCreateJobRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const member of JOB_REQUEST_MEMBERS) {
    if (request?.[member] !== undefined) body[member] = request[member]
  }
  return body
}

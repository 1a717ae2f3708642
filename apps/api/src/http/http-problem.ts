import type { ProblemInput } from './problem.js'

const MARKER = Symbol.for('darkroom.api.http-problem')

/**
 * A refusal of the gateway's own (no key, no such job or route, a body that is not JSON): routes
 * and middleware throw it, and `app.onError` renders it with everything else. Core's errors are
 * thrown as they are; they carry what their problem needs.
 */
export class HttpProblem extends Error {
  /** @internal identifies these errors across bundles. */
  readonly [MARKER] = true
  /** The problem to answer with. */
  readonly problem: ProblemInput
  /** Headers to answer with, e.g. `allow` or `www-authenticate`. */
  readonly headers: Record<string, string>

  constructor(problem: ProblemInput, headers: Record<string, string> = {}) {
    super(problem.detail)
    this.name = 'HttpProblem'
    this.problem = problem
    this.headers = headers
  }

  /** True for an `HttpProblem`, from any copy of this module. */
  static isInstance(error: unknown): error is HttpProblem {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    )
  }
}

/** The 404 for an unknown, tampered or foreign job id: the same for each, so probing learns nothing. */
export function jobNotFound(): HttpProblem {
  return new HttpProblem({
    status: 404,
    code: 'not_found',
    detail:
      'No job with this id for this API key. Use the id returned by POST /v1/jobs with the same key.',
  })
}

/** A 400 for a request body the gateway cannot read (wrong content type, not JSON). */
export function unreadableBody(detail: string): HttpProblem {
  return new HttpProblem({ status: 400, code: 'invalid_input', detail })
}

import { DarkroomError, InvalidInputError, JobSchema } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { DarkroomApiError, errorCodeFor, GatewayResponseError, surfaceApiError } from './errors.js'
import { parseAnswer } from './remote/answers.js'
import { apiErrorFrom } from './remote/problem-answer.js'

describe('DarkroomApiError', () => {
  it('is a DarkroomError, recognised across package copies by its Symbol.for marker', () => {
    const error = new DarkroomApiError('x', {
      status: 429,
      code: 'rate_limited',
      retryable: true,
      route: 'GET /v1/jobs/:id',
      retryAfterMs: 2000,
    })
    expect(DarkroomError.isInstance(error)).toBe(true)
    expect(DarkroomApiError.isInstance(error)).toBe(true)
    expect(GatewayResponseError.isInstance(error)).toBe(false)
    expect(error).toMatchObject({
      name: 'DarkroomApiError',
      isRetryable: true,
      requestId: null,
      problem: null,
    })
    const foreign = {
      [Symbol.for('darkroom.error')]: true,
      [Symbol.for('darkroom.error.api')]: true,
    }
    expect(DarkroomApiError.isInstance(foreign)).toBe(true)
    expect(DarkroomApiError.isInstance(new Error('plain'))).toBe(false)
    expect(DarkroomApiError.isInstance(null)).toBe(false)
  })

  it('maps the gateway’s own problem codes and bare statuses to core’s codes', () => {
    expect(errorCodeFor('quota_exhausted', 402)).toBe('quota_exhausted')
    expect(errorCodeFor('submit_outcome_unknown', 502)).toBe('submit_outcome_unknown')
    expect(errorCodeFor('method_not_allowed', 405)).toBe('invalid_input')
    expect(errorCodeFor('payload_too_large', 413)).toBe('invalid_input')
    expect(errorCodeFor('internal', 500)).toBe('provider_error')
    expect(errorCodeFor('request_timeout', 408)).toBe('timeout')
    expect(errorCodeFor('overloaded', 503)).toBe('out_of_resources')
    expect(errorCodeFor(undefined, 401)).toBe('unauthorized')
    expect(errorCodeFor('something_new', 429)).toBe('rate_limited')
    expect(errorCodeFor(undefined, 504)).toBe('timeout')
    expect(errorCodeFor(undefined, 418)).toBe('invalid_input')
    expect(errorCodeFor(undefined, 503)).toBe('provider_error')
  })

  it('reads a problem answer whole, and a non-problem one from its status and headers', async () => {
    const problem = {
      type: 'urn:darkroom:problem:payload_too_large',
      title: 'Payload too large',
      status: 413,
      detail: 'The request body is larger than 1024 bytes.',
      code: 'payload_too_large',
      retryable: false,
      requestId: 'req-1',
    }
    const fromProblem = await apiErrorFrom(
      'POST /v1/jobs',
      Response.json(problem, {
        status: 413,
        headers: { 'content-type': 'application/problem+json' },
      }),
      0,
    )
    expect(fromProblem).toMatchObject({
      status: 413,
      code: 'invalid_input',
      requestId: 'req-1',
      problem,
    })
    expect(fromProblem.message).toContain('payload_too_large')

    const fromProxy = await apiErrorFrom(
      'GET /v1/providers',
      new Response('<html>bad gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'content-type': 'text/html', 'x-request-id': 'edge-7', 'retry-after': '3' },
      }),
      0,
    )
    expect(fromProxy).toMatchObject({
      status: 502,
      code: 'provider_error',
      retryable: true,
      requestId: 'edge-7',
      retryAfterMs: 3000,
      problem: null,
    })
  })
})

describe('surfaceApiError', () => {
  const problem = (code: string, errors?: { path: string; message: string }[]) =>
    new DarkroomApiError(`refused (${code})`, {
      status: 400,
      code: 'invalid_input',
      retryable: false,
      route: 'POST /v1/jobs',
      requestId: 'req-9',
      problem: {
        type: `urn:darkroom:problem:${code}`,
        title: 't',
        status: 400,
        detail: 'd',
        code,
        retryable: false,
        requestId: 'req-9',
        ...(errors && { errors }),
      },
    })

  it("turns a refused input into core's InvalidInputError, the gateway's answer as its cause", () => {
    const api = problem('invalid_input', [{ path: 'width', message: 'must be a number' }])
    const surfaced = surfaceApiError(api)
    expect(InvalidInputError.isInstance(surfaced)).toBe(true)
    expect(surfaced).toMatchObject({
      message: 'refused (invalid_input)',
      issues: [{ path: 'width', message: 'must be a number' }],
      call: 'POST /v1/jobs',
      cause: api,
    })
    expect((surfaceApiError(problem('invalid_input')) as InvalidInputError).issues).toEqual([])
  })

  it('leaves every other error as it is', () => {
    const tooLarge = problem('payload_too_large')
    expect(surfaceApiError(tooLarge)).toBe(tooLarge)
  })
})

describe('parseAnswer', () => {
  it('names the route and each mismatching field', () => {
    const error = (() => {
      try {
        parseAnswer(
          'GET /v1/jobs/:id',
          JobSchema,
          JSON.stringify({ id: 'x', provider: 'Not A Provider!', images: [{}] }),
        )
      } catch (e) {
        return e
      }
    })()
    expect(GatewayResponseError.isInstance(error)).toBe(true)
    const { fields, message, route } = error as GatewayResponseError
    expect(route).toBe('GET /v1/jobs/:id')
    expect(fields).toContain('provider')
    expect(message).toMatch(/^The gateway's answer to GET \/v1\/jobs\/:id .*provider: /)
  })
})

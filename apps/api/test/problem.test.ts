import { InvalidInputError } from '@darkroom/core'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import { HttpProblem } from '../src/http/http-problem.js'
import { problemFromError } from '../src/http/problem.js'

const redact = (text: string) => text.replaceAll('s3cret', '[redacted]')

describe('problemFromError: what onError renders for each kind of error', () => {
  it("the gateway's own refusals, with their headers", () => {
    const thrown = new HttpProblem(
      { status: 401, code: 'unauthorized', detail: 'Send an API key.' },
      { 'www-authenticate': 'Bearer' },
    )
    expect(HttpProblem.isInstance(thrown)).toBe(true)
    expect(problemFromError(thrown, redact)).toEqual({
      input: { status: 401, code: 'unauthorized', detail: 'Send an API key.' },
      headers: { 'www-authenticate': 'Bearer' },
    })
  })

  it("Hono's exceptions below 500, as invalid input or payload too large", () => {
    expect(problemFromError(new HTTPException(400, { message: 'bad' }), redact).input).toEqual({
      status: 400,
      code: 'invalid_input',
      detail: 'The request is malformed: bad. Send JSON with Content-Type: application/json.',
    })
    expect(problemFromError(new HTTPException(413), redact).input).toMatchObject({
      status: 413,
      code: 'payload_too_large',
    })
  })

  it("core's invalid input with each issue, redacted", () => {
    const error = new InvalidInputError('refused s3cret', {
      issues: [{ path: 'prompt', message: 'mentions s3cret' }],
    })
    expect(problemFromError(error, redact).input).toEqual({
      status: 400,
      code: 'invalid_input',
      detail: 'refused [redacted]',
      retryable: false,
      errors: [{ path: 'prompt', message: 'mentions [redacted]' }],
    })
  })

  it('anything else as a 500 that says nothing of the error', () => {
    const { input } = problemFromError(new Error('s3cret database url'), redact)
    expect(input).toMatchObject({ status: 500, code: 'internal' })
    expect(input.detail).not.toContain('database')
  })
})

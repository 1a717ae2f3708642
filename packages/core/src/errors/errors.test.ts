import { describe, expect, it } from 'vitest'
import {
  DarkroomAbortError,
  DarkroomError,
  DarkroomTimeoutError,
  InvalidInputError,
  NetworkError,
  ProviderApiError,
  ResponseValidationError,
  SubmitOutcomeUnknownError,
} from './index.js'

describe('errors', () => {
  const api = new ProviderApiError('throttled', {
    provider: 'aidge',
    call: 'status',
    code: 'rate_limited',
    status: 200,
    providerCode: '501',
    retryable: true,
    retryAfterMs: 2000,
  })

  it('carries the normalized code, retryability and provider details', () => {
    expect(api).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      isRetryable: true,
      status: 200,
      providerCode: '501',
      provider: 'aidge',
      call: 'status',
      retryAfterMs: 2000,
    })
    expect(api.name).toBe('ProviderApiError')
  })

  it('carries retryAfterMs on the base, for any Darkroom error', () => {
    const busy = new DarkroomError('busy', {
      code: 'provider_error',
      retryable: true,
      retryAfterMs: 5000,
    })
    expect(busy.retryAfterMs).toBe(5000)
    expect(new NetworkError('n').retryAfterMs).toBeUndefined()
  })

  it('isInstance recognises the class and its base, not siblings', () => {
    expect(DarkroomError.isInstance(api)).toBe(true)
    expect(ProviderApiError.isInstance(api)).toBe(true)
    expect(ResponseValidationError.isInstance(api)).toBe(false)
    expect(NetworkError.isInstance(new NetworkError('x'))).toBe(true)
    expect(DarkroomTimeoutError.isInstance(new DarkroomAbortError('x'))).toBe(false)
    expect(DarkroomError.isInstance(new Error('plain'))).toBe(false)
    expect(DarkroomError.isInstance(null)).toBe(false)
    expect(DarkroomError.isInstance('DarkroomError')).toBe(false)
  })

  it('isInstance works across copies of the package (the marker is a Symbol.for)', () => {
    const foreign = {
      [Symbol.for('darkroom.error')]: true,
      [Symbol.for('darkroom.error.invalid-input')]: true,
    }
    expect(DarkroomError.isInstance(foreign)).toBe(true)
    expect(InvalidInputError.isInstance(foreign)).toBe(true)
  })

  it('a submit of unknown outcome is its own code, never retryable, and keeps its cause', () => {
    const cause = new NetworkError('speedpix submit failed before an answer arrived')
    const error = new SubmitOutcomeUnknownError('speedpix submit: the provider may have...', {
      provider: 'speedpix',
      reason: 'no-answer',
      cause,
    })
    expect(error).toMatchObject({
      name: 'SubmitOutcomeUnknownError',
      code: 'submit_outcome_unknown',
      retryable: false,
      provider: 'speedpix',
      call: 'submit',
      reason: 'no-answer',
      cause,
    })
    expect(SubmitOutcomeUnknownError.isInstance(error)).toBe(true)
    expect(DarkroomError.isInstance(error)).toBe(true)
    expect(NetworkError.isInstance(error)).toBe(false)
    expect(SubmitOutcomeUnknownError.isInstance(cause)).toBe(false)
  })

  it('gives each subclass its code', () => {
    expect(new DarkroomTimeoutError('t').code).toBe('timeout')
    expect(new DarkroomAbortError('a').code).toBe('canceled')
    expect(new NetworkError('n').retryable).toBe(true)
    expect(
      new ResponseValidationError('r', {
        provider: 'speedpix',
        call: 'status',
        fields: ['data.status'],
      }),
    ).toMatchObject({ code: 'unexpected_response', fields: ['data.status'], retryable: false })
    expect(
      new InvalidInputError('i', { issues: [{ path: 'width', message: 'too big' }] }).issues[0]
        ?.path,
    ).toBe('width')
  })
})

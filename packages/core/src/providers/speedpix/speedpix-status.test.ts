import { describe, expect, it } from 'vitest'
import {
  mapSpeedpixErrorCode,
  mapSpeedpixStatus,
  SPEEDPIX_ERROR_CODES,
  SPEEDPIX_STATUS,
} from './speedpix-status.js'

describe('speedpix status table', () => {
  it.each([
    ['waiting', 'queued', undefined],
    ['running', 'running', undefined],
    ['successed', 'succeeded', undefined],
    ['succeeded', 'succeeded', undefined],
    ['failed', 'failed', { code: 'provider_error', retryable: false }],
    ['cancelled', 'canceled', undefined],
    ['canceled', 'canceled', undefined],
  ])('maps %s to %s', (word, state, error) => {
    expect(mapSpeedpixStatus(word)).toEqual({ state, warning: null, ...(error ? { error } : {}) })
  })

  it('covers exactly the words providers.md lists', () => {
    expect(Object.keys(SPEEDPIX_STATUS).sort()).toEqual(
      ['canceled', 'cancelled', 'failed', 'running', 'succeeded', 'successed', 'waiting'].sort(),
    )
  })

  it('ignores letter case but keeps the raw word in the warning of an unknown one', () => {
    expect(mapSpeedpixStatus('SUCCESSED').state).toBe('succeeded')
    expect(mapSpeedpixStatus(' Waiting ').state).toBe('queued')
    expect(mapSpeedpixStatus('Paused')).toEqual({
      state: 'running',
      warning: 'unrecognized-status:Paused',
    })
    expect(mapSpeedpixStatus('constructor').warning).toBe('unrecognized-status:constructor')
  })
})

describe('speedpix error codes', () => {
  it.each(Object.entries(SPEEDPIX_ERROR_CODES))('%s has a mapping', (code, mapping) => {
    expect(mapSpeedpixErrorCode(code)).toEqual(mapping)
  })

  it('prefers the first known code (the sub code) and ignores unknown ones', () => {
    expect(mapSpeedpixErrorCode('GPU_OOM', 'TASK_FAILED')).toEqual({
      code: 'out_of_resources',
      retryable: true,
      scope: 'job',
    })
    expect(mapSpeedpixErrorCode('SOMETHING_NEW', 'TASK_FAILED')).toEqual({
      code: 'provider_error',
      retryable: false,
      scope: 'job',
    })
    expect(mapSpeedpixErrorCode(null, undefined, 'toString')).toBeNull()
  })

  it('scopes to the job exactly the codes that report how a task ended', () => {
    const jobCodes = Object.entries(SPEEDPIX_ERROR_CODES)
      .filter(([, mapping]) => mapping.scope === 'job')
      .map(([code]) => code)
    expect(jobCodes.sort()).toEqual(
      [
        'CONTENT_RISK',
        'GPU_OOM',
        'SD_WEBUI_ERROR',
        'TASK_CANCELLED',
        'TASK_FAILED',
        'TASK_TIMEOUT',
      ].sort(),
    )
  })
})

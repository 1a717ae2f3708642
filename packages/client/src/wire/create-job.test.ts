import { InvalidInputError } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { parseCreateJob } from './create-job.js'
import { createJobBody } from './job-body.js'

const good = { provider: 'speedpix', operation: 'txt2img', input: { prompt: 'a fox' } } as const

function issuesOf(body: unknown) {
  try {
    parseCreateJob(body)
  } catch (error) {
    expect(InvalidInputError.isInstance(error)).toBe(true)
    return (error as InvalidInputError).issues
  }
  throw new Error('expected the request to be refused')
}

describe('the job request', () => {
  it('accepts {provider, operation, input}', () => {
    expect(parseCreateJob(good)).toEqual(good)
  })

  it.each([
    ['a bad provider id', { ...good, provider: 'Speed Pix' }, ['(provider)']],
    ['an empty operation', { ...good, operation: '' }, ['(operation)']],
    ['a numeric operation', { ...good, operation: 3 }, ['(operation)']],
    ['an input that is a string', { ...good, input: 'a fox' }, ['(input)']],
    ['an input that is a list', { ...good, input: ['a fox'] }, ['(input)']],
    ['no input', { provider: 'speedpix', operation: 'txt2img' }, ['(input)']],
    ['an unknown member', { ...good, callback: 'https://x' }, ['(callback)']],
    ['a webhook that is a string', { ...good, webhook: 'https://x' }, ['(webhook)']],
    ['a webhook URL that is not one', { ...good, webhook: { url: 'hooks' } }, ['(webhook).url']],
    [
      'a webhook URL with a password',
      { ...good, webhook: { url: 'https://u:p@x.test/' } },
      ['(webhook).url'],
    ],
    ['a webhook URL on ftp', { ...good, webhook: { url: 'ftp://x.test/' } }, ['(webhook).url']],
    [
      'an unknown event',
      { ...good, webhook: { url: 'https://x.test/', events: ['job.done'] } },
      ['(webhook).events'],
    ],
    [
      'no events',
      { ...good, webhook: { url: 'https://x.test/', events: [] } },
      ['(webhook).events'],
    ],
    [
      'an unknown webhook member',
      { ...good, webhook: { url: 'https://x.test/', secret: 's' } },
      ['(webhook).secret'],
    ],
    ['a body that is a list', [good], ['(request)']],
    ['a body that is null', null, ['(request)']],
  ])('names the part for %s', (_name, body, paths) => {
    expect(issuesOf(body).map((i) => i.path)).toEqual(paths)
  })

  it('accepts a webhook, its events defaulted to the terminal ones', () => {
    const url = 'https://hooks.example.com/in?k=1'
    expect(parseCreateJob({ ...good, webhook: { url } }).webhook).toEqual({
      url,
      events: ['job.succeeded', 'job.failed', 'job.canceled'],
    })
    const events = ['job.progress', 'job.succeeded']
    expect(parseCreateJob({ ...good, webhook: { url, events } }).webhook).toEqual({ url, events })
  })

  it('says what is wrong with an event', () => {
    const body = { ...good, webhook: { url: 'https://x.test/', events: ['job.done'] } }
    expect(issuesOf(body)).toEqual([
      {
        path: '(webhook).events',
        message: 'must be one of job.succeeded, job.failed, job.canceled, job.progress',
      },
    ])
  })

  it('says what each refused member should be', () => {
    expect(issuesOf({ operation: 'txt2img', input: 1, extra: true })).toEqual([
      { path: '(provider)', message: 'is required' },
      { path: '(input)', message: "must be an object with the operation's fields" },
      {
        path: '(extra)',
        message: 'is not a member of a job request (members: provider, operation, input, webhook)',
      },
    ])
  })

  it('is sent with the members left undefined dropped, as JSON drops them', () => {
    const body = createJobBody({ ...good, input: undefined as never })
    expect(body).toEqual({ provider: 'speedpix', operation: 'txt2img' })
    expect(JSON.parse(JSON.stringify({ ...good, input: undefined }))).toEqual(body)
  })
})

import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../errors/index.js'
import { AIDGE_FIXTURE_HANDLE, aidgeWith, ossError, pngBytes } from '../../testing/index.js'
import queryFinished from './__fixtures__/query-finished.json' with { type: 'json' }
import queryRunning from './__fixtures__/query-running.json' with { type: 'json' }
import { AIDGE_API } from './aidge-signing.js'

const PNG = pngBytes(768, 1024)
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16])
const path = (i: number) => `/virtual-model/7ad4a0e6/${i}.png`

describe('aidge image', () => {
  it('asks for the task again, then downloads the URL of that index without signing it', async () => {
    const { adapter, requests } = aidgeWith({
      [AIDGE_API.query]: { json: queryFinished },
      [path(1)]: [new Response(PNG, { headers: { 'content-type': 'image/png' } })],
    })
    const image = await adapter.image(AIDGE_FIXTURE_HANDLE, 1)
    expect(image).toEqual({ bytes: PNG, mimeType: 'image/png' })
    expect(requests.map((r) => [r.method, r.url.pathname])).toEqual([
      ['POST', '/rest/ai/virtual/model/generation/query'],
      ['GET', path(1)],
    ])
    expect(requests[1]?.url.toString()).toBe(queryFinished.data.taskResult[1]?.url)
    expect(requests[1]?.url.searchParams.has('sign')).toBe(false)
  })

  it('sniffs the MIME type when the content-type is missing or generic', async () => {
    const { adapter } = aidgeWith({
      [AIDGE_API.query]: { json: queryFinished },
      [path(0)]: [new Response(JPEG, { headers: { 'content-type': 'application/octet-stream' } })],
    })
    expect((await adapter.image(AIDGE_FIXTURE_HANDLE, 0)).mimeType).toBe('image/jpeg')
  })

  it('refuses an index out of range or a job that has not succeeded', async () => {
    const done = aidgeWith({ [AIDGE_API.query]: { json: queryFinished } })
    const error = await done.adapter.image(AIDGE_FIXTURE_HANDLE, 2).catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(error)).toBe(true)
    expect((error as Error).message).toContain('2 image(s)')
    const pending = aidgeWith({ [AIDGE_API.query]: { json: queryRunning } })
    await expect(pending.adapter.image(AIDGE_FIXTURE_HANDLE, 0)).rejects.toThrow(
      /the job is running/,
    )
  })

  it.each([
    [403, 'AccessDenied', 'Request has expired.', 'not_found', /has expired/],
    [403, 'SignatureDoesNotMatch', 'The signature does not match.', 'forbidden', /signature/],
    [404, 'NoSuchKey', 'The specified key does not exist.', 'not_found', /key does not exist/],
  ])('maps an OSS %i %s to %s', async (status, code, message, expected, text) => {
    const { adapter } = aidgeWith({
      [AIDGE_API.query]: { json: queryFinished },
      [path(0)]: [ossError(status, code, message)],
    })
    const error = (await adapter.image(AIDGE_FIXTURE_HANDLE, 0).catch((e: unknown) => e)) as Error
    expect(error).toMatchObject({ code: expected, providerCode: code, call: 'image', status })
    expect(error.message).toMatch(text)
    expect(error.message).not.toContain('Signature=')
  })

  it('an empty body is unexpected_response', async () => {
    const { adapter } = aidgeWith({
      [AIDGE_API.query]: { json: queryFinished },
      [path(0)]: [new Response(new Uint8Array(), { headers: { 'content-type': 'image/png' } })],
    })
    await expect(adapter.image(AIDGE_FIXTURE_HANDLE, 0)).rejects.toMatchObject({
      code: 'unexpected_response',
    })
  })
})

import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../errors/index.js'
import { toBase64 } from '../../signing/crypto-utils.js'
import { aicontentOk, aicontentWith, pngBytes } from '../../testing/index.js'
import finished from './__fixtures__/job-info-finished.json' with { type: 'json' }
import submitInference from './__fixtures__/submit-inference.json' with { type: 'json' }

const handle = {
  provider: 'aicontent' as const,
  operation: 'inference',
  providerJobId: '3220',
  meta: { modelId: 'model-123', promptId: 'promptId-0a1b-2c3d-4e5f' },
}

const finishedWith = (resultImageUrl: string[]) => aicontentOk({ ...finished.data, resultImageUrl })

describe('aicontent: empty image ids (the documented success example holds [""])', () => {
  it('reads the documented submit answer without a phantom image', async () => {
    expect(submitInference.data.resultImageUrl).toEqual([''])
    const { adapter } = aicontentWith({ json: submitInference })
    const job = await adapter.submit('inference', { modelId: 'model-123', prompt: 'a dog' })
    expect(job).toMatchObject({ state: 'queued', images: [], warnings: [] })
  })

  it('drops them from a finished job, with a warning', async () => {
    const { adapter } = aicontentWith(finishedWith(['']))
    expect(await adapter.status(handle)).toMatchObject({
      state: 'succeeded',
      images: [],
      warnings: ['empty-image-ids-dropped', 'finished-without-images'],
    })
  })

  it('numbers the real ones from 0 and never asks for an empty imageId', async () => {
    const asset = { json: toBase64(pngBytes(4, 4)) }
    const { adapter, requests } = aicontentWith(finishedWith(['', '0001.png', ' ']), asset)
    const job = await adapter.status(handle)
    expect(job.images).toEqual([
      { index: 0, url: null, width: null, height: null, expiresAt: null, mimeType: 'image/png' },
    ])
    expect(job.warnings).toEqual(['empty-image-ids-dropped'])

    const { adapter: second, requests: seen } = aicontentWith(finishedWith(['', '0001.png']), asset)
    expect((await second.image(handle, 0)).mimeType).toBe('image/png')
    expect(seen[1]?.url.searchParams.get('imageId')).toBe('0001.png')
    const { adapter: third } = aicontentWith(finishedWith(['', '0001.png']))
    const error = await third.image(handle, 1).catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(error)).toBe(true)
    expect((error as Error).message).toContain('1 image(s)')
    expect(requests).toHaveLength(1)
  })
})

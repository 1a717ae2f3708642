import { describe, expect, it } from 'vitest'
import type { JobHandle } from '../../model/index.js'
import { speedpixEnvelope, speedpixWith } from '../../testing/index.js'
import progressWaiting from './__fixtures__/progress-waiting.json' with { type: 'json' }

const HANDLE: JobHandle = {
  provider: 'speedpix',
  operation: 'txt2img',
  providerJobId: progressWaiting.data.taskId,
}

const statusOf = async (body: unknown) => {
  const { adapter, clock } = speedpixWith({ '/scc/sd_get_progress': { json: body } })
  return clock.run(() => adapter.status(HANDLE))
}

const progress = (fields: Record<string, unknown>) =>
  speedpixEnvelope({ taskId: HANDLE.providerJobId, ...fields })

describe('speedpix ETA', () => {
  it('reads the documented in-queue answer (etaRelative 0 while waiting) as no ETA', async () => {
    expect(progressWaiting.data).toMatchObject({ status: 'waiting', etaRelative: 0 })
    expect(await statusOf(progressWaiting)).toMatchObject({
      state: 'queued',
      queuePosition: 3,
      etaSeconds: null,
      etaSource: null,
    })
  })

  it.each([
    ['a negative ETA while waiting', { status: 'waiting', etaRelative: -3 }],
    ['an ETA of 0 under an unknown word', { status: 'paused', etaRelative: 0 }],
  ])('%s is no ETA', async (_, fields) => {
    expect(await statusOf(progress(fields))).toMatchObject({ etaSeconds: null, etaSource: null })
  })

  it('keeps a positive ETA while waiting: it is an estimate, whatever the state', async () => {
    expect(await statusOf(progress({ status: 'waiting', etaRelative: 42.5 }))).toMatchObject({
      state: 'queued',
      etaSeconds: 42.5,
      etaSource: 'provider',
    })
  })

  it('keeps an ETA of 0 on a running task: it is about to finish', async () => {
    expect(await statusOf(progress({ status: 'running', etaRelative: 0 }))).toMatchObject({
      state: 'running',
      etaSeconds: 0,
      etaSource: 'provider',
    })
  })
})

import { VirtualClock } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { aicontentClient } from '../testing/index.js'
import { createAicontentEmulator } from './index.js'

const V1_BODY =
  '{"imageNumber":2,"modelId":"model-123","prompt":"a <special-token> in the snow","seed":42}'

/** The wire request of docs/providers.md#aicontent-signature, V1 (plus `accept`, not signed). */
function v1Headers(overrides: Record<string, string> = {}) {
  return {
    host: 'aicontent.aliyuncs.com',
    accept: 'application/json',
    'content-type': 'application/json; charset=utf-8',
    'x-acs-action': 'Personalizedtxt2imgAddInferenceJob',
    'x-acs-version': '20240611',
    'x-acs-date': '2024-06-11T08:00:00Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-content-sha256': '65e0535b7e627e59e028c0ffebf567559f2ba11e2b0bd5a72747c9ae95ac2cc9',
    authorization:
      'ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=00ac07f48aa793063f901a362bf1e09cb6c228389bbfa70e76842923ba7bc918',
    ...overrides,
  }
}

function knownAnswerEmulator(start = '2024-06-11T08:00:00Z') {
  return createAicontentEmulator({
    clock: new VirtualClock({ start: Date.parse(start) }),
    credentials: { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' },
    presetModels: ['model-123'],
  })
}

const gatewayShape = {
  RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
  HostId: expect.any(String),
  Code: expect.any(String),
  Message: expect.any(String),
  Recommend: expect.stringContaining('https://'),
}

describe('aicontent emulator: signature checks', () => {
  it('accepts the V1 known-answer request byte for byte', async () => {
    const emulator = knownAnswerEmulator()
    const res = await emulator.fetch(
      'https://aicontent.aliyuncs.com/api/v1/personalizedtxt2img/addInferenceJob',
      { method: 'POST', headers: v1Headers(), body: V1_BODY },
    )
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({
      success: true,
      data: { modelId: 'model-123', jobStatus: expect.stringMatching(/^(NOT_START|SUBMITTED)$/) },
    })
  })

  it('accepts the V2 known-answer request (the job itself is unknown: a service 404)', async () => {
    const emulator = knownAnswerEmulator('2024-06-11T08:00:05Z')
    const res = await emulator.fetch(
      'https://aicontent.aliyuncs.com/api/v1/personalizedtxt2img/queryPreModelInferenceJobInfo?inferenceJobId=girl-0001',
      {
        headers: {
          host: 'aicontent.aliyuncs.com',
          accept: 'application/json',
          'x-acs-action': 'PersonalizedTextToImageQueryPreModelInferenceJobInfo',
          'x-acs-version': '20240611',
          'x-acs-date': '2024-06-11T08:00:05Z',
          'x-acs-signature-nonce': 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
          'x-acs-content-sha256':
            'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          authorization:
            'ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=c9d7ee34bfd92e1047f155ffbb643f3b9fd6d956ca218eac555333755aba6dcb',
        },
      },
    )
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({
      success: false,
      errCode: 'B_DATA_NOT_FOUND_EXCEPTION',
    })
  })

  it('refuses the V1 request replayed (same nonce) and with a changed body', async () => {
    const emulator = knownAnswerEmulator()
    const url = 'https://aicontent.aliyuncs.com/api/v1/personalizedtxt2img/addInferenceJob'
    const first = await emulator.fetch(url, { method: 'POST', headers: v1Headers(), body: V1_BODY })
    expect(first.status).toBe(200)
    const replay = await emulator.fetch(url, {
      method: 'POST',
      headers: v1Headers(),
      body: V1_BODY,
    })
    expect(replay.status).toBe(400)
    expect(await replay.json()).toMatchObject({ ...gatewayShape, Code: 'SignatureNonceUsed' })
    const changed = await emulator.fetch(url, {
      method: 'POST',
      headers: v1Headers({ 'x-acs-signature-nonce': 'another' }),
      body: V1_BODY.replace('42', '43'),
    })
    expect(await changed.json()).toMatchObject({ Code: 'SignatureDoesNotMatch' })
  })

  it('accepts the official SDK extra header x-acs-credentials-provider when signed', async () => {
    const { json } = aicontentClient()
    const res = await json({
      path: '/queryModelTrainJobList',
      headers: { 'x-acs-credentials-provider': 'static_ak' },
    })
    expect(res).toMatchObject({ status: 200, body: { success: true } })
  })

  it('refuses an x-acs-* header sent but not signed', async () => {
    const { json } = aicontentClient()
    const res = await json({
      path: '/queryModelTrainJobList',
      tamper: (headers) => {
        headers['x-acs-credentials-provider'] = 'static_ak'
      },
    })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ ...gatewayShape, Code: 'IncompleteSignature' })
    expect(res.body.Message).toContain('x-acs-credentials-provider')
  })

  it.each([
    ['a wrong secret', { accessKeySecret: 'wrong' }, 400, 'SignatureDoesNotMatch'],
    ['an unknown AccessKey', { accessKeyId: 'LTAI-unknown' }, 404, 'InvalidAccessKeyId.NotFound'],
    ['a date 16 minutes old', { date: '2024-06-11T07:44:00Z' }, 400, 'InvalidTimeStamp.Expired'],
    ['a date 16 minutes ahead', { date: '2024-06-11T08:16:00Z' }, 400, 'InvalidTimeStamp.Expired'],
    ['a malformed date', { date: 'Tue, 11 Jun 2024 08:00:00 GMT' }, 400, 'InvalidTimeStamp.Format'],
    ['a wrong version', { version: '2024-06-11' }, 400, 'InvalidVersion'],
    [
      'another action',
      { action: 'Personalizedtxt2imgAddInferenceJob' },
      404,
      'InvalidAction.NotFound',
    ],
    ['the wrong method', { method: 'POST' }, 404, 'InvalidAction.NotFound'],
    [
      'a tampered query',
      { tamperUrl: (u: URL) => u.searchParams.set('modelId', 'demo-model2') },
      400,
      'SignatureDoesNotMatch',
    ],
    [
      'no Authorization',
      { tamper: (h: Record<string, string>) => delete h.authorization },
      400,
      'IncompleteSignature',
    ],
    [
      'an unsigned date',
      {
        tamper: (h: Record<string, string>) => {
          h.authorization = (h.authorization ?? '').replace('x-acs-date;', '')
        },
      },
      400,
      'IncompleteSignature',
    ],
    [
      'a body hash that is not the body',
      { tamper: (h: Record<string, string>) => (h['x-acs-content-sha256'] = '0'.repeat(64)) },
      400,
      'SignatureDoesNotMatch',
    ],
  ] as const)('refuses %s with the gateway error', async (_, change, status, code) => {
    const { json } = aicontentClient()
    const res = await json({
      path: '/queryModelTrainStatus',
      query: { modelId: 'demo-model' },
      ...change,
    })
    expect(res.status).toBe(status)
    expect(res.body).toMatchObject({ ...gatewayShape, Code: code })
  })

  it('allows 15 minutes of clock skew', async () => {
    const { json } = aicontentClient()
    const res = await json({ path: '/queryModelTrainJobList', date: '2024-06-11T07:45:00Z' })
    expect(res.status).toBe(200)
  })

  it('lets a nonce of a refused request be used by a correctly signed one', async () => {
    const { json } = aicontentClient()
    const refused = await json({
      path: '/queryModelTrainJobList',
      nonce: 'n1',
      accessKeySecret: 'x',
    })
    expect(refused.body.Code).toBe('SignatureDoesNotMatch')
    expect((await json({ path: '/queryModelTrainJobList', nonce: 'n1' })).status).toBe(200)
    expect((await json({ path: '/queryModelTrainJobList', nonce: 'n1' })).body.Code).toBe(
      'SignatureNonceUsed',
    )
  })

  it('forgets nonces after the 15-minute window (the date check covers older ones)', async () => {
    const { json, clock } = aicontentClient()
    expect((await json({ path: '/queryModelTrainJobList', nonce: 'n2' })).status).toBe(200)
    await clock.advance(16 * 60_000)
    expect((await json({ path: '/queryModelTrainJobList', nonce: 'n2' })).status).toBe(200)
  })

  it('answers an unknown path as an unknown API', async () => {
    const { json } = aicontentClient()
    const res = await json({ path: '/deleteModel', action: 'Personalizedtxt2imgDeleteModel' })
    expect(res).toMatchObject({ status: 404, body: { Code: 'InvalidAction.NotFound' } })
  })
})

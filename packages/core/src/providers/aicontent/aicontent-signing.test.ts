import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../clock/virtual-clock.js'
import { AICONTENT_OPERATIONS } from './aicontent-operations.js'
import { acsDate, randomNonce, signedRequest } from './aicontent-signing.js'

const credentials = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' }

function signer(iso: string, nonce: string) {
  return {
    baseUrl: 'https://aicontent.aliyuncs.com',
    credentials,
    clock: new VirtualClock({ start: Date.parse(iso) }),
    nonce: () => nonce,
  }
}

describe('aicontent signing (providers.md §1 known answers)', () => {
  it('V1: signs the inference submit exactly as the known answer', async () => {
    const op = AICONTENT_OPERATIONS.inference
    if (!op) throw new Error('missing operation')
    const call = op.submitCall({
      modelId: 'model-123',
      prompt: 'a <special-token> in the snow',
      count: 2,
      seed: 42,
    })
    const req = await signedRequest(
      call,
      signer('2024-06-11T08:00:00Z', '3156853299f313e23d1673dc12e1703d'),
    )
    expect(req.method).toBe('POST')
    expect(req.url).toBe(
      'https://aicontent.aliyuncs.com/api/v1/personalizedtxt2img/addInferenceJob',
    )
    expect(req.body).toBe(
      '{"imageNumber":2,"modelId":"model-123","prompt":"a <special-token> in the snow","seed":42}',
    )
    expect(req.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json; charset=utf-8',
      host: 'aicontent.aliyuncs.com',
      'x-acs-action': 'Personalizedtxt2imgAddInferenceJob',
      'x-acs-version': '20240611',
      'x-acs-date': '2024-06-11T08:00:00Z',
      'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
      'x-acs-content-sha256': '65e0535b7e627e59e028c0ffebf567559f2ba11e2b0bd5a72747c9ae95ac2cc9',
      authorization:
        'ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=00ac07f48aa793063f901a362bf1e09cb6c228389bbfa70e76842923ba7bc918',
    })
  })

  it('V2: signs the pre-model status call exactly as the known answer', async () => {
    const op = AICONTENT_OPERATIONS['premodel-inference']
    if (!op) throw new Error('missing operation')
    const call = op.statusCall({
      provider: 'aicontent',
      operation: 'premodel-inference',
      providerJobId: 'girl-0001',
    })
    const req = await signedRequest(
      call,
      signer('2024-06-11T08:00:05Z', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    )
    expect(req.method).toBe('GET')
    expect(req.body).toBeUndefined()
    expect(req.url).toBe(
      'https://aicontent.aliyuncs.com/api/v1/personalizedtxt2img/queryPreModelInferenceJobInfo?inferenceJobId=girl-0001',
    )
    expect(req.headers['content-type']).toBeUndefined()
    expect(req.headers.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=c9d7ee34bfd92e1047f155ffbb643f3b9fd6d956ca218eac555333755aba6dcb',
    )
  })

  it("encodes the query as the canonical query, escaping !'()* and spaces", async () => {
    const req = await signedRequest(
      {
        method: 'GET',
        path: '/api/v1/personalizedtxt2img/queryImageAssetFromImageId',
        action: 'PersonalizedTextToImageQueryImageAsset',
        query: { imageId: "a b!'()*~/.png", encodeFormat: 'base64' },
      },
      signer('2024-06-11T08:00:00Z', 'n'),
    )
    expect(new URL(req.url).search).toBe(
      '?encodeFormat=base64&imageId=a%20b%21%27%28%29%2A~%2F.png',
    )
  })

  it('uses whole-second UTC dates and 32-hex random nonces', () => {
    expect(acsDate(Date.UTC(2024, 5, 11, 8, 0, 0, 999))).toBe('2024-06-11T08:00:00Z')
    const a = randomNonce()
    expect(a).toMatch(/^[0-9a-f]{32}$/)
    expect(randomNonce()).not.toBe(a)
  })
})

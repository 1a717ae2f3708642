import { describe, expect, it } from 'vitest'
import { hasValidSpeedpixSignature } from '../../testing/index.js'
import { buildSpeedpixRequest, SPEEDPIX_CONTENT_TYPE } from './speedpix-signing.js'

// docs/providers.md#speedpix-signature, known answer E1 (computed with the official SDK's code).
const E1 = {
  baseUrl: 'https://openai.edu-aliyun.com',
  path: '/scc/sd_get_progress',
  body: '{"taskId":"01j5t2qx82323pswaqykz9eq4"}',
  appKey: '204000000',
  appSecret: 'testAppSecret',
  now: 1718092800000,
  nonce: 'c9b4a7e2-5f3d-4e8a-9b1c-2d3e4f5a6b7c',
  date: 'Tue, 11 Jun 2024 08:00:00 GMT+00:00',
}

describe('buildSpeedpixRequest', () => {
  it('reproduces known answer E1 (content-md5 and x-ca-signature)', async () => {
    const request = await buildSpeedpixRequest(E1)
    expect(request.method).toBe('POST')
    expect(request.url).toBe('https://openai.edu-aliyun.com/scc/sd_get_progress')
    expect(request.body).toBe(E1.body)
    expect(request.headers).toMatchObject({
      accept: SPEEDPIX_CONTENT_TYPE,
      'content-type': SPEEDPIX_CONTENT_TYPE,
      'content-md5': 'O7/gf6myPVMrJBZE40B3Vw==',
      date: E1.date,
      'x-ca-key': '204000000',
      'x-ca-nonce': E1.nonce,
      'x-ca-timestamp': '1718092800000',
      'x-ca-signature-method': 'HmacSHA256',
      'x-ca-signature-headers': 'x-ca-timestamp,x-ca-key,x-ca-nonce,x-ca-signature-method',
      'x-ca-signature': 'YtsxLPB3SvsNxaNzBeiTF2hN3KiU1iKlyvCuWkbZgj4=',
    })
  })

  it('dates requests from the clock in RFC 7231 form by default', async () => {
    const { date: _, ...input } = E1
    const request = await buildSpeedpixRequest(input)
    expect(request.headers.date).toBe('Tue, 11 Jun 2024 08:00:00 GMT')
    const seen = {
      method: 'POST',
      url: new URL(request.url),
      headers: new Headers(request.headers),
      body: request.body ?? '',
    }
    expect(await hasValidSpeedpixSignature(seen, 'testAppSecret')).toBe(true)
    expect(await hasValidSpeedpixSignature(seen, 'wrong-secret')).toBe(false)
  })

  it('adds X-SP-RESOURCE-CONFIG-ID outside the signature', async () => {
    const request = await buildSpeedpixRequest({ ...E1, resourceConfigId: 'pool-a100' })
    expect(request.headers['x-sp-resource-config-id']).toBe('pool-a100')
    expect(request.headers['x-ca-signature']).toBe('YtsxLPB3SvsNxaNzBeiTF2hN3KiU1iKlyvCuWkbZgj4=')
  })

  it('never puts the secret in the request', async () => {
    const request = await buildSpeedpixRequest(E1)
    expect(JSON.stringify(request)).not.toContain('testAppSecret')
  })
})

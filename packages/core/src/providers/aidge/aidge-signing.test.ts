import { describe, expect, it } from 'vitest'
import { AIDGE_API, buildAidgeRequest } from './aidge-signing.js'

describe('buildAidgeRequest', () => {
  it('reproduces the known answer A2 of providers.md in the URL', async () => {
    const request = await buildAidgeRequest({
      baseUrl: 'https://api.aidc-ai.com',
      apiName: AIDGE_API.query,
      accessKeyName: 'test-key',
      accessKeySecret: 'testSecret',
      now: 1735689600000,
      trial: false,
      body: '{"taskId":"t"}',
    })
    expect(request).toEqual({
      method: 'POST',
      url: 'https://api.aidc-ai.com/rest/ai/virtual/model/generation/query?partner_id=aidge&sign_method=sha256&sign_ver=v2&app_key=test-key&timestamp=1735689600000&sign=8A63C77AFB5CB9BDD6032FFB322594DECCACB500D7BE60C6902FA2D1E9B033F2',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"taskId":"t"}',
    })
  })

  it('encodes the key name and truncates fractional clock readings', async () => {
    const request = await buildAidgeRequest({
      baseUrl: 'http://127.0.0.1:1',
      apiName: AIDGE_API.submit,
      accessKeyName: 'name with&symbols',
      accessKeySecret: 's',
      now: 1735689600000.9,
      trial: true,
      body: '{}',
    })
    const url = new URL(request.url)
    expect(url.searchParams.get('app_key')).toBe('name with&symbols')
    expect(url.searchParams.get('timestamp')).toBe('1735689600000')
    expect(request.headers['x-iop-trial']).toBe('true')
  })
})

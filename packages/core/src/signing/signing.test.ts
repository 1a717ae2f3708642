import { describe, expect, it } from 'vitest'
import {
  acs3Encode,
  acs3Query,
  apiGatewayStringToSign,
  canonicalQuery,
  computeAcs3Signature,
  computeApiGatewaySignature,
  md5,
  md5Base64,
  parseAcs3Authorization,
  parseApiGatewaySignatureHeaders,
  sha256Hex,
  signAcs3,
  signAidge,
  signApiGateway,
  timingSafeEqual,
  toHex,
  utf8,
} from './index.js'

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const JSON_CT = 'application/json; charset=utf-8'

const v1 = {
  method: 'POST',
  url: 'https://aicontent.aliyuncs.com/api/v1/personalizedtxt2img/addInferenceJob',
  headers: {
    'x-acs-action': 'Personalizedtxt2imgAddInferenceJob',
    'x-acs-version': '20240611',
    'content-type': JSON_CT,
    accept: 'application/json',
  },
  body: '{"imageNumber":2,"modelId":"model-123","prompt":"a <special-token> in the snow","seed":42}',
  accessKeyId: 'testAccessKeyId',
  accessKeySecret: 'testAccessKeySecret',
  date: '2024-06-11T08:00:00Z',
  nonce: '3156853299f313e23d1673dc12e1703d',
}
const V1_AUTHORIZATION =
  'ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=00ac07f48aa793063f901a362bf1e09cb6c228389bbfa70e76842923ba7bc918'

const v2 = {
  method: 'GET',
  url: 'https://aicontent.aliyuncs.com/api/v1/personalizedtxt2img/queryPreModelInferenceJobInfo?inferenceJobId=girl-0001',
  headers: {
    'x-acs-action': 'PersonalizedTextToImageQueryPreModelInferenceJobInfo',
    'x-acs-version': '20240611',
    accept: 'application/json',
  },
  accessKeyId: 'testAccessKeyId',
  accessKeySecret: 'testAccessKeySecret',
  date: '2024-06-11T08:00:05Z',
  nonce: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
}
const V2_AUTHORIZATION =
  'ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=c9d7ee34bfd92e1047f155ffbb643f3b9fd6d956ca218eac555333755aba6dcb'

/** What an emulator does: recompute over exactly what the request declared. */
async function verifyAcs3(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string,
  secret: string,
): Promise<boolean> {
  const auth = parseAcs3Authorization(headers.authorization ?? '')
  if (!auth) return false
  const payloadHash = await sha256Hex(body)
  if (headers['x-acs-content-sha256'] !== payloadHash) return false
  const parsed = new URL(url)
  const expected = await computeAcs3Signature({
    method,
    path: parsed.pathname,
    query: canonicalQuery(parsed),
    headers,
    signedHeaders: auth.signedHeaders,
    payloadHash,
    secret,
  })
  return timingSafeEqual(expected, auth.signature)
}

describe('signAcs3', () => {
  it('reproduces known answer V1', async () => {
    const headers = await signAcs3(v1)
    expect(headers.authorization).toBe(V1_AUTHORIZATION)
    expect(headers['x-acs-content-sha256']).toBe(
      '65e0535b7e627e59e028c0ffebf567559f2ba11e2b0bd5a72747c9ae95ac2cc9',
    )
    expect(headers).toMatchObject({
      host: 'aicontent.aliyuncs.com',
      'x-acs-date': v1.date,
      'x-acs-signature-nonce': v1.nonce,
      accept: 'application/json',
    })
  })

  it('reproduces known answer V2, hashing the empty body', async () => {
    const headers = await signAcs3(v2)
    expect(headers.authorization).toBe(V2_AUTHORIZATION)
    expect(headers['x-acs-content-sha256']).toBe(EMPTY_SHA256)
    expect(await signAcs3({ ...v2, body: '' })).toEqual(headers)
  })

  it('returns lowercase header names and signs the same whatever case is passed', async () => {
    const headers = await signAcs3({
      ...v1,
      headers: {
        'X-Acs-Action': v1.headers['x-acs-action'],
        'X-ACS-Version': v1.headers['x-acs-version'],
        'Content-Type': JSON_CT,
        Accept: 'application/json',
        Host: 'spoofed.example.com',
      },
    })
    for (const name of Object.keys(headers)) expect(name).toBe(name.toLowerCase())
    expect(headers.host).toBe('aicontent.aliyuncs.com')
    expect(headers.authorization).toBe(V1_AUTHORIZATION)
  })

  it('does not sign accept or user-agent', async () => {
    const headers = await signAcs3({ ...v1, headers: { ...v1.headers, 'user-agent': 'darkroom' } })
    const auth = parseAcs3Authorization(headers.authorization ?? '')
    expect(auth?.signedHeaders).not.toContain('accept')
    expect(auth?.signedHeaders).not.toContain('user-agent')
    expect(headers.authorization).toBe(V1_AUTHORIZATION)
  })

  it('signs and lists an extra x-acs-* header, and a verifier accepts it', async () => {
    const headers = await signAcs3({
      ...v1,
      headers: { ...v1.headers, 'x-acs-credentials-provider': 'static_ak' },
    })
    const auth = parseAcs3Authorization(headers.authorization ?? '')
    expect(auth?.signedHeaders).toEqual([
      'content-type',
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-credentials-provider',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
    ])
    expect(headers.authorization).not.toBe(V1_AUTHORIZATION)
    expect(await verifyAcs3('POST', v1.url, headers, v1.body, v1.accessKeySecret)).toBe(true)
    const tampered = { ...headers, 'x-acs-credentials-provider': 'sts' }
    expect(await verifyAcs3('POST', v1.url, tampered, v1.body, v1.accessKeySecret)).toBe(false)
  })

  it('changes the signature when one byte of the body or the secret changes', async () => {
    const body = await signAcs3({ ...v1, body: v1.body.replace('"seed":42', '"seed":43') })
    const secret = await signAcs3({ ...v1, accessKeySecret: 'testAccessKeySecreu' })
    expect(body.authorization).not.toBe(V1_AUTHORIZATION)
    expect(secret.authorization).not.toBe(V1_AUTHORIZATION)
    expect(await verifyAcs3('POST', v1.url, body, v1.body, v1.accessKeySecret)).toBe(false)
    expect(await verifyAcs3('POST', v1.url, secret, v1.body, v1.accessKeySecret)).toBe(false)
    expect(await verifyAcs3('POST', v1.url, await signAcs3(v1), v1.body, 'wrong')).toBe(false)
  })

  it('verifies a signed query whatever encoding the receiver sees', async () => {
    const query = acs3Query([
      ['z', "it's (ok)*!"],
      ['a', '~ b'],
    ])
    expect(query).toBe('a=~%20b&z=it%27s%20%28ok%29%2A%21')
    const url = `https://aicontent.aliyuncs.com/api/v1/x?${query}`
    const headers = await signAcs3({ ...v2, url })
    expect(await verifyAcs3('GET', url, headers, '', v2.accessKeySecret)).toBe(true)
    // The same parameters, spelled with encodeURIComponent and in another order.
    const other = "https://aicontent.aliyuncs.com/api/v1/x?z=it's%20(ok)*!&a=~%20b"
    expect(await verifyAcs3('GET', other, headers, '', v2.accessKeySecret)).toBe(true)
    const changed = `https://aicontent.aliyuncs.com/api/v1/x?${query}x`
    expect(await verifyAcs3('GET', changed, headers, '', v2.accessKeySecret)).toBe(false)
  })
})

describe('ACS3 helpers', () => {
  it("escapes !'()* and leaves ~ alone", () => {
    expect(acs3Encode("!'()*~")).toBe('%21%27%28%29%2A~')
    expect(acs3Encode('a b+c/d=é')).toBe('a%20b%2Bc%2Fd%3D%C3%A9')
  })

  it('sorts the canonical query by name', () => {
    expect(canonicalQuery('/p?b=2&a=x!y~z&c=')).toBe('a=x%21y~z&b=2&c=')
    expect(canonicalQuery('https://h/p')).toBe('')
  })

  it('hashes the empty body to the documented value', async () => {
    expect(await sha256Hex('')).toBe(EMPTY_SHA256)
    expect(await sha256Hex(new Uint8Array())).toBe(EMPTY_SHA256)
  })

  it('parses an Authorization header and rejects others', () => {
    expect(parseAcs3Authorization(V2_AUTHORIZATION)).toEqual({
      credential: 'testAccessKeyId',
      signedHeaders: [
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-version',
      ],
      signature: 'c9d7ee34bfd92e1047f155ffbb643f3b9fd6d956ca218eac555333755aba6dcb',
    })
    expect(parseAcs3Authorization('Bearer abc')).toBeNull()
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host')).toBeNull()
    expect(parseAcs3Authorization('')).toBeNull()
  })
})

const E1_BODY = '{"taskId":"01j5t2qx82323pswaqykz9eq4"}'
const e1 = {
  method: 'POST',
  url: 'https://openai.edu-aliyun.com/scc/sd_get_progress',
  headers: {
    accept: JSON_CT,
    'content-type': JSON_CT,
    'content-md5': 'O7/gf6myPVMrJBZE40B3Vw==',
    date: 'Tue, 11 Jun 2024 08:00:00 GMT+00:00',
    'x-ca-key': '204000000',
    'x-ca-nonce': 'c9b4a7e2-5f3d-4e8a-9b1c-2d3e4f5a6b7c',
    'x-ca-timestamp': '1718092800000',
    'x-ca-signature-method': 'HmacSHA256',
  },
  appSecret: 'testAppSecret',
}

describe('signApiGateway', () => {
  it('reproduces known answer E1', async () => {
    expect(md5Base64(utf8(E1_BODY))).toBe(e1.headers['content-md5'])
    const headers = await signApiGateway(e1)
    expect(headers['x-ca-signature']).toBe('YtsxLPB3SvsNxaNzBeiTF2hN3KiU1iKlyvCuWkbZgj4=')
    expect(headers['x-ca-signature-headers']).toBe(
      'x-ca-timestamp,x-ca-key,x-ca-nonce,x-ca-signature-method',
    )
    expect(headers).toMatchObject(e1.headers)
  })

  it('reproduces known answer E3 (no content-md5, empty line)', async () => {
    const { 'content-md5': _, ...rest } = e1.headers
    const headers = await signApiGateway({ ...e1, headers: rest })
    expect(headers['x-ca-signature']).toBe('SaIgF6G8ftiyXQd/oJrU18iv0GoxObkoT5+27khn/HU=')
    expect(headers['content-md5']).toBeUndefined()
  })

  it('builds the documented string to sign, signed headers sorted by name', () => {
    const signed = parseApiGatewaySignatureHeaders(
      'x-ca-timestamp, x-ca-key,X-Ca-Nonce,x-ca-signature-method',
    )
    expect(apiGatewayStringToSign({ ...e1, signedHeaders: signed })).toBe(
      [
        'POST',
        JSON_CT,
        'O7/gf6myPVMrJBZE40B3Vw==',
        JSON_CT,
        'Tue, 11 Jun 2024 08:00:00 GMT+00:00',
        'x-ca-key:204000000',
        'x-ca-nonce:c9b4a7e2-5f3d-4e8a-9b1c-2d3e4f5a6b7c',
        'x-ca-signature-method:HmacSHA256',
        'x-ca-timestamp:1718092800000',
        '/scc/sd_get_progress',
      ].join('\n'),
    )
  })

  it('signs the same whatever header case is passed, and returns lowercase names', async () => {
    const mixed = Object.fromEntries(
      Object.entries(e1.headers).map(([k, v]) => [k.replace(/^./, (c) => c.toUpperCase()), v]),
    )
    const headers = await signApiGateway({ ...e1, headers: mixed })
    for (const name of Object.keys(headers)) expect(name).toBe(name.toLowerCase())
    expect(headers['x-ca-signature']).toBe('YtsxLPB3SvsNxaNzBeiTF2hN3KiU1iKlyvCuWkbZgj4=')
  })

  it('signs a sorted, unencoded query after the path', async () => {
    const stringToSign = apiGatewayStringToSign({
      ...e1,
      url: '/scc/x?b=2%202&a=%C3%A9&c=',
      signedHeaders: [],
    })
    expect(stringToSign.endsWith('\n/scc/x?a=é&b=2 2&c')).toBe(true)
  })

  it('lets a verifier recompute the signature, which a changed byte breaks', async () => {
    const headers = await signApiGateway(e1)
    const signed = parseApiGatewaySignatureHeaders(headers['x-ca-signature-headers'] ?? '')
    const recompute = (h: Record<string, string>, secret: string) =>
      computeApiGatewaySignature(
        apiGatewayStringToSign({ method: 'POST', url: e1.url, headers: h, signedHeaders: signed }),
        secret,
      )
    const signature = headers['x-ca-signature'] ?? ''
    expect(timingSafeEqual(await recompute(headers, e1.appSecret), signature)).toBe(true)
    expect(await recompute(headers, 'testAppSecreu')).not.toBe(signature)
    const md5Changed = md5Base64(utf8(E1_BODY.replace('4"', '5"')))
    expect(await recompute({ ...headers, 'content-md5': md5Changed }, e1.appSecret)).not.toBe(
      signature,
    )
  })
})

describe('signAidge', () => {
  it('reproduces known answer A2', async () => {
    expect(await signAidge({ accessKeySecret: 'testSecret', timestamp: '1735689600000' })).toBe(
      '8A63C77AFB5CB9BDD6032FFB322594DECCACB500D7BE60C6902FA2D1E9B033F2',
    )
  })

  it('changes with one byte of the secret or the timestamp', async () => {
    const a2 = '8A63C77AFB5CB9BDD6032FFB322594DECCACB500D7BE60C6902FA2D1E9B033F2'
    expect(await signAidge({ accessKeySecret: 'testSecreu', timestamp: '1735689600000' })).not.toBe(
      a2,
    )
    expect(await signAidge({ accessKeySecret: 'testSecret', timestamp: '1735689600001' })).not.toBe(
      a2,
    )
  })
})

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    const suite: Array<[string, string]> = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      [
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
        'd174ab98d277d9f5a5611c2c9f419d9f',
      ],
      ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
    ]
    for (const [input, hex] of suite) expect(toHex(md5(utf8(input)))).toBe(hex)
  })

  it('pads correctly around the block boundaries', () => {
    const boundaries: Array<[number, string]> = [
      [55, 'ef1772b6dff9a122358552954ad0df65'],
      [56, '3b0c8ac703f828b04c6c197006d17218'],
      [63, 'b06521f39153d618550606be297466d5'],
      [64, '014842d480b571495a4a0363793f7367'],
      [65, 'c743a45e0d2e6a95cb859adae0248435'],
      [1000, 'cabe45dcc9ae5b66ba86600cca6b8ba8'],
    ]
    for (const [n, hex] of boundaries) expect(toHex(md5(utf8('a'.repeat(n))))).toBe(hex)
  })

  it('gives the content-md5 of E1 and of non-ASCII text', () => {
    expect(md5Base64(utf8(E1_BODY))).toBe('O7/gf6myPVMrJBZE40B3Vw==')
    expect(md5Base64(utf8('héllo ✓ 😀'))).toBe('U39XGFZt1CVjlVbOA31E/w==')
  })

  it('hashes a view into a larger buffer by its own bytes only', () => {
    const buffer = utf8(`xx${E1_BODY}yy`)
    expect(md5Base64(buffer.subarray(2, buffer.length - 2))).toBe('O7/gf6myPVMrJBZE40B3Vw==')
  })
})

describe('timingSafeEqual', () => {
  it('compares whole strings', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true)
    expect(timingSafeEqual('abc', 'abd')).toBe(false)
    expect(timingSafeEqual('abc', 'ab')).toBe(false)
    expect(timingSafeEqual('', '')).toBe(true)
  })
})

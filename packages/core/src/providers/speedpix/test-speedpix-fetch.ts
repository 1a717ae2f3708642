// Test support only (excluded from the build): a scripted SpeedPix answering from fixtures.
import {
  apiGatewayStringToSign,
  computeApiGatewaySignature,
  md5Base64,
  parseApiGatewaySignatureHeaders,
  timingSafeEqual,
  utf8,
} from '../../signing/index.js'

/** A request as the fake saw it. */
export interface SeenRequest {
  method: string
  url: URL
  headers: Headers
  body: string
}

/** Answers one request; `n` counts calls to the same route, from 0. */
export type Route = (request: SeenRequest, n: number) => Response | Promise<Response>

export const TEST_CREDENTIALS = { appKey: 'test-app-key', appSecret: 'test-app-secret' }
export const TEST_BASE_URL = 'http://speedpix.test'

/**
 * A `fetch` routing by path (`GET` catches every image download). Unrouted requests answer 404,
 * like a gateway that knows no such API.
 */
export function fakeFetch(routes: Record<string, Route>) {
  const requests: SeenRequest[] = []
  const counts = new Map<string, number>()
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const seen: SeenRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text(),
    }
    requests.push(seen)
    const key = seen.method === 'GET' ? 'GET' : seen.url.pathname
    const route = routes[key]
    const n = counts.get(key) ?? 0
    counts.set(key, n + 1)
    if (!route) return new Response(null, { status: 404 })
    return route(seen, n)
  }) as typeof globalThis.fetch
  return { fetch: fetchImpl, requests, calls: (key: string) => counts.get(key) ?? 0 }
}

/** A JSON answer, as the service sends it. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  })
}

/** A success envelope around `data`. */
export function ok(data: unknown): Response {
  return json(okBody(data))
}

/** The body of a success envelope around `data`. */
export function okBody(data: unknown) {
  return {
    status: 10,
    apiInvokeId: 'test-invoke-id',
    data,
    errCode: null,
    errMessage: null,
    subErrCode: null,
    subErrMessage: null,
    startTime: 1718092800000,
    endTime: 1718092800010,
  }
}

/** An API Gateway refusal: empty body, reason in headers. */
export function gatewayError(
  status: number,
  message: string,
  code: string | null,
  extra: Record<string, string> = {},
): Response {
  const headers: Record<string, string> = {
    'x-ca-request-id': 'C0FFEE00-0000-4000-8000-000000000001',
    'x-ca-error-message': message,
    ...extra,
  }
  if (code) headers['x-ca-error-code'] = code
  return new Response(null, { status, headers })
}

/** True when the request carries a valid API Gateway signature for `secret` (and a right MD5). */
export async function hasValidSignature(request: SeenRequest, secret: string): Promise<boolean> {
  const headers = Object.fromEntries(request.headers)
  const md5 = headers['content-md5']
  if (md5 !== undefined && md5 !== md5Base64(utf8(request.body))) return false
  const expected = await computeApiGatewaySignature(
    apiGatewayStringToSign({
      method: request.method,
      url: request.url.toString(),
      headers,
      signedHeaders: parseApiGatewaySignatureHeaders(headers['x-ca-signature-headers'] ?? ''),
    }),
    secret,
  )
  return timingSafeEqual(expected, headers['x-ca-signature'] ?? '')
}

/** A minimal PNG header of the given size (signature + IHDR), enough for MIME and size checks. */
export function pngBytes(width: number, height: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(33)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  const view = new DataView(bytes.buffer)
  view.setUint32(16, width)
  view.setUint32(20, height)
  return bytes
}

/** The XML body OSS answers a refused signed URL with. */
export function ossError(code: string, message: string): Response {
  return new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>66A0B1C2D3E4F5A6B7C8D9E0</RequestId>\n  <HostId>speedpix-output.oss-cn-beijing.aliyuncs.com</HostId>\n</Error>\n`,
    { status: 403, headers: { 'content-type': 'application/xml', 'x-oss-request-id': '66A0B1C2' } },
  )
}

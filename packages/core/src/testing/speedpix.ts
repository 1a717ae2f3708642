// Test support only (not published): SpeedPix's credentials, envelopes, gateway refusals, a
// signature check and the scripted adapter.
import { createSpeedpix, type SpeedpixOptions } from '../providers/speedpix/speedpix-adapter.js'
import {
  apiGatewayStringToSign,
  computeApiGatewaySignature,
  md5Base64,
  parseApiGatewaySignatureHeaders,
  timingSafeEqual,
  utf8,
} from '../signing/index.js'
import type { ReplySpec, Routes, SeenRequest } from './scripted-fetch.js'
import { type ScriptedProvider, scriptedProvider } from './scripted-provider.js'

/** The AppKey pair of the unit tests. */
export const SPEEDPIX_TEST_CREDENTIALS = { appKey: 'test-app-key', appSecret: 'test-app-secret' }
/** The base URL of the unit tests. */
export const SPEEDPIX_TEST_BASE_URL = 'http://speedpix.test'

/**
 * The SpeedPix adapter against `routes` (by path; `GET *` catches every image download), on a
 * virtual clock, with the adapter's own retries (2) so the tests see what callers get: run calls
 * that may back off with `clock.run`. `options` override every test default.
 */
export function speedpixWith(
  routes: Routes,
  options: Partial<SpeedpixOptions> = {},
): ScriptedProvider {
  return scriptedProvider(routes, ({ fetch, clock }) =>
    createSpeedpix({
      ...SPEEDPIX_TEST_CREDENTIALS,
      baseUrl: SPEEDPIX_TEST_BASE_URL,
      fetch,
      clock,
      ...options,
    }),
  )
}

/** The body of a success envelope around `data`. */
export function speedpixEnvelope(data: unknown) {
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

/** A success envelope around `data`, as the service sends it. */
export function speedpixOk(data: unknown): ReplySpec {
  return { json: speedpixEnvelope(data) }
}

/** An API Gateway refusal: empty body, the reason in headers (`code` null: none sent). */
export function speedpixGatewayError(
  status: number,
  message: string,
  code: string | null,
  extra: Record<string, string> = {},
): ReplySpec {
  const headers: Record<string, string> = {
    'x-ca-request-id': 'C0FFEE00-0000-4000-8000-000000000001',
    'x-ca-error-message': message,
    ...extra,
  }
  if (code) headers['x-ca-error-code'] = code
  return { status, headers }
}

/** True when the request carries a valid API Gateway signature for `secret` (and a right MD5). */
export async function hasValidSpeedpixSignature(
  request: SeenRequest,
  secret: string,
): Promise<boolean> {
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

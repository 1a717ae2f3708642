import { createHmac, randomUUID } from 'node:crypto'
import type { JobHandle } from '@darkroom/core'
import { createSpeedpix } from '@darkroom/core/providers/speedpix'
import { apiGatewayStringToSign, parseApiGatewaySignatureHeaders } from '@darkroom/core/signing'
import type { SpeedpixCredentials } from './processes.js'

/** One ready-to-send request. */
export interface SignedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: string
}

/**
 * Makes fresh signed copies of the exact status call the SpeedPix adapter sends for `handle`:
 * the adapter's own request is captured once, then each copy gets a new nonce and timestamp and
 * is re-signed with the same string to sign (`apiGatewayStringToSign`, shared with the emulator's
 * verifier) and a synchronous HMAC, because the load generator asks for requests synchronously
 * and the emulator refuses a reused nonce.
 */
export async function statusCallSigner(
  baseUrl: string,
  credentials: SpeedpixCredentials,
  handle: JobHandle,
): Promise<() => SignedRequest> {
  let captured: Request | null = null
  const adapter = createSpeedpix({
    ...credentials,
    baseUrl,
    retries: 0,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      captured = new Request(input, init)
      throw new Error('captured')
    }) as typeof fetch,
  })
  await adapter.status(handle).catch(() => undefined)
  const request = captured as Request | null
  if (!request) throw new Error('The speedpix adapter sent no status request to capture.')
  const template: Record<string, string> = {}
  request.headers.forEach((value, name) => {
    template[name] = value
  })
  const body = await request.text()
  const url = new URL(request.url)
  const path = `${url.pathname}${url.search}`
  const signedHeaders = parseApiGatewaySignatureHeaders(template['x-ca-signature-headers'] ?? '')
  return () => {
    const headers: Record<string, string> = {
      ...template,
      'x-ca-nonce': randomUUID(),
      'x-ca-timestamp': String(Date.now()),
    }
    const stringToSign = apiGatewayStringToSign({
      method: request.method,
      url: path,
      headers,
      signedHeaders,
    })
    headers['x-ca-signature'] = createHmac('sha256', credentials.appSecret)
      .update(stringToSign)
      .digest('base64')
    return { method: request.method, path, headers, body }
  }
}

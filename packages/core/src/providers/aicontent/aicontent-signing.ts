/**
 * Builds signed `aicontent` requests (ROA style, signature V3 `ACS3-HMAC-SHA256`) from the core
 * signing primitives. Called once per attempt by the HTTP client, so each retry gets a fresh
 * date, nonce and signature.
 */
import type { Clock } from '../../clock/clock.js'
import type { PreparedRequest } from '../../http/http-client.js'
import { acs3Query, signAcs3 } from '../../signing/index.js'

/** The real service's host (region cn-shanghai). */
export const AICONTENT_DEFAULT_BASE_URL = 'https://aicontent.aliyuncs.com'

/** `x-acs-version` of every call: the API version, without dashes. */
export const AICONTENT_API_VERSION = '20240611'

/** What the official SDK sends as the content type of JSON bodies (and signs). */
export const AICONTENT_JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** An AccessKey pair. The secret only ever feeds the HMAC; it is never sent or logged. */
export interface AicontentCredentials {
  accessKeyId: string
  accessKeySecret: string
}

/** One call, before signing. */
export interface AicontentCall {
  method: 'GET' | 'POST'
  /** Path below the base URL, e.g. `/api/v1/personalizedtxt2img/addInferenceJob`. */
  path: string
  /** `x-acs-action`, e.g. `Personalizedtxt2imgAddInferenceJob`. */
  action: string
  query?: Record<string, string> | undefined
  /** Serialized as JSON. */
  body?: unknown
}

/** How to sign: where to, as whom, and with which clock and nonce source. */
export interface AicontentSigner {
  baseUrl: string
  credentials: AicontentCredentials
  clock: Clock
  /** Default: a random UUID without dashes (32 hex digits, like the SDK's nonces). */
  nonce?: (() => string) | undefined
}

/** `x-acs-date`: UTC, whole seconds, `YYYY-MM-DDTHH:mm:ssZ`. */
export function acsDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A fresh `x-acs-signature-nonce`; the gateway refuses one it has seen within 15 minutes. */
export function randomNonce(): string {
  return crypto.randomUUID().replaceAll('-', '')
}

/**
 * Signs one call. The query string is built by `acs3Query`, so the URL on the wire encodes
 * exactly as the canonical query the signature covers.
 */
export async function signedRequest(
  call: AicontentCall,
  signer: AicontentSigner,
): Promise<PreparedRequest> {
  const query = call.query ? acs3Query(Object.entries(call.query)) : ''
  const url = `${signer.baseUrl}${call.path}${query ? `?${query}` : ''}`
  const body = call.body === undefined ? undefined : JSON.stringify(call.body)
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-acs-action': call.action,
    'x-acs-version': AICONTENT_API_VERSION,
  }
  if (body !== undefined) headers['content-type'] = AICONTENT_JSON_CONTENT_TYPE
  const signed = await signAcs3({
    method: call.method,
    url,
    headers,
    body,
    accessKeyId: signer.credentials.accessKeyId,
    accessKeySecret: signer.credentials.accessKeySecret,
    date: acsDate(signer.clock.now()),
    nonce: (signer.nonce ?? randomNonce)(),
  })
  return { method: call.method, url, headers: signed, body }
}

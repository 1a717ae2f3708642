/**
 * Decodes the answer of the image-asset calls. They answer "raw, not the envelope": the
 * documentation's example is a JSON string (`"BinaryData"`) and the official SDK reads the body
 * as JSON of any type, so with `encodeFormat=base64` the body is a JSON string holding base64.
 * We also accept, defensively, bare base64 text, `{data: "<base64>"}` and plain image bytes.
 */
import * as v from 'valibot'
import { ResponseValidationError } from '../../errors/index.js'
import type { HttpResult } from '../../http/http-client.js'
import type { ImageBytes } from '../../spec/adapter.js'
import { decodeBase64, sniffImageMimeType } from '../shared/index.js'
import { answerError } from './aicontent-errors.js'
import { EnvelopeSchema, GatewayErrorSchema } from './aicontent-schemas.js'

const PROVIDER = 'aicontent'

function unexpected(call: string, what: string): ResponseValidationError {
  return new ResponseValidationError(
    `${PROVIDER} ${call} answered ${what}; expected image bytes.`,
    {
      provider: PROVIDER,
      call,
      fields: ['(body)'],
    },
  )
}

/** The base64 text inside an answer, or an error when the answer is a refusal. */
function base64Text(result: HttpResult, call: string): string {
  const text = result.text().trim()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return text
  }
  if (typeof json === 'string') return json
  if (v.is(GatewayErrorSchema, json)) throw answerError(call, result, json)
  const envelope = v.safeParse(EnvelopeSchema, json)
  if (envelope.success) {
    const { success, errCode, data } = envelope.output
    if (typeof data === 'string' && success !== false) return data
    if (success === false || (success !== true && errCode)) throw answerError(call, result, json)
  }
  throw unexpected(call, 'JSON without base64 image data')
}

/** Reads an image-asset answer into bytes and the MIME type the bytes really have. */
export function decodeImageAsset(result: HttpResult, call: string): ImageBytes {
  if (result.status < 200 || result.status >= 300) {
    let body: unknown = null
    try {
      body = JSON.parse(result.text())
    } catch {
      // Not JSON: the HTTP status alone decides.
    }
    throw answerError(call, result, body)
  }
  const direct = sniffImageMimeType(result.body)
  if (direct) return { bytes: result.body, mimeType: direct }
  const bytes = decodeBase64(base64Text(result, call))
  if (!bytes) throw unexpected(call, 'text that is not base64')
  const mimeType = sniffImageMimeType(bytes)
  if (!mimeType) throw unexpected(call, `${bytes.length} bytes of an unknown format`)
  return { bytes, mimeType }
}

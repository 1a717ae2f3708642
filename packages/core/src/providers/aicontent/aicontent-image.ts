/**
 * Decodes the answer of the image-asset calls. They answer "raw, not the envelope": the
 * documentation's example is a JSON string (`"BinaryData"`) and the official SDK reads the body
 * as JSON of any type, so with `encodeFormat=base64` the body is a JSON string holding base64.
 * We also accept, defensively, bare base64 text, `{data: "<base64>"}` and plain image bytes.
 */
import * as v from 'valibot'
import { ResponseValidationError } from '../../errors/index.js'
import type { HttpResult } from '../../http/http-client.js'
import { fromBase64 } from '../../signing/crypto-utils.js'
import type { ImageBytes } from '../../spec/adapter.js'
import { answerError } from './aicontent-errors.js'
import { EnvelopeSchema, GatewayErrorSchema } from './aicontent-schemas.js'

const PROVIDER = 'aicontent'

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false
  return prefix.every((byte, i) => bytes[offset + i] === byte)
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0))

/** The MIME type the bytes' magic number says; null when they are no image format we know. */
export function sniffImageMimeType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  if (startsWith(bytes, ascii('BM')) && bytes.length > 26) return 'image/bmp'
  return null
}

/** Standard or URL-safe base64, whitespace and a `data:` URL prefix allowed; null if invalid. */
export function decodeBase64(text: string): Uint8Array | null {
  const payload = text.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '')
  const standard = payload.replaceAll('-', '+').replaceAll('_', '/')
  if (standard === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return null
  try {
    return fromBase64(standard)
  } catch {
    return null
  }
}

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

import type { ImageBytes } from '@darkroom/core'
import { IMAGE_SIGNATURE_BYTES, sniffImageMimeType } from '@darkroom/core/provider-kit'
import type { GatewayResponseError } from '../errors.js'
import { unexpectedAnswer } from './answers.js'
import type { Answer } from './gateway-http.js'
import { concat } from './read-body.js'

const ROUTE = 'GET /v1/jobs/:id/images/:index'

/** The default of `maxImageBytes`: 32 MiB, well above any image a provider returns today. */
export const DEFAULT_MAX_IMAGE_BYTES = 32 * 2 ** 20

const refused = (detail: string, field: string) => unexpectedAnswer(ROUTE, detail, [field])

/** The first bytes as text, for a message: an HTML or JSON page shows what it is. */
function opening(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes.slice(0, 16)).replace(/[^\x20-\x7e]/g, '.')
}

/**
 * Reads an image answer, refusing what is not one: a Content-Type other than `image/*`, bytes
 * whose signature is none of PNG, JPEG, WebP, GIF or BMP (core's `sniffImageMimeType`), or more
 * than `maxBytes`. The bytes are checked as they stream in, so a wrong answer is no longer read
 * (its body is canceled) once it shows. The MIME type returned is the one the bytes have.
 */
export async function readImage(answer: Answer, maxBytes: number): Promise<ImageBytes> {
  const { headers } = answer.response
  const declared = headers.get('content-type')
  const length = Number(headers.get('content-length'))
  const tooLarge = (size: string, field: string) =>
    refused(
      `${size} larger than maxImageBytes (${maxBytes} bytes); raise maxImageBytes in createClient if such images are expected`,
      field,
    )
  let early: GatewayResponseError | null = null
  if (!/^image\//i.test(declared ?? '')) {
    early = refused(
      `is not an image: ${declared ? `its Content-Type is "${declared}"` : 'it has no Content-Type'}, not image/*`,
      'content-type',
    )
  } else if (length > maxBytes) {
    early = tooLarge(`has a Content-Length of ${length},`, 'content-length')
  }
  if (early) {
    answer.release()
    await answer.response.body?.cancel().catch(() => undefined)
    throw early
  }
  let mimeType: string | null = null
  const sniff = (head: Uint8Array) => {
    mimeType = sniffImageMimeType(head)
    if (mimeType) return mimeType
    throw refused(
      `is not an image: its bytes are none of PNG, JPEG, WebP, GIF or BMP (Content-Type ${declared}, starting "${opening(head)}")`,
      '(body)',
    )
  }
  const bytes = await answer.body((chunks, total) => {
    if (total > maxBytes) throw tooLarge('is', '(body)')
    if (mimeType === null && total >= IMAGE_SIGNATURE_BYTES) sniff(concat(chunks, total))
  })
  return { bytes, mimeType: mimeType ?? sniff(bytes) }
}

import { sniffImageMimeType } from '@darkroom/core/provider-kit'

/** The image types the gateway keeps and accepts as uploads: what a browser shows. */
export const KEPT_IMAGE_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
]

/** Why bytes were refused: a type not kept, bytes that are not that type, or too many. */
export type ImageRefusal = 'type' | 'signature' | 'size'

/** The verdict of {@link checkImage}. */
export type ImageVerdict =
  | { ok: true; contentType: string }
  | { ok: false; reason: ImageRefusal; detail: string }

/**
 * Checks image bytes before the gateway keeps them: the declared type (a `Content-Type`,
 * parameters ignored) must be one of {@link KEPT_IMAGE_TYPES}, the bytes' magic number must say
 * the same type, and there must be at most `maxBytes` of them.
 */
export function checkImage(
  bytes: Uint8Array,
  declared: string | null | undefined,
  maxBytes: number,
): ImageVerdict {
  const type = declared?.split(';')[0]?.trim().toLowerCase() ?? ''
  const kept = KEPT_IMAGE_TYPES.join(', ')
  if (!KEPT_IMAGE_TYPES.includes(type)) {
    const got = type ? `"${type}"` : 'none'
    return { ok: false, reason: 'type', detail: `the type must be one of ${kept}; got ${got}` }
  }
  if (bytes.byteLength > maxBytes) {
    const detail = `the image is ${bytes.byteLength} bytes, more than the ${maxBytes} allowed`
    return { ok: false, reason: 'size', detail }
  }
  const sniffed = sniffImageMimeType(bytes)
  if (sniffed !== type) {
    const seen = sniffed ? `those of ${sniffed}` : 'no image format'
    return {
      ok: false,
      reason: 'signature',
      detail: `the bytes are not ${type}: their first bytes are ${seen}`,
    }
  }
  return { ok: true, contentType: type }
}

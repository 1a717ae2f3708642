import { InvalidInputError } from '@darkroom/core'
import { sniffImageMimeType } from '@darkroom/core/provider-kit'

/** What `uploads.create` takes: a `Blob` (a `File` too), or the bytes themselves. */
export type UploadSource = Blob | Uint8Array | ArrayBuffer

/** The image types an upload may have: what the gateway keeps. */
export const UPLOAD_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
]

function refused(message: string): InvalidInputError {
  return new InvalidInputError(`uploads.create: ${message}.`, {
    issues: [{ path: '(image)', message }],
    call: 'upload',
  })
}

/**
 * The bytes of an upload and their type: `contentType` when given, else the `Blob`'s own type,
 * else what the bytes' magic number says. Refused (an `InvalidInputError`) when the source is
 * none of the three kinds, empty, or of no type in {@link UPLOAD_TYPES}; the gateway checks the
 * bytes against the type again.
 */
export async function uploadBytes(
  source: UploadSource,
  contentType: string | undefined,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  let bytes: Uint8Array
  let declared = contentType?.split(';')[0]?.trim().toLowerCase()
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    bytes = new Uint8Array(await source.arrayBuffer())
    declared ||= source.type.toLowerCase() || undefined
  } else if (source instanceof Uint8Array) bytes = source
  else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source)
  else throw refused('pass the image as a Blob (or File), a Uint8Array or an ArrayBuffer')
  if (bytes.byteLength === 0) throw refused('the image is empty')
  const type = declared || sniffImageMimeType(bytes)
  if (!type || !UPLOAD_TYPES.includes(type)) {
    throw refused(
      `the image must be ${UPLOAD_TYPES.join(', ')}; got ${type ? `"${type}"` : 'bytes of no known image type'} (pass contentType if the bytes are one of these)`,
    )
  }
  return { bytes, contentType: type }
}

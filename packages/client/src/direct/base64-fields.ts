import { InvalidInputError, type ProviderId } from '@darkroom/core'
import { sniffImageMimeType } from '@darkroom/core/provider-kit'
import { toBase64 } from '@darkroom/core/signing'
import type { UploadTarget } from '../client-types.js'
import type { Upload } from '../wire/index.js'

/**
 * The image fields of each provider's operations, and whether the provider takes base64 in them
 * (providers.md): SpeedPix takes a base64 data URI wherever it takes an image URL; Aidge takes
 * base64 in `imageBase64`, not in `imageUrl`; AI Content takes image URLs only. A field's path
 * is written without list indices (`controlnetUnits.inputImage`).
 */
const IMAGE_FIELDS: Record<ProviderId, Record<string, Record<string, boolean>>> = {
  speedpix: {
    txt2img: { 'controlnetUnits.inputImage': true },
    img2img: { imageUrls: true, 'controlnetUnits.inputImage': true },
  },
  aidge: { 'virtual-model': { imageBase64: true, imageUrl: false } },
  aicontent: {
    inference: {},
    'premodel-inference': { imageUrls: false },
    train: { imageUrls: false },
  },
}

function refused(message: string): InvalidInputError {
  return new InvalidInputError(`uploads.create: ${message}.`, {
    issues: [{ path: '(for)', message }],
    call: 'upload',
  })
}

/**
 * The direct client's upload: nothing is stored (there is no gateway), so the image goes inline
 * as a base64 `data:` URL, for a field whose provider takes base64; for any other field it
 * throws an `InvalidInputError` saying that a URL is needed and where to get one.
 */
export function dataUrlUpload(
  bytes: Uint8Array,
  contentType: string,
  target: UploadTarget | undefined,
): Upload {
  if (!target) {
    throw refused(
      'the direct client has no storage, so it needs to know the field the image is for: pass { for: { provider, operation, field } } (a data: URL works only where the provider takes base64)',
    )
  }
  const { provider, operation } = target
  const field = target.field.replace(/\.\d+(?=\.|$)/g, '')
  const fields = IMAGE_FIELDS[provider]?.[operation]
  if (!fields || !(field in fields)) {
    throw refused(`${provider} ${operation} has no image field "${target.field}"`)
  }
  if (!fields[field]) {
    const instead = provider === 'aidge' ? ' or pass the image as imageBase64' : ''
    throw refused(
      `${provider} ${operation} needs a URL in ${target.field}, which the direct client cannot make: upload through a gateway (createClient's uploads.create), host the image yourself${instead}`,
    )
  }
  if (sniffImageMimeType(bytes) !== contentType) {
    throw refused(`the bytes are not ${contentType}`)
  }
  return {
    url: `data:${contentType};base64,${toBase64(bytes)}`,
    expiresAt: null,
    contentType,
    size: bytes.byteLength,
  }
}

import type { UploadOptions } from '../client-types.js'
import { type UploadSource, uploadBytes } from '../uploads/upload-bytes.js'
import { type Upload, UploadAnswerSchema } from '../wire/index.js'
import type { Gateway } from './gateway-http.js'

/**
 * `uploads.create` over HTTP: `POST /v1/uploads` with the image's bytes and type. Loaded on the
 * first upload only (a dynamic import), so the entry's first load does not carry it.
 */
export async function uploadImage(
  gateway: Gateway,
  image: UploadSource,
  options: UploadOptions,
): Promise<Upload> {
  const { bytes, contentType } = await uploadBytes(image, options.contentType)
  const upload = await gateway.json('POST /v1/uploads', 'v1/uploads', UploadAnswerSchema, {
    method: 'post',
    body: bytes as Uint8Array<ArrayBuffer>,
    headers: { 'content-type': contentType },
    signal: options.signal,
  })
  // A gateway that does not know its public origin answers a path: resolved here, so the URL
  // can go to a provider as it is.
  const { baseUrl } = gateway.settings
  return upload.url.startsWith('/') ? { ...upload, url: `${baseUrl}${upload.url}` } : upload
}

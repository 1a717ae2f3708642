import * as v from 'valibot'

/** The answer of `POST /v1/uploads`: where a provider can fetch the uploaded image, and until when. */
export const UploadAnswerSchema = v.object({
  /**
   * A signed gateway URL of the image: needs no API key, so pass it as an image input (e.g.
   * speedpix img2img's `imageUrls`). Absolute when the gateway knows its public origin
   * (`DARKROOM_PUBLIC_URL`), else relative to the gateway (the client resolves it against its
   * `baseUrl`). The direct client's is a base64 `data:` URL.
   */
  url: v.string(),
  /**
   * When `url` stops working, ISO 8601: a day at most, sooner when the gateway's retention is
   * shorter. Null for the direct client's `data:` URL, which never expires.
   */
  expiresAt: v.nullable(v.string()),
  /** The image's checked type: `image/png`, `image/jpeg`, `image/webp` or `image/gif`. */
  contentType: v.string(),
  /** Its size in bytes. */
  size: v.number(),
})

/** An uploaded image (`POST /v1/uploads`, the client's `uploads.create`). */
export type Upload = v.InferOutput<typeof UploadAnswerSchema>

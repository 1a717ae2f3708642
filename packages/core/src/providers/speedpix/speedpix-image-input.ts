/**
 * An image input of SpeedPix (`init_images`, ControlNet `input_image`): an http(s) URL or a
 * base64 data URI, as the documentation allows. Both are sent as given.
 */
import * as v from 'valibot'
import { base64Head, sniffImageMimeType } from '../shared/index.js'

/** The longest URL accepted. */
export const SPEEDPIX_MAX_URL_CHARS = 4096
/**
 * The longest data URI accepted: about 7.5 MB of image. SpeedPix documents no limit; this is
 * Darkroom's (and the emulator's), to keep a request a sane size.
 */
export const SPEEDPIX_MAX_DATA_URI_CHARS = 10_000_000

const DATA_URI = /^data:image\/[a-z0-9.+-]+;base64,/i
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const KINDS = 'PNG, JPEG, WEBP, BMP or GIF'

const isHttpUrl = (s: string) => /^https?:\/\/[^\s/]/i.test(s) && URL.canParse(s)
const payloadOf = (s: string) => s.replace(DATA_URI, '')

/** The schema of one image input; `what` names it in messages, e.g. "the source image". */
export function imageInput(what: string) {
  return v.pipe(
    v.string(`must be a string: an http(s) URL or a base64 data URI of ${what}`),
    v.check(
      (s) => isHttpUrl(s) || DATA_URI.test(s),
      `must be an http(s) URL or a base64 data URI (data:image/png;base64,...) of ${what}`,
    ),
    v.check(
      (s) => !isHttpUrl(s) || s.length <= SPEEDPIX_MAX_URL_CHARS,
      `must be a URL of at most ${SPEEDPIX_MAX_URL_CHARS} characters`,
    ),
    v.check(
      (s) => !DATA_URI.test(s) || s.length <= SPEEDPIX_MAX_DATA_URI_CHARS,
      `must be a data URI of at most ${SPEEDPIX_MAX_DATA_URI_CHARS} characters; pass a URL for larger images`,
    ),
    v.check(
      (s) => !DATA_URI.test(s) || BASE64.test(payloadOf(s)),
      'must hold standard base64 after "base64," (A-Z a-z 0-9 + /, = padding)',
    ),
    v.check(
      (s) => !DATA_URI.test(s) || sniffImageMimeType(base64Head(payloadOf(s))) !== null,
      `must be a data URI of ${KINDS} bytes`,
    ),
  )
}

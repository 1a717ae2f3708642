/** The request header of an idempotent submit (`POST /v1/jobs`). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key'

/** The answer header of a repeated submit answered with the first one's job (`true`). */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed'

/** 1 to 255 visible ASCII characters (letters, digits, punctuation; no space or control). */
const KEY_FORM = /^[\x21-\x7e]{1,255}$/

/** Whether `value` is an `Idempotency-Key` the gateway takes: 1 to 255 visible ASCII characters. */
export function isIdempotencyKey(value: string): boolean {
  return KEY_FORM.test(value)
}

/**
 * Base64 without `Buffer`, so the same code runs in Workers and browsers. Chunked to stay under
 * engines' argument-count limits for `String.fromCharCode` on multi-megabyte images.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

/** Decodes standard base64; throws a `DOMException` on malformed input, as `atob` does. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

// Test support only (not published): what an image host sends, for the adapters' image calls.
import type { ReplySpec } from './scripted-fetch.js'

/** A minimal PNG header of the given size (signature + IHDR), enough for MIME and size checks. */
export function pngBytes(width: number, height: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(33)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  const view = new DataView(bytes.buffer)
  view.setUint32(16, width)
  view.setUint32(20, height)
  return bytes
}

/** The XML refusal OSS answers a signed URL with (expired, bad signature, no such key). */
export function ossError(status: number, code: string, message: string): ReplySpec {
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-oss-request-id': '66A0B1C2' },
    text: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>66A0B1C2D3E4F5A6B7C8D9E0</RequestId>\n  <HostId>oss.example.com</HostId>\n</Error>\n`,
  }
}

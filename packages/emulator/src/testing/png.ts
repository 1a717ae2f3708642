// Test support only: what every emulator test checks of the PNGs it is served.
import { decode } from 'fast-png'
import { expect } from 'vitest'

/** The eight bytes every PNG starts with. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** Expects `bytes` to be a whole PNG of that size: the signature, then a full decode. */
export function expectPng(bytes: Uint8Array, width: number, height: number): void {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE)
  const png = decode(bytes)
  expect([png.width, png.height]).toEqual([width, height])
}

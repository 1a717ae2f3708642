// Base64 without `Buffer` (Workers and browsers too): core's, under the names the emulators use.
export { fromBase64 as base64ToBytes, toBase64 as bytesToBase64 } from '@darkroom/core/signing'

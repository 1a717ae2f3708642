// The emulator's test kit: raw signed clients of the three emulators and the checks their tests
// share. Test support only (the package is private).
export { aicontentClient, type RawCall } from './aicontent-client.js'
export {
  AIDGE_QUERY,
  AIDGE_SAMPLE,
  AIDGE_SUBMIT,
  type AidgeAnswer,
  type AidgeCallOverrides,
  aidgeClient,
} from './aidge-client.js'
export { FIXED_TIMINGS } from './fixed-timings.js'
export { expectPng, PNG_SIGNATURE } from './png.js'
export { handleOf, type RunToEnd, runToEnd } from './run-to-end.js'
export {
  SPEEDPIX_TEST_BASE,
  SPEEDPIX_TEST_CONTENT_TYPE,
  SPEEDPIX_TEST_IMAGE_SECRET,
  type SpeedpixClientOptions,
  type SpeedpixSignOptions,
  speedpixClient,
} from './speedpix-client.js'
export type { WireJson } from './wire-json.js'

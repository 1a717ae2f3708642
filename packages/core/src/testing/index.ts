// Core's test kit: shared by the package's own tests, never published (see package.json `files`).
export { AICONTENT_TEST_CREDENTIALS, aicontentOk, aicontentWith } from './aicontent.js'
export { AIDGE_FIXTURE_HANDLE, AIDGE_TEST_CREDENTIALS, aidgeWith } from './aidge.js'
export { ossError, pngBytes } from './image-host.js'
export { logNormalQuantile, normalQuantile } from './normal-quantile.js'
export {
  createScriptedAdapter,
  handleOf,
  type ScriptedAdapter,
  type ScriptedAdapterOptions,
  type ScriptedJob,
  type StatusCall,
} from './scripted-adapter.js'
export {
  type Reply,
  type ReplyFunction,
  type ReplyHead,
  type ReplySpec,
  type Routes,
  type ScriptedFetch,
  type ScriptedFetchOptions,
  type SeenRequest,
  scriptedFetch,
} from './scripted-fetch.js'
export { type ScriptedProvider, scriptedProvider } from './scripted-provider.js'
export {
  hasValidSpeedpixSignature,
  SPEEDPIX_TEST_BASE_URL,
  SPEEDPIX_TEST_CREDENTIALS,
  speedpixEnvelope,
  speedpixGatewayError,
  speedpixOk,
  speedpixWith,
} from './speedpix.js'

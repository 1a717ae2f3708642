export {
  type CommonAdapterOptions,
  httpClientFor,
  normalizeBaseUrl,
  requireCredential,
} from './adapter-options.js'
export { envReader, type ProviderEnvValues, readProviderEnv } from './env.js'
export {
  base64Head,
  decodeBase64,
  downloadedImageMime,
  mimeFromFileName,
  signedUrlExpiry,
} from './image-data.js'
export { IMAGE_SIGNATURE_BYTES, sniffImageMimeType } from './image-type.js'
export { baseJob, clampProgress, providerTime } from './job-builder.js'
export { type JsonSchema, operationInputJsonSchema } from './json-schema.js'
export { codeForStatus, providerError, unknownCodeMapping } from './provider-error.js'
export { guardSubmit } from './submit-outcome.js'
export {
  type ArgumentContext,
  describeIssues,
  issuePath,
  knownOperation,
  parseArgument,
  parseInput,
  parseResponse,
  toInputIssues,
} from './validation.js'

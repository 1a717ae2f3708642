export {
  type CommonAdapterOptions,
  httpClientFor,
  normalizeBaseUrl,
  requireCredential,
} from './adapter-options.js'
export { type ProviderEnvValues, readProviderEnv } from './env.js'
export { IMAGE_SIGNATURE_BYTES, sniffImageMimeType } from './image-type.js'
export { baseJob, clampProgress, providerTime } from './job-builder.js'
export { type JsonSchema, operationInputJsonSchema } from './json-schema.js'
export { codeForStatus, providerError } from './provider-error.js'
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

export { type BackoffInput, backoffDelay } from './backoff.js'
export {
  createHttpClient,
  type HttpCall,
  type HttpClient,
  type HttpClientOptions,
  type HttpResult,
  isTransientStatus,
  type PreparedRequest,
  type RequestEvent,
} from './http-client.js'
export { createRedactor } from './redact.js'
export { parseRetryAfter } from './retry-after.js'

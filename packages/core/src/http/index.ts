export {
  createHttpClient,
  type HttpCall,
  type HttpClient,
  type HttpClientOptions,
  type HttpResult,
  isTransientStatus,
  type PreparedRequest,
} from './http-client.js'
export { jitteredBackoff, parseRetryAfter } from './retry-after.js'

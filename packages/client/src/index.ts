// @darkroom/client: a Darkroom gateway over HTTP. The in-process transport is
// `@darkroom/client/direct`; this entry imports no provider adapter.
export type {
  Clock,
  ErrorCode,
  ImageBytes,
  ImageRef,
  Job,
  JobError,
  JobState,
  OperationCapabilities,
  ProviderId,
} from '@darkroom/core'
export {
  DarkroomAbortError,
  DarkroomError,
  DarkroomTimeoutError,
  isTerminalState,
  NetworkError,
} from '@darkroom/core'
export type {
  CreateJobRequest,
  DarkroomClient,
  OperationInfo,
  ProviderInfo,
  RequestOptions,
  WaitOptions,
  WatchOptions,
} from './client-types.js'
export {
  DarkroomApiError,
  type DarkroomApiErrorOptions,
  type FieldProblem,
  GatewayResponseError,
  type Problem,
} from './errors.js'
export { type ClientOptions, createClient } from './remote/create-client.js'

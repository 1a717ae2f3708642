// @darkroom/client: a Darkroom gateway over HTTP. The in-process transport is
// `@darkroom/client/direct`; this entry imports no provider adapter.
export type {
  Clock,
  ErrorCode,
  ImageBytes,
  ImageRef,
  InputIssue,
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
  InvalidInputError,
  isTerminalState,
  NetworkError,
  REQUEST_PATHS,
} from '@darkroom/core'
export type {
  DarkroomClient,
  RequestOptions,
  WaitOptions,
  WatchOptions,
} from './client-types.js'
export {
  DarkroomApiError,
  type DarkroomApiErrorOptions,
  GatewayResponseError,
  surfaceApiError,
} from './errors.js'
export { type ClientOptions, createClient } from './remote/create-client.js'
export type {
  CreateJobRequest,
  OperationInfo,
  Problem,
  ProblemCode,
  ProviderInfo,
} from './wire/index.js'

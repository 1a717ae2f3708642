// @darkroom/client/direct: Darkroom in-process, with the caller's own provider credentials.
// The same `DarkroomClient` as the gateway transport of `@darkroom/client`.

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
  ProviderOptions,
  ProviderOptionsMap,
} from '@darkroom/core'
export {
  DarkroomAbortError,
  DarkroomError,
  DarkroomTimeoutError,
  InvalidHandleError,
  InvalidInputError,
  isTerminalState,
  NetworkError,
  ProviderApiError,
  REQUEST_PATHS,
  ResponseValidationError,
} from '@darkroom/core'
export type { AicontentOptions } from '@darkroom/core/providers/aicontent'
export type { AidgeOptions } from '@darkroom/core/providers/aidge'
export type { SpeedpixOptions } from '@darkroom/core/providers/speedpix'
export type {
  DarkroomClient,
  RequestOptions,
  WaitOptions,
  WatchOptions,
} from './client-types.js'
export { createDirectClient, type DirectClientOptions } from './direct/create-direct-client.js'
export type { CreateJobRequest, OperationInfo, ProviderInfo } from './wire/index.js'

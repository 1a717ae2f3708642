// @darkroom/client/direct: Darkroom in-process, with the caller's own provider credentials.
// The same `DarkroomClient` as the gateway transport of `@darkroom/client`.

export type {
  AicontentInferenceInput,
  AicontentPremodelInferenceInput,
  AicontentTrainInput,
  AidgeVirtualModelInput,
  Clock,
  ErrorCode,
  ImageBytes,
  ImageRef,
  InputIssue,
  Job,
  JobError,
  JobState,
  OperationCapabilities,
  OperationInput,
  OperationInputs,
  OperationName,
  ProviderId,
  ProviderOptions,
  ProviderOptionsMap,
  SpeedpixImg2imgInput,
  SpeedpixTxt2imgInput,
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
  RunOptions,
  WaitOptions,
  WatchOptions,
} from './client-types.js'
export { createDirectClient, type DirectClientOptions } from './direct/create-direct-client.js'
export type {
  CreateJobRequest,
  OperationInfo,
  ProviderInfo,
  UntypedCreateJobRequest,
} from './wire/index.js'
export { untypedRequest } from './wire/job-request.js'

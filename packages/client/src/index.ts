// @darkroom/client: a Darkroom gateway over HTTP. The in-process transport is
// `@darkroom/client/direct`; this entry imports no provider adapter. Receivers verify webhook
// deliveries with `@darkroom/client/webhooks` (its own entry, to keep this one's first load small).
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
  SpeedpixImg2imgInput,
  SpeedpixTxt2imgInput,
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
  CreateOptions,
  DarkroomClient,
  JobListOptions,
  JobPage,
  RequestOptions,
  RunOptions,
  UploadOptions,
  UploadTarget,
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
export type { UploadSource } from './uploads/upload-bytes.js'
export type {
  CreateJobRequest,
  JobWebhook,
  OperationInfo,
  Problem,
  ProblemCode,
  ProviderInfo,
  UntypedCreateJobRequest,
  Upload,
} from './wire/index.js'
export { untypedRequest } from './wire/job-request.js'

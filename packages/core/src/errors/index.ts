export { DarkroomError, type DarkroomErrorOptions } from './darkroom-error.js'
export {
  ConfigurationError,
  DarkroomAbortError,
  DarkroomTimeoutError,
  type InputIssue,
  InvalidHandleError,
  InvalidInputError,
  NetworkError,
  ProviderApiError,
  type ProviderApiErrorOptions,
  ResponseValidationError,
  type SubmitOutcomeReason,
  SubmitOutcomeUnknownError,
} from './subclasses.js'

export { DarkroomError, type DarkroomErrorOptions } from './darkroom-error.js'
export {
  IdempotencyConflictError,
  type IdempotencyConflictReason,
} from './idempotency-error.js'
export { type InputIssue, REQUEST_PATHS, requestPath } from './input-issue.js'
export {
  ConfigurationError,
  DarkroomAbortError,
  DarkroomTimeoutError,
  InvalidHandleError,
  InvalidInputError,
  NetworkError,
  ProviderApiError,
  type ProviderApiErrorOptions,
  ResponseValidationError,
  type SubmitOutcomeReason,
  SubmitOutcomeUnknownError,
} from './subclasses.js'

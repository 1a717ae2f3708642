export { DarkroomError, type DarkroomErrorOptions } from './darkroom-error.js'
export {
  DarkroomAbortError,
  DarkroomTimeoutError,
  type InputIssue,
  InvalidHandleError,
  InvalidInputError,
  NetworkError,
  ProviderApiError,
  type ProviderApiErrorOptions,
  ResponseValidationError,
} from './subclasses.js'

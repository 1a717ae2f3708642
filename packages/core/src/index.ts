// @darkroom/core: what users and the other packages need — the job model, errors, the provider
// catalogue and adapters' common types, the clock, the polling engine's public API and the job
// store interface. Withheld on purpose, behind clearly named subpaths:
// - `@darkroom/core/provider-kit`: the kit for writing an adapter (HTTP helper, validation, job
//   builder, status tables, image helpers, environment readers).
// - `@darkroom/core/engine`: the engine's internals (the pure schedule, histories, the learner's
//   samples, the token bucket, the backoff, snapshot helpers) for transports and benchmarks.
// - `@darkroom/core/providers/<id>`: one provider's factory, options and constants.
// - `@darkroom/core/signing`: the signing primitives, for known-answer tests.
// - `@darkroom/core/webhooks`: signing Standard Webhooks deliveries, the delivery's schema, and
//   the dispatcher that sends a store's outbox (its retry schedule, one attempt's send).
export {
  type Clock,
  systemClock,
  VirtualClock,
  type VirtualClockOptions,
} from './clock/index.js'
export {
  ConfigurationError,
  DarkroomAbortError,
  DarkroomError,
  type DarkroomErrorOptions,
  DarkroomTimeoutError,
  IdempotencyConflictError,
  type IdempotencyConflictReason,
  type InputIssue,
  InvalidHandleError,
  InvalidInputError,
  NetworkError,
  ProviderApiError,
  type ProviderApiErrorOptions,
  REQUEST_PATHS,
  ResponseValidationError,
  requestPath,
  type SubmitOutcomeReason,
  SubmitOutcomeUnknownError,
} from './errors/index.js'
export type { RequestEvent } from './http/index.js'
export {
  DEFAULT_IDEMPOTENCY_TTL_MS,
  type HubReadOptions,
  type HubSubmitOptions,
  type HubWebhookOptions,
  JobHub,
  type JobHubOptions,
  type SubmitIdempotency,
  type SubmittedJob,
  storableSnapshot,
} from './hub/index.js'
export {
  decodeHandle,
  type ErrorCode,
  ErrorCodeSchema,
  encodeHandle,
  type ImageRef,
  ImageRefSchema,
  isTerminalState,
  type Job,
  type JobError,
  JobErrorSchema,
  type JobHandle,
  JobHandleSchema,
  JobSchema,
  type JobState,
  JobStateSchema,
  type ProviderId,
  ProviderIdSchema,
} from './model/index.js'
export {
  DEFAULT_TIMEOUT_MS,
  DurationLearner,
  type DurationLearnerOptions,
  JobTracker,
  type JobTrackerOptions,
  type PollingOptions,
  type ProviderBudgetStats,
  type TrackerEvent,
  type TrackerStats,
  type TrackerWatchOptions,
  type TrackOptions,
  type WatchOptions,
  waitForJob,
  watchJob,
} from './polling/index.js'
export {
  type AnyProviderDefinition,
  createProviderAdapter,
  isProviderId,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderDefinitionOf,
  type ProviderOptions,
  type ProviderOptionsMap,
  providerDefinition,
} from './providers/catalog.js'
export type {
  AicontentInferenceInput,
  AicontentPremodelInferenceInput,
  AicontentTrainInput,
  AidgeVirtualModelInput,
  OperationInput,
  OperationInputs,
  OperationName,
  SpeedpixImg2imgInput,
  SpeedpixTxt2imgInput,
} from './providers/operation-inputs.js'
export { type JsonSchema, operationInputJsonSchema } from './providers/shared/json-schema.js'
export type {
  CallOptions,
  Env,
  ImageBytes,
  OperationCapabilities,
  OperationSpec,
  OperationTiming,
  ProviderAdapter,
  ProviderDefinition,
  ProviderEnvNames,
} from './spec/index.js'
export type {
  JobListPage,
  JobListQuery,
  JobPruneOptions,
  JobStore,
  NewSubmitClaim,
  StoredJob,
  StoredJobUpdate,
  SubmitClaim,
  SubmitClaimState,
  SubmitClaimStore,
  UnfinishedQuery,
  WebhookAttempt,
  WebhookAttemptOutcome,
  WebhookDelivery,
  WebhookDeliveryState,
  WebhookOutbox,
  WebhookSubscription,
} from './store/index.js'
export {
  decodeListCursor,
  encodeListCursor,
  type ListPosition,
  MAX_ATTEMPT_LOG,
  MemoryJobStore,
  newestFirst,
} from './store/index.js'

// @darkroom/client/wire: the gateway's HTTP contract as valibot schemas, with the types inferred
// from them. The gateway declares its answers and its OpenAPI document from these, and the
// client checks what it receives against the same ones. No transport in here: importing it costs
// the schemas and valibot, nothing else.
export {
  type CheckedCreateJobRequest,
  CreateJobRequestSchema,
  parseCreateJob,
  requestIssues,
} from './create-job.js'
export {
  WebhookAttemptAnswerSchema,
  WebhookDeliveriesAnswerSchema,
  type WebhookDeliveryAnswer,
  WebhookDeliveryAnswerSchema,
} from './deliveries.js'
export { type Health, HealthSchema } from './health.js'
export {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  isIdempotencyKey,
} from './idempotency.js'
export { createJobBody, JOB_REQUEST_MEMBERS } from './job-body.js'
export {
  DEFAULT_JOB_LIST_LIMIT,
  type JobListAnswer,
  JobListAnswerSchema,
  type JobListParams,
  JobListQuerySchema,
  MAX_JOB_LIST_LIMIT,
  parseJobListQuery,
} from './job-list.js'
export {
  type AnyCreateJobRequest,
  type CreateJobRequest,
  type JobWebhook,
  type UntypedCreateJobRequest,
  untypedRequest,
} from './job-request.js'
export {
  GATEWAY_PROBLEM_CODES,
  type GatewayProblemCode,
  InputIssueSchema,
  type Problem,
  type ProblemCode,
  ProblemSchema,
} from './problem.js'
export {
  describeProvider,
  type OperationInfo,
  OperationInfoSchema,
  type ProviderInfo,
  ProviderInfoSchema,
  type ProvidersAnswer,
  ProvidersAnswerSchema,
} from './providers.js'
export { type Upload, UploadAnswerSchema } from './upload.js'
export {
  DEFAULT_WEBHOOK_EVENTS,
  MAX_WEBHOOK_URL_LENGTH,
  type WebhookRequest,
  WebhookRequestSchema,
} from './webhook.js'

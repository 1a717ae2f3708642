export type {
  JobListPage,
  JobListQuery,
  JobPruneOptions,
  JobStore,
  StoredJob,
  StoredJobUpdate,
  UnfinishedQuery,
} from './job-store.js'
export {
  decodeListCursor,
  encodeListCursor,
  type ListPosition,
  newestFirst,
} from './list-cursor.js'
export { MemoryJobStore } from './memory-job-store.js'
export type {
  NewSubmitClaim,
  SubmitClaim,
  SubmitClaimState,
  SubmitClaimStore,
} from './submit-claims.js'
export {
  MAX_ATTEMPT_LOG,
  type WebhookAttempt,
  type WebhookAttemptOutcome,
  type WebhookDelivery,
  type WebhookDeliveryState,
  type WebhookOutbox,
  type WebhookSubscription,
} from './webhook-outbox.js'

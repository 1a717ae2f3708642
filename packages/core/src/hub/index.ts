export type { HubWebhookOptions } from './hub-webhooks.js'
export {
  type HubReadOptions,
  type HubSubmitOptions,
  JobHub,
  type JobHubOptions,
  type SubmittedJob,
} from './job-hub.js'
export { storableSnapshot } from './storable-snapshot.js'
export { DEFAULT_IDEMPOTENCY_TTL_MS, type SubmitIdempotency } from './submit-journal.js'

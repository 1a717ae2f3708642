export type { HubWebhookOptions } from './hub-webhooks.js'
export {
  type HubReadOptions,
  type HubSubmitOptions,
  JobHub,
  type JobHubOptions,
} from './job-hub.js'
export { storableSnapshot } from './storable-snapshot.js'

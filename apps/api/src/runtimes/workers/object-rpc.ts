import type {
  ImageBytes,
  Job,
  JobHandle,
  ProviderId,
  SubmitIdempotency,
  WebhookDelivery,
  WebhookSubscription,
} from '@darkroom/core'
import type {
  GatewayJobPage,
  GatewayListQuery,
  GatewayMetrics,
  KeyedSubmitAnswer,
} from '../../jobs/gateway-jobs.js'
import type { Outcome } from './rpc-errors.js'

/**
 * What the Worker calls on a provider's Durable Object (`ProviderJobs`) over Workers RPC. Every
 * call names the provider, so an object started by its alarm alone knows which one it is from
 * its storage, and one reached under another name refuses. Answers are {@link Outcome}s: RPC
 * keeps only the message of a thrown error.
 */
export interface ProviderJobsRpc {
  /** `GatewayJobs.submit`, recorded (with its webhook) in the object's storage before it answers. */
  submit(
    provider: ProviderId,
    operation: string,
    input: unknown,
    owner: string,
    webhook?: WebhookSubscription,
  ): Promise<Outcome<Job>>
  /** `GatewayJobs.submitOnce`: the key's claim and journal live in this provider's object. */
  submitOnce(
    provider: ProviderId,
    operation: string,
    input: unknown,
    owner: string,
    idempotency: SubmitIdempotency,
    webhook?: WebhookSubscription,
  ): Promise<Outcome<KeyedSubmitAnswer>>
  /**
   * On the owner's key index (`idFromName('idempotency:' + owner)`), not a provider's object:
   * claims `key` for the request `fingerprint` names (for a day). Answers null when claimed now
   * or by the same request before (go on to the provider's object), else the fingerprint of the
   * other request that holds the key.
   */
  claimKey(owner: string, key: string, fingerprint: string): Promise<Outcome<string | null>>
  /** On the owner's key index: frees `key` after a definite failure (see `claimKey`). */
  releaseKey(owner: string, key: string): Promise<Outcome<boolean>>
  /** `GatewayJobs.get`. */
  get(handle: JobHandle, owner: string): Promise<Outcome<Job>>
  /**
   * `GatewayJobs.watch`, pushed: the object calls `onJob` with each snapshot and waits for it
   * (a slow stream holds one snapshot; the tracker coalesces the rest); the call answers when the
   * watch ends, after the terminal snapshot or with the error that ended it. `onJob` rejecting
   * (the Worker's watcher left) ends the watch in the object.
   */
  watch(
    handle: JobHandle,
    owner: string,
    timeoutMs: number | undefined,
    onJob: (job: Job) => Promise<void>,
  ): Promise<Outcome<null>>
  /** `GatewayJobs.list` of this provider's jobs (`query.provider` is the object's). */
  list(query: GatewayListQuery & { provider: ProviderId }): Promise<Outcome<GatewayJobPage>>
  /** `GatewayJobs.deliveries`. */
  deliveries(handle: JobHandle, owner: string): Promise<Outcome<WebhookDelivery[]>>
  /** `GatewayJobs.redeliver`: the object's dispatcher sends it. */
  redeliver(handle: JobHandle, owner: string): Promise<Outcome<WebhookDelivery>>
  /** `GatewayJobs.image`. */
  image(handle: JobHandle, index: number): Promise<Outcome<ImageBytes>>
  /** This provider's rows of `GatewayMetrics`. */
  metrics(): Promise<Outcome<GatewayMetrics>>
}

/** The name of the Durable Object namespace binding, in both wrangler configs. */
export const JOBS_BINDING = 'DARKROOM_JOBS'

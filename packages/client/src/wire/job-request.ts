// The typed job request: types derived from core's catalogue (no schema reaches a bundle from
// here), and the one-line escape hatch for requests known only at run time.
import type { OperationInputs, OperationName, ProviderId } from '@darkroom/core'
import type { WebhookEventType } from '@darkroom/core/webhooks'

/**
 * Where a gateway delivers a job's events, signed per Standard Webhooks with the API key's
 * secret (`verifyWebhook` checks them). Gateway only: the direct client refuses it.
 */
export interface JobWebhook {
  /** An absolute URL; in production the gateway wants https and a public address. */
  url: string
  /** Which events. Default: `job.succeeded`, `job.failed`, `job.canceled`. */
  events?: WebhookEventType[] | undefined
}

/**
 * What to run, checked at compile time: `provider` narrows `operation` to that provider's
 * operations, and `operation` narrows `input` to that operation's input type (inferred from its
 * schema, each field with its doc comment). The same type on both transports. A request built at
 * run time (a form) goes through {@link UntypedCreateJobRequest} instead.
 */
export type CreateJobRequest = {
  [Provider in ProviderId]: {
    [Operation in OperationName<Provider>]: {
      /** Which provider runs it; `providers.list()` says which are on offer. */
      provider: Provider
      /** The operation's name, e.g. `txt2img`. */
      operation: Operation
      /** The operation's input; checked against its schema before anything is submitted. */
      input: OperationInputs[Provider][Operation]
      /** Where the gateway delivers the job's events. Default: none. */
      webhook?: JobWebhook | undefined
    }
  }[OperationName<Provider>]
}[ProviderId]

/** Marks a request as untyped on purpose; a type only, nothing carries it at run time. */
declare const untyped: unique symbol

/**
 * A request known only at run time (a form, command-line flags, JSON from elsewhere): any
 * provider, operation and input object. Made by {@link untypedRequest}, so leaving the
 * compile-time checks is always visible in the code. It is checked at run time all the same.
 */
export type UntypedCreateJobRequest = {
  /** A provider id, checked at run time. */
  provider: string
  /** An operation name, checked at run time. */
  operation: string
  /** The operation's input, checked against its schema at run time. */
  input: Record<string, unknown>
  /** Where the gateway delivers the job's events, checked at run time. Default: none. */
  webhook?: JobWebhook | undefined
  /** The mark `untypedRequest` gives: a plain object lacks it, so it never passes by accident. */
  readonly [untyped]: true
}

/** What `jobs.create` and `run` take: a typed request, or an untyped one made with a cast. */
export type AnyCreateJobRequest = CreateJobRequest | UntypedCreateJobRequest

/**
 * The escape hatch from `CreateJobRequest`'s compile-time checks, for a request built at run
 * time: `darkroom.jobs.create(untypedRequest({ provider, operation, input }))`. It returns its
 * argument unchanged; the transport checks it as it checks any request, so an unknown provider
 * or operation, or a refused input, throws an `InvalidInputError` whose `issues` name each part
 * (`width`, `controlnetUnits.0.weight`, `(operation)`...).
 */
export function untypedRequest(request: {
  provider: string
  operation: string
  input: Record<string, unknown>
  webhook?: JobWebhook | undefined
}): UntypedCreateJobRequest {
  // The mark is a type only: nothing is added at run time.
  return request as UntypedCreateJobRequest
}

import type { ErrorCode } from '@darkroom/core'
import * as v from 'valibot'

/** The problem codes only the gateway uses, besides core's error codes. */
export const GATEWAY_PROBLEM_CODES = [
  'method_not_allowed',
  'payload_too_large',
  /** The request (headers or body) did not arrive in time; sending it again may work. */
  'request_timeout',
  /** The gateway is at its connection cap; try again shortly (`Retry-After`). */
  'overloaded',
  /** The route needs a job store this gateway runs without (`GET /v1/jobs` on Bun or Deno). */
  'store_required',
  /** An upload whose Content-Type or bytes are no image type the gateway keeps (PNG, JPEG, WebP, GIF). */
  'unsupported_media_type',
  /** A signed gateway URL (an image, an upload) past its expiry: read the job again for a fresh one. */
  'link_expired',
  /** A redelivery of a job that has no webhook delivery yet. */
  'no_delivery',
  /** The `Idempotency-Key` was sent before with another request (422): use a new key. */
  'idempotency_key_reused',
  /**
   * The first request with this `Idempotency-Key` is still being submitted (409): send the same
   * request again after `Retry-After` to get its job.
   */
  'idempotency_key_in_flight',
  'internal',
] as const

/** A problem code only the gateway uses. */
export type GatewayProblemCode = (typeof GATEWAY_PROBLEM_CODES)[number]

/** A code the gateway puts in a problem: one of core's `ErrorCode`s or one of its own. */
export type ProblemCode = ErrorCode | GatewayProblemCode

/**
 * One refused part of a request, as a problem's `errors` lists it: core's `InputIssue`, with the
 * same paths from both transports (relative to `input`; `(provider)`, `(operation)`, `(input)`
 * for the parts of the request that are not fields of the input).
 */
export const InputIssueSchema = v.object({
  /** Where the problem is: `width`, `imageUrls.0`, or a request part such as `(operation)`. */
  path: v.string(),
  /** What is wrong with it, fit to show next to the field. */
  message: v.string(),
})

/**
 * An `application/problem+json` body (RFC 9457) with Darkroom's extension members: every error the
 * gateway answers, and the `error` event of an event stream.
 */
export const ProblemSchema = v.object({
  /** A URI naming the kind of problem, e.g. `urn:darkroom:problem:rate_limited`. */
  type: v.string(),
  /** A short human summary of the kind, e.g. "Rate limited". */
  title: v.string(),
  /** The HTTP status it came with. */
  status: v.number(),
  /** What went wrong this time and what to do, fit to show to a user. */
  detail: v.string(),
  /**
   * A {@link ProblemCode}. Read as any string, so a client keeps working with a newer gateway's
   * codes (it maps unknown ones from the status).
   */
  code: v.string(),
  /** Whether the same request may succeed later. */
  retryable: v.boolean(),
  /** The gateway's id of the request, for its logs and support tickets. */
  requestId: v.string(),
  /** For invalid input (`code: invalid_input`): each refused part of the request. */
  errors: v.optional(v.array(InputIssueSchema)),
})

/** An `application/problem+json` body as the gateway writes it. */
export type Problem = v.InferOutput<typeof ProblemSchema>

/**
 * One refused part of a request. The same shape, with the same paths, whichever way the request
 * went: thrown by the adapters and the direct client, listed in the gateway's problem `errors`,
 * and thrown again by the remote client.
 */
export interface InputIssue {
  /**
   * Where the problem is. A field of the operation's input is its dotted path relative to the
   * input: `width`, `imageUrls.0`, `controlnetUnits.1.weight`. A part of the request that is not
   * a field of the input is its name in parentheses (see {@link REQUEST_PATHS}): `(provider)`,
   * `(operation)`, `(input)` for the input as a whole (not an object, say).
   */
  path: string
  /** What is wrong with it, fit to show next to the field. */
  message: string
}

/**
 * The paths of issues about a part of the request rather than a field of the input. Parentheses
 * keep them apart from field names (no input field is spelt with one). A gateway request's other
 * top-level members are named the same way, e.g. `(webhook)`.
 */
export const REQUEST_PATHS = {
  /** The provider: unknown, or not offered by this client or gateway. */
  provider: '(provider)',
  /** The operation: not one of the provider's. */
  operation: '(operation)',
  /** The input as a whole: not an object, or a rule across several of its fields. */
  input: '(input)',
  /** An image index (`jobs.image`): not a whole number, or no such image. */
  index: '(index)',
  /** A job handle or id that belongs to another provider or operation. */
  handle: '(handle)',
  /** A gateway request body as a whole: not an object. */
  request: '(request)',
} as const

/** The name in parentheses of a part of the request (see {@link REQUEST_PATHS}). */
export function requestPath(part: string): string {
  return `(${part})`
}

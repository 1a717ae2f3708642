import * as v from 'valibot'
import { InvalidHandleError } from '../errors/index.js'
import { fromBase64Url, toBase64Url, utf8 } from '../signing/crypto-utils.js'
import { ProviderIdSchema } from './job.js'

/**
 * Everything needed to ask a provider about a job again, from any process: JSON-serializable,
 * so a job submitted in one place can be resumed in another.
 */
export const JobHandleSchema = v.strictObject({
  provider: ProviderIdSchema,
  operation: v.pipe(v.string(), v.minLength(1)),
  providerJobId: v.pipe(v.string(), v.minLength(1)),
  /** Extra ids some providers need later (aicontent keeps `modelId` and `promptId`). */
  meta: v.optional(v.record(v.string(), v.string())),
})
/** Everything needed to ask a provider about a job again, from any process. */
export type JobHandle = v.InferOutput<typeof JobHandleSchema>

const PREFIX = 'drj1.'

/** What an id was made from: enough to notice that a handle changed after it was encoded. */
interface Encoded {
  id: string
  /** The handle's own key count, so a key added later is noticed too. */
  keys: number
  provider: string
  operation: string
  providerJobId: string
  meta: Record<string, string> | undefined
  /** `meta` as it was, key, value, key, value..., in its own key order. */
  metaEntries: string[]
}

/**
 * Ids already made, per handle object. The engine and the adapters ask for the id of the same
 * handle on every snapshot, and validating, serializing and encoding it again each time was a
 * measurable share of a status call. A handle that was changed in place gets a new id.
 */
const encoded = new WeakMap<object, Encoded>()

/**
 * Turns a handle into an opaque, URL-safe job id (`drj1.` + base64url of its JSON). The
 * version prefix lets the format change without breaking ids already handed out.
 */
export function encodeHandle(handle: JobHandle): string {
  const cached = typeof handle === 'object' && handle !== null ? encoded.get(handle) : undefined
  if (cached && unchanged(cached, handle)) return cached.id
  const parsed = v.safeParse(JobHandleSchema, handle)
  if (!parsed.success) {
    throw new InvalidHandleError(`Cannot encode the job handle: ${v.summarize(parsed.issues)}`)
  }
  const { provider, operation, providerJobId, meta } = parsed.output
  // Fixed key order (and sorted meta) so the same handle always gives the same id.
  const ordered = {
    provider,
    operation,
    providerJobId,
    ...(meta
      ? { meta: Object.fromEntries(Object.entries(meta).sort(([a], [b]) => (a < b ? -1 : 1))) }
      : {}),
  }
  const id = PREFIX + toBase64Url(utf8(JSON.stringify(ordered)))
  encoded.set(handle, {
    id,
    keys: Object.keys(handle).length,
    provider,
    operation,
    providerJobId,
    meta: handle.meta,
    metaEntries: handle.meta ? Object.entries(handle.meta).flat() : [],
  })
  return id
}

function unchanged(was: Encoded, handle: JobHandle): boolean {
  if (
    handle.provider !== was.provider ||
    handle.operation !== was.operation ||
    handle.providerJobId !== was.providerJobId ||
    handle.meta !== was.meta ||
    Object.keys(handle).length !== was.keys
  ) {
    return false
  }
  if (!handle.meta) return true
  let i = 0
  for (const key in handle.meta) {
    if (key !== was.metaEntries[i] || handle.meta[key] !== was.metaEntries[i + 1]) return false
    i += 2
  }
  return i === was.metaEntries.length
}

/**
 * Reads a job id made by `encodeHandle`. Anything else (truncated, tampered, another format)
 * throws an `InvalidHandleError` that says what was wrong, never a bare `SyntaxError`.
 */
export function decodeHandle(id: string): JobHandle {
  if (typeof id !== 'string' || !id.startsWith(PREFIX)) {
    throw new InvalidHandleError(
      `"${String(id).slice(0, 40)}" is not a Darkroom job id: ids start with "${PREFIX}". Use the id returned when the job was submitted.`,
    )
  }
  const bytes = fromBase64Url(id.slice(PREFIX.length))
  if (!bytes)
    throw new InvalidHandleError(
      'The job id is not valid base64url: it may have been truncated or edited.',
    )
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new InvalidHandleError(
      'The job id does not decode to JSON: it may have been truncated or edited.',
    )
  }
  const parsed = v.safeParse(JobHandleSchema, json)
  if (!parsed.success) {
    throw new InvalidHandleError(
      `The job id does not hold a valid job handle: ${v.summarize(parsed.issues)}`,
    )
  }
  return parsed.output
}

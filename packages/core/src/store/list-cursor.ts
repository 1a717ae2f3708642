import * as v from 'valibot'
import { InvalidInputError } from '../errors/index.js'
import { fromBase64Url, toBase64Url, utf8 } from '../signing/crypto-utils.js'

/** Where a page of `JobStore.list` ended: the sort key of its last row (every store's cursor). */
export interface ListPosition {
  submittedAt: number
  key: string
}

/** Newest first by (`submittedAt`, `key`), as every store lists (and a merge of lists sorts). */
export function newestFirst(a: ListPosition, b: ListPosition): number {
  return b.submittedAt - a.submittedAt || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0)
}

const PositionSchema = v.tuple([
  v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  v.pipe(v.string(), v.minLength(1)),
])

/** The opaque cursor of a position: base64url of `[submittedAt, key]`. */
export function encodeListCursor(position: ListPosition): string {
  return toBase64Url(utf8(JSON.stringify([position.submittedAt, position.key])))
}

/** Reads a cursor made by {@link encodeListCursor}; anything else is the caller's mistake, said so. */
export function decodeListCursor(cursor: string): ListPosition {
  const bytes = fromBase64Url(cursor)
  let value: unknown
  try {
    value = bytes && JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    value = undefined
  }
  const parsed = v.safeParse(PositionSchema, value)
  if (!parsed.success) {
    const message =
      'is not a cursor this store handed out: pass the nextCursor of the previous page unchanged, or none for the first page'
    throw new InvalidInputError(`Invalid argument to the job store's list(): cursor ${message}.`, {
      issues: [{ path: 'cursor', message }],
      call: 'list',
    })
  }
  const [submittedAt, key] = parsed.output
  return { submittedAt, key }
}

const MARKER = Symbol.for('darkroom.store-error')

/**
 * Why a job store refused. The first five are about the file itself and come at open (or from
 * SQLite later): none of them ever leads to the file being reset, renamed or overwritten.
 */
export type StoreErrorReason =
  /** SQLite reports damaged pages, or a row cannot be read back as a job. */
  | 'corrupt'
  /** Another process holds the file: a gateway keeps its file alone, or a write waited too long. */
  | 'locked'
  /** The file was migrated by a newer Darkroom than this one; it is never downgraded. */
  | 'too-new'
  /** The file or its directory cannot be read or written here (permissions, disk, I/O). */
  | 'unreadable'
  /** The path holds something else: not SQLite, another program's database, a directory, a pipe. */
  | 'not-a-store'
  /** `insert` of a key that is already stored. */
  | 'duplicate'
  /** The store was used after `close()`. */
  | 'closed'

/** What to do about each reason, appended to every message (exhaustive by type). */
const REMEDIES = {
  corrupt:
    'Darkroom left the file as it is: restore it from a backup, or move it away to start an empty store.',
  locked:
    'Stop the other process, or give this one its own file (DARKROOM_DATA_DIR moves the default directory).',
  'too-new':
    'Darkroom left the file as it is: upgrade Darkroom to open it, or use another file (DARKROOM_DATA_DIR moves the default directory).',
  unreadable:
    'Check that the user running Darkroom may read and write the file and its directory, and that the disk has room.',
  'not-a-store':
    'Darkroom left it as it is: move it away, or use another file (DARKROOM_DATA_DIR moves the default directory).',
  duplicate: 'A job is never overwritten: update() changes a stored job.',
  closed: 'Open the store again to use it.',
} as const satisfies Record<StoreErrorReason, string>

/** What a {@link StoreError} carries besides its message. */
export interface StoreErrorOptions {
  /** The store's file (on Workers, the name the store was opened with). */
  path: string
  reason: StoreErrorReason
  /** The job involved, for `duplicate` and for a `corrupt` row. Default: none. */
  key?: string | undefined
  cause?: unknown
}

/**
 * A job store refused to open or to do something. The message names the file, says what is
 * wrong and what to do. Check with `StoreError.isInstance(e)`: it works across package copies.
 */
export class StoreError extends Error {
  /** @internal identifies store errors across realms and duplicate package copies. */
  readonly [MARKER] = true
  /** The store's file (on Workers, the name the store was opened with). */
  readonly path: string
  readonly reason: StoreErrorReason
  /** The job involved, when there is one. */
  readonly key: string | undefined

  /** `problem` says what is wrong (naming the file); the remedy for `reason` is appended. */
  constructor(problem: string, options: StoreErrorOptions) {
    super(
      `${problem} ${REMEDIES[options.reason]}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    )
    this.name = 'StoreError'
    this.path = options.path
    this.reason = options.reason
    this.key = options.key
  }

  /** True for any store error, from any copy of this package. */
  static isInstance(error: unknown): error is StoreError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    )
  }
}

/** A key short enough to quote in a message (keys are ids, never secrets, but may be long). */
export function quoteKey(key: string): string {
  return JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}...` : key)
}

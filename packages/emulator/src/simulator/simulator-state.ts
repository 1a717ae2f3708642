/**
 * Where job simulators keep their jobs. By default in memory (one process, gone with it); the
 * terminal's demo mode passes one backed by a file, so a job submitted by one `darkroom` command
 * is still there, further along on the wall clock, for the next.
 */
import type { JobSnapshot } from './job-simulator.js'

/**
 * One accepted job as a simulator keeps it: plain JSON data, so a store may write it anywhere.
 * Everything a snapshot shows is a function of this record and the clock (the ETA noise is drawn
 * again from the seed and `sequence`), so any process with the same seed sees the same job.
 */
export interface SimulatorRecord
  extends Pick<
    JobSnapshot,
    'id' | 'submittedAt' | 'startAt' | 'finishAt' | 'imageCount' | 'width' | 'height' | 'imageSeed'
  > {
  /** 0, 1, 2… in submission order within its namespace, with no gaps. */
  sequence: number
  /** The `[[fail:]]` marker's value, or null for a job that succeeds. */
  fail: string | null
  /** The provider app's own data about the job; must be plain JSON. */
  meta: unknown
}

/**
 * The storage behind one or more simulators, each in its own namespace (the emulators use their
 * provider id). Synchronous, as a simulator answers synchronously; an implementation shared by
 * several processes must make `append` atomic across them (the file-backed one uses an SQLite
 * write transaction), so two processes never take the same sequence number.
 */
export interface SimulatorStateStore {
  /** The records of `namespace` with `sequence >= from`, in sequence order. */
  since(namespace: string, from: number): SimulatorRecord[]
  /**
   * Appends the record `build` makes for the next free sequence number of `namespace`, as one
   * atomic step, and returns it. `build` may call `since` (records before `sequence` are all
   * there by then) and must return a record with that `sequence`.
   */
  append(namespace: string, build: (sequence: number) => SimulatorRecord): SimulatorRecord
}

/** A {@link SimulatorStateStore} in this process's memory: the default. */
export function memorySimulatorState(): SimulatorStateStore {
  const spaces = new Map<string, SimulatorRecord[]>()
  const space = (namespace: string): SimulatorRecord[] => {
    let records = spaces.get(namespace)
    if (!records) {
      records = []
      spaces.set(namespace, records)
    }
    return records
  }
  return {
    since(namespace, from) {
      const records = space(namespace)
      return from >= records.length ? [] : records.slice(from)
    },
    append(namespace, build) {
      const records = space(namespace)
      const record = build(records.length)
      if (record.sequence !== records.length) {
        throw new RangeError(
          `memorySimulatorState: append expected sequence ${records.length}, got ${record.sequence}`,
        )
      }
      records.push(record)
      return record
    },
  }
}

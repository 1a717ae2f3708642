import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hubJobs } from '@darkroom/api/src/jobs/hub-jobs.js'
import { countedSpeedpix } from '@darkroom/api/test/jobs-subject.js'
import { type Clock, DurationLearner, JobHub, type JobStore, JobTracker } from '@darkroom/core'
import { openSqliteStore } from '@darkroom/store'

/** A store that counts its writes (inserts and updates) and passes everything through. */
export function countingStore(store: JobStore): JobStore & { writes(): number } {
  let writes = 0
  return {
    insert: (job, webhook) => {
      writes += 1
      return store.insert(job, webhook)
    },
    update: (key, update, deliveries) => {
      writes += 1
      return store.update(key, update, deliveries)
    },
    get: (key) => store.get(key),
    unfinished: (query) => store.unfinished(query),
    list: (query) => store.list(query),
    prune: (options) => store.prune(options),
    webhookOf: (key) => store.webhookOf(key),
    deliveries: (key) => store.deliveries(key),
    dueDeliveries: (now, limit) => store.dueDeliveries(now, limit),
    nextDeliveryAt: () => store.nextDeliveryAt(),
    recordAttempt: (id, attempt, outcome) => store.recordAttempt(id, attempt, outcome),
    redeliver: (key, now) => store.redeliver(key, now),
    close: () => store.close(),
    // Keyed submits' claims pass through uncounted: the benchmarks submit without keys.
    claimSubmit: (claim) => store.claimSubmit(claim),
    journalSubmit: (owner, key, jobKey) => store.journalSubmit(owner, key, jobKey),
    markSubmitUnknown: (owner, key) => store.markSubmitUnknown(owner, key),
    releaseSubmit: (owner, key) => store.releaseSubmit(owner, key),
    openSubmits: (now) => store.openSubmits(now),
    sweepSubmits: (now) => store.sweepSubmits(now),
    writes: () => writes,
  }
}

/** A temporary directory for one benchmark's store file, and its removal. */
export function benchDir(): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'darkroom-bench-hub-'))
  return {
    file: join(dir, 'gateway.sqlite'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/**
 * The Node gateway's job layer as `startNodeGateway` wires it (one JobTracker, `trackedJobs`, a
 * SQLite store opened alone), over the speedpix emulator in process, counting status calls.
 */
export async function hubOn(
  file: string,
  clock: Clock | undefined,
  options: { requestsPerSecond?: number; seed?: number } = {},
) {
  const store = countingStore(await openSqliteStore(file, { exclusive: true }))
  const { adapters, tally, statusCalls } = countedSpeedpix(clock, options.seed ?? 3)
  const tracker = new JobTracker({
    adapters: Object.values(adapters),
    clock,
    learner: new DurationLearner(),
    requestsPerSecond: options.requestsPerSecond,
    timeoutMs: 24 * 3600_000,
  })
  const jobs = hubJobs({ adapters, hub: new JobHub({ tracker, store, clock }), tracker, tally })
  return {
    jobs,
    tracker,
    store,
    statusCalls,
    close: async () => {
      await jobs.close()
      await store.close()
    },
  }
}

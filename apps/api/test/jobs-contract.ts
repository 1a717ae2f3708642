// The contract every `GatewayJobs` implementation keeps (Node's hub, the Workers' Durable
// Objects, the stateless one): each runs `describeJobsContract` with its own subject. Web APIs
// only: the workerd tests run it too.
import {
  DarkroomAbortError,
  DarkroomTimeoutError,
  decodeHandle,
  InvalidInputError,
  type Job,
  type ProviderId,
} from '@darkroom/core'
import { afterEach, describe, expect, it } from 'vitest'
import type { GatewayJobs } from '../src/jobs/gateway-jobs.js'
import { describeKeyedContract } from './jobs-contract-keys.js'
import { describeListContract } from './jobs-contract-list.js'
import { describeWebhookContract } from './jobs-contract-webhooks.js'

/** One implementation under test, with the means to move its time and count its requests. */
export interface JobsSubject {
  /** The implementation; `speedpix` (`txt2img`) must be offered, on an emulator. */
  jobs: GatewayJobs
  /**
   * Settles `work` while the implementation's time moves on as far as it needs (a virtual clock's
   * `run`, or alarms fired one after another).
   */
  run<T>(work: Promise<T>): Promise<T>
  /** Moves the implementation's time on by `ms`, running whatever falls due meanwhile. */
  advance(ms: number): Promise<void>
  /**
   * Status calls the emulator received so far: a counting `fetch` in front of it, counting one
   * request per call (speedpix's `sd_get_progress`; the result fetched once a job ends is not).
   */
  statusRequests(): number
  /**
   * Closes the implementation and starts a new one on the same storage and the same emulator,
   * as a restarted process or an evicted Durable Object would; answers the new one, which
   * `jobs` then is too. Absent where nothing is kept.
   */
  restart?(): Promise<GatewayJobs>
  /** Releases everything (called after each test). */
  close(): Promise<void>
}

/** What the implementation promises beyond the basics. */
export interface ContractOptions {
  /**
   * Jobs are recorded and watched by one scheduler whatever the watches: a job finishes with
   * nobody watching, a fresh read costs no request, and ten watches cost what one does.
   */
  durable: boolean
}

export const OWNER = 'contract-key'
const OTHER_OWNER = 'another-key'

/** A speedpix text-to-image job that runs `seconds` once started. */
function submit(subject: JobsSubject, seconds = 20, owner = OWNER): Promise<Job> {
  return subject.jobs.submit(
    'speedpix',
    'txt2img',
    { prompt: `a lighthouse [[duration:${seconds}]]` },
    owner,
  )
}

/** Every snapshot of a watch, until it ends. */
async function collect(watch: AsyncIterable<Job>, onEach?: (job: Job) => void): Promise<Job[]> {
  const seen: Job[] = []
  for await (const job of watch) {
    seen.push(job)
    onEach?.(job)
  }
  return seen
}

/**
 * The contract suite. `make` builds a fresh subject; two made one after the other must see the
 * same timeline (seeded emulators and jitter), which the coalescing test compares.
 */
export function describeJobsContract(
  name: string,
  make: () => Promise<JobsSubject>,
  options: ContractOptions,
): void {
  describe(`GatewayJobs contract: ${name}`, () => {
    const open: JobsSubject[] = []
    const subject = async () => {
      const made = await make()
      open.push(made)
      return made
    }
    afterEach(async () => {
      for (const made of open.splice(0)) await made.close()
    })

    it('submits: the first snapshot, whose id is the encoded handle', async () => {
      const s = await subject()
      const job = await s.run(submit(s))
      const handle = decodeHandle(job.id)
      expect(handle).toMatchObject({ provider: 'speedpix', operation: 'txt2img' })
      expect(handle.providerJobId).toBe(job.providerJobId)
      expect(['queued', 'running']).toContain(job.state)
    })

    it('refuses a provider not offered, an unknown operation and a bad input', async () => {
      const s = await subject()
      const refused = (provider: string, operation: string, input: unknown) =>
        s.run(s.jobs.submit(provider as ProviderId, operation, input, OWNER)).then(
          () => 'accepted',
          (error: unknown) => error,
        )
      for (const error of [
        await refused('nowhere', 'txt2img', { prompt: 'x' }),
        await refused('speedpix', 'no-such-operation', { prompt: 'x' }),
        await refused('speedpix', 'txt2img', { prompt: 42 }),
      ]) {
        expect(InvalidInputError.isInstance(error), String(error)).toBe(true)
      }
      expect(s.statusRequests()).toBe(0)
    })

    it('watches a job to its end: current snapshot first, one per change, terminal last', async () => {
      const s = await subject()
      const job = await s.run(submit(s))
      const seen = await s.run(collect(s.jobs.watch(decodeHandle(job.id), OWNER)))
      expect(seen.length).toBeGreaterThan(1)
      expect(seen.map((j) => j.id)).toEqual(seen.map(() => job.id))
      expect(seen.slice(0, -1).every((j) => j.state === 'queued' || j.state === 'running')).toBe(
        true,
      )
      const last = seen.at(-1) as Job
      expect(last.state).toBe('succeeded')
      expect(last.images.length).toBeGreaterThan(0)
      // Read again, and its image: the terminal snapshot and real bytes.
      expect(await s.run(s.jobs.get(decodeHandle(job.id), OWNER))).toMatchObject({
        id: job.id,
        state: 'succeeded',
      })
      const image = await s.run(s.jobs.image(decodeHandle(job.id), 0))
      expect(image.mimeType).toMatch(/^image\//)
      expect(image.bytes.byteLength).toBeGreaterThan(0)
    })

    it('ends a failed job with its error, as a snapshot', async () => {
      const s = await subject()
      const job = await s.run(
        s.jobs.submit('speedpix', 'txt2img', { prompt: 'x [[fail:failed]] [[duration:5]]' }, OWNER),
      )
      const seen = await s.run(collect(s.jobs.watch(decodeHandle(job.id), OWNER)))
      expect(seen.at(-1)).toMatchObject({ state: 'failed', error: expect.any(Object) })
    })

    it("ends one watch at its own deadline or signal, and never another's", async () => {
      const s = await subject()
      const job = await s.run(submit(s, 60))
      const handle = decodeHandle(job.id)
      const stop = new AbortController()
      const [timedOut, aborted, full] = await s.run(
        Promise.all([
          collect(s.jobs.watch(handle, OWNER, { timeoutMs: 5_000 })).then(
            () => null,
            (e: unknown) => e,
          ),
          collect(s.jobs.watch(handle, OWNER, { signal: stop.signal }), () => stop.abort()).then(
            () => null,
            (e: unknown) => e,
          ),
          collect(s.jobs.watch(handle, OWNER)),
        ]),
      )
      expect(DarkroomTimeoutError.isInstance(timedOut), String(timedOut)).toBe(true)
      expect((timedOut as DarkroomTimeoutError).lastSnapshot?.id).toBe(job.id)
      expect(DarkroomAbortError.isInstance(aborted), String(aborted)).toBe(true)
      expect(full.at(-1)?.state).toBe('succeeded')
    })

    it('counts upstream requests, open watches and the budget for /metrics', async () => {
      const s = await subject()
      const job = await s.run(submit(s))
      let during = -1
      const watched = collect(s.jobs.watch(decodeHandle(job.id), OWNER), () => {
        if (during < 0)
          void s.jobs.metrics().then((m) => {
            during = m.watchers.find((w) => w.provider === 'speedpix')?.count ?? 0
          })
      })
      await s.run(watched)
      const metrics = await s.jobs.metrics()
      const rows = (call: string) =>
        metrics.upstream.filter((r) => r.provider === 'speedpix' && r.call === call)
      expect(rows('submit').reduce((n, r) => n + r.count, 0)).toBe(1)
      // At least one request per status call (a call may take more: speedpix's result).
      expect(rows('status').reduce((n, r) => n + r.count, 0)).toBeGreaterThanOrEqual(
        s.statusRequests(),
      )
      expect(s.statusRequests()).toBeGreaterThan(0)
      expect(during).toBe(1)
      expect(metrics.watchers.find((w) => w.provider === 'speedpix')?.count ?? 0).toBe(0)
      const budget = metrics.budget.find((b) => b.provider === 'speedpix')
      expect(budget?.spent).toBe(s.statusRequests())
      // Nothing unfinished is left for the scheduler.
      expect(metrics.jobs.filter((j) => j.provider === 'speedpix' && j.count > 0)).toEqual([])
    })

    describeListContract(subject, options.durable)
    describeWebhookContract(subject, options.durable)
    describeKeyedContract(subject, options.durable)

    if (!options.durable) return

    it('watches a job to its end with nobody watching, then answers from what it kept', async () => {
      const s = await subject()
      const job = await s.run(submit(s))
      const tracked = await s.jobs.metrics()
      expect(tracked.jobs).toContainEqual({ provider: 'speedpix', state: job.state, count: 1 })
      await s.advance(10 * 60_000)
      const polled = s.statusRequests()
      expect(polled).toBeGreaterThan(0)
      const read = await s.run(s.jobs.get(decodeHandle(job.id), OWNER))
      expect(read.state).toBe('succeeded')
      // A terminal job is answered from the store: no request.
      expect(s.statusRequests()).toBe(polled)
    })

    it('answers a fresh read without a request, and refuses another owner', async () => {
      const s = await subject()
      const job = await s.run(submit(s, 120))
      const handle = decodeHandle(job.id)
      expect(await s.run(s.jobs.get(handle, OWNER))).toMatchObject({ id: job.id })
      expect(await s.run(s.jobs.get(handle, OWNER))).toMatchObject({ id: job.id })
      expect(s.statusRequests()).toBe(0)
      const foreign = await s.run(s.jobs.get(handle, OTHER_OWNER)).catch((e: unknown) => e)
      expect(foreign).toMatchObject({ problem: { status: 404, code: 'not_found' } })
    })

    it('spends on ten watches of one job the status requests of one', async () => {
      const spent = async (watchers: number) => {
        const s = await subject()
        const job = await s.run(submit(s, 30))
        const handle = decodeHandle(job.id)
        const ends = await s.run(
          Promise.all(Array.from({ length: watchers }, () => collect(s.jobs.watch(handle, OWNER)))),
        )
        for (const seen of ends) expect(seen.at(-1)?.state).toBe('succeeded')
        return s.statusRequests()
      }
      const one = await spent(1)
      expect(one).toBeGreaterThan(0)
      expect(await spent(10)).toBe(one)
    })

    it('resumes an unfinished job after a restart, and reads back its end', async () => {
      const s = await subject()
      expect(s.restart, 'a durable subject can be restarted').toBeDefined()
      if (!s.restart) return
      const job = await s.run(submit(s, 60))
      await s.advance(5_000)
      const jobs = await s.restart()
      const seen = await s.run(collect(jobs.watch(decodeHandle(job.id), OWNER)))
      expect(seen.at(-1)?.state).toBe('succeeded')
      expect(await s.run(jobs.get(decodeHandle(job.id), OWNER))).toMatchObject({
        state: 'succeeded',
      })
    })
  })
}

import { join } from 'node:path'
import { DurationLearner, JobHub, JobTracker } from '@darkroom/core'
import { openSqliteStore } from '@darkroom/store'
import { hubJobs } from '../src/jobs/hub-jobs.js'
import { tempDataDir } from './child-gateway.js'
import { describeJobsContract } from './jobs-contract.js'
import { inProcessSubject } from './jobs-subject.js'

// The Node gateway's jobs: one tracker over a SQLite store in a temporary directory; a restart
// closes both and opens the same file again.
describeJobsContract(
  'hub (JobHub over one tracker and a SQLite store)',
  () => {
    const data = tempDataDir()
    const path = join(data.dir, 'gateway.sqlite')
    const learner = new DurationLearner()
    const make = inProcessSubject(
      async ({ clock, adapters, tally }) => {
        const store = await openSqliteStore(path, { exclusive: true })
        const tracker = new JobTracker({
          adapters: Object.values(adapters),
          clock,
          learner,
          random: () => 0.5,
          timeoutMs: 24 * 3600_000,
        })
        const jobs = hubJobs({
          adapters,
          hub: new JobHub({ tracker, store, clock }),
          tracker,
          tally,
        })
        await jobs.resume()
        return {
          ...jobs,
          close: async () => {
            await jobs.close()
            await store.close()
          },
        }
      },
      { restartable: true },
    )
    return make().then((subject) => ({
      ...subject,
      get jobs() {
        return subject.jobs
      },
      restart: subject.restart,
      close: async () => {
        await subject.close()
        data.remove()
      },
    }))
  },
  { durable: true },
)

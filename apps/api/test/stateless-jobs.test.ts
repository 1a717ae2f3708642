import { DurationLearner } from '@darkroom/core'
import { statelessJobs } from '../src/jobs/stateless-jobs.js'
import { describeJobsContract } from './jobs-contract.js'
import { inProcessSubject } from './jobs-subject.js'

describeJobsContract(
  'stateless (nothing kept)',
  inProcessSubject(({ clock, adapters, tally }) =>
    statelessJobs(adapters, {
      clock,
      tally,
      watch: { learner: new DurationLearner(), random: () => 0.5 },
    }),
  ),
  { durable: false },
)

// The sample jobs live in core's test kit, beside the store contract suite that uses them.
export { type SampleJobOptions, sampleJob } from '../../../core/src/testing/stored-jobs.js'

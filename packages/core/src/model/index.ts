export {
  decodeHandle,
  encodeHandle,
  type JobHandle,
  JobHandleSchema,
} from './handle.js'
export {
  type ErrorCode,
  ErrorCodeSchema,
  type ImageRef,
  ImageRefSchema,
  isTerminalState,
  type Job,
  type JobError,
  JobErrorSchema,
  JobSchema,
  type JobState,
  JobStateSchema,
  type ProviderId,
  ProviderIdSchema,
} from './job.js'

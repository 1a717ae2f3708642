export type {
  JobListPage,
  JobListQuery,
  JobPruneOptions,
  JobStore,
  StoredJob,
  StoredJobUpdate,
  UnfinishedQuery,
} from './job-store.js'

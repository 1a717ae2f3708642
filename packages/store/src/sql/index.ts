export {
  type DurableObjectSqlStorageLike,
  durableObjectSqlDriver,
} from './durable-object-driver.js'
export { MIGRATIONS, type Migration } from './migrations.js'
export type { SqlDriver, SqlRow, SqlValue } from './sql-driver.js'
export { SqlJobStore, type SqlJobStoreOptions } from './sql-job-store.js'
export { StoreError, type StoreErrorOptions, type StoreErrorReason } from './store-error.js'
export { StoredJobSchema } from './store-schemas.js'

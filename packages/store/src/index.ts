export { defaultDataDir } from './node/data-dir.js'
export { openSqliteFile, type SqliteFile, type SqliteFileOptions } from './node/open-sqlite-file.js'
export { openSqliteStore, type SqliteStoreOptions } from './node/open-sqlite-store.js'
export {
  type DurableObjectSqlStorageLike,
  durableObjectSqlDriver,
  MIGRATIONS,
  type Migration,
  type SqlDriver,
  SqlJobStore,
  type SqlJobStoreOptions,
  type SqlRow,
  type SqlValue,
  StoredJobSchema,
  StoreError,
  type StoreErrorOptions,
  type StoreErrorReason,
} from './sql/index.js'

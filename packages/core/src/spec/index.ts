export type { JobHandle } from '../model/handle.js'
export type {
  CallOptions,
  ImageBytes,
  OperationCapabilities,
  OperationSpec,
  OperationTiming,
  ProviderAdapter,
} from './adapter.js'
export type { Env, ProviderDefinition, ProviderEnvNames } from './provider-definition.js'
export {
  type MappedStatus,
  mapStatusWord,
  type StatusMapping,
  type StatusTable,
} from './status-table.js'

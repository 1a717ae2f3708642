export { type AidgeOptions, createAidge } from './aidge-adapter.js'
export {
  AIDGE_MODELS,
  type VirtualModelInput,
  VirtualModelInputSchema,
} from './aidge-schemas.js'
export {
  AIDGE_PLATFORM_CODES,
  AIDGE_RES_CODES,
  AIDGE_TASK_STATUS,
  type AidgeResCodeMapping,
} from './aidge-status.js'

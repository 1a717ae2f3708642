export { type AicontentOptions, createAicontent } from './aicontent-adapter.js'
export { AICONTENT_OPERATIONS, AICONTENT_PATH_PREFIX } from './aicontent-operations.js'
export {
  AICONTENT_ERROR_CODES,
  AICONTENT_GATEWAY_CODES,
  AICONTENT_STATUS_TABLE,
} from './aicontent-status.js'

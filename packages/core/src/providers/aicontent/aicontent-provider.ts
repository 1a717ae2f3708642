import type { ProviderDefinition } from '../../spec/provider-definition.js'
import { envReader } from '../shared/index.js'
import { type AicontentOptions, createAicontent } from './aicontent-adapter.js'
import { AICONTENT_OPERATION_SPECS } from './aicontent-operations.js'

const env = {
  credentials: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
  baseUrl: 'AICONTENT_BASE_URL',
} as const

/** Alibaba Cloud AI Content in the provider catalogue. */
export const aicontentProvider: ProviderDefinition<
  'aicontent',
  AicontentOptions,
  typeof AICONTENT_OPERATION_SPECS
> = {
  id: 'aicontent',
  label: 'Alibaba Cloud AI Content',
  operations: AICONTENT_OPERATION_SPECS,
  create: createAicontent,
  env,
  fromEnv: envReader('aicontent', env, (accessKeyId, accessKeySecret) => ({
    accessKeyId,
    accessKeySecret,
  })),
  secrets: (options) => [options.accessKeySecret],
}

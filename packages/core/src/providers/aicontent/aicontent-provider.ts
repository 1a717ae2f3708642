import type { ProviderDefinition } from '../../spec/provider-definition.js'
import { readProviderEnv } from '../shared/index.js'
import { type AicontentOptions, createAicontent } from './aicontent-adapter.js'
import { AICONTENT_OPERATION_SPECS } from './aicontent-operations.js'

/** Alibaba Cloud AI Content in the provider catalogue. */
export const aicontentProvider: ProviderDefinition<'aicontent', AicontentOptions> = {
  id: 'aicontent',
  label: 'Alibaba Cloud AI Content',
  operations: AICONTENT_OPERATION_SPECS,
  create: createAicontent,
  env: {
    credentials: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
    baseUrl: 'AICONTENT_BASE_URL',
  },
  fromEnv(env) {
    const found = readProviderEnv('aicontent', env, this.env)
    if (!found) return null
    const [accessKeyId, accessKeySecret] = found.credentials
    return { accessKeyId, accessKeySecret, ...(found.baseUrl && { baseUrl: found.baseUrl }) }
  },
  secrets: (options) => [options.accessKeySecret],
}

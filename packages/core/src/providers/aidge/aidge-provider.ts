import type { ProviderDefinition } from '../../spec/provider-definition.js'
import { readProviderEnv } from '../shared/index.js'
import { type AidgeOptions, createAidge } from './aidge-adapter.js'
import { AIDGE_OPERATIONS } from './aidge-operations.js'

/** Aidge Virtual Model in the provider catalogue. */
export const aidgeProvider: ProviderDefinition<'aidge', AidgeOptions> = {
  id: 'aidge',
  label: 'Aidge Virtual Model',
  operations: AIDGE_OPERATIONS,
  create: createAidge,
  env: {
    credentials: ['AIDGE_ACCESS_KEY_NAME', 'AIDGE_ACCESS_KEY_SECRET'],
    baseUrl: 'AIDGE_BASE_URL',
  },
  fromEnv(env) {
    const found = readProviderEnv('aidge', env, this.env)
    if (!found) return null
    const [accessKeyName, accessKeySecret] = found.credentials
    return { accessKeyName, accessKeySecret, ...(found.baseUrl && { baseUrl: found.baseUrl }) }
  },
  secrets: (options) => [options.accessKeySecret],
}

import type { ProviderDefinition } from '../../spec/provider-definition.js'
import { envReader } from '../shared/index.js'
import { type AidgeOptions, createAidge } from './aidge-adapter.js'
import { AIDGE_OPERATIONS } from './aidge-operations.js'

const env = {
  credentials: ['AIDGE_ACCESS_KEY_NAME', 'AIDGE_ACCESS_KEY_SECRET'],
  baseUrl: 'AIDGE_BASE_URL',
} as const

/** Aidge Virtual Model in the provider catalogue. */
export const aidgeProvider: ProviderDefinition<'aidge', AidgeOptions, typeof AIDGE_OPERATIONS> = {
  id: 'aidge',
  label: 'Aidge Virtual Model',
  operations: AIDGE_OPERATIONS,
  create: createAidge,
  env,
  fromEnv: envReader('aidge', env, (accessKeyName, accessKeySecret) => ({
    accessKeyName,
    accessKeySecret,
  })),
  secrets: (options) => [options.accessKeySecret],
}

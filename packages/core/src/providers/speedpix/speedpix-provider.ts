import type { ProviderDefinition } from '../../spec/provider-definition.js'
import { envReader } from '../shared/index.js'
import { createSpeedpix, type SpeedpixOptions } from './speedpix-adapter.js'
import { SPEEDPIX_OPERATIONS } from './speedpix-operations.js'

const env = {
  credentials: ['SPEEDPIX_APP_KEY', 'SPEEDPIX_APP_SECRET'],
  baseUrl: 'SPEEDPIX_BASE_URL',
} as const

/** Alibaba 智作工坊 SpeedPix in the provider catalogue. */
export const speedpixProvider: ProviderDefinition<
  'speedpix',
  SpeedpixOptions,
  typeof SPEEDPIX_OPERATIONS
> = {
  id: 'speedpix',
  label: 'Alibaba 智作工坊 SpeedPix',
  operations: SPEEDPIX_OPERATIONS,
  create: createSpeedpix,
  env,
  fromEnv: envReader('speedpix', env, (appKey, appSecret) => ({ appKey, appSecret })),
  secrets: (options) => [options.appSecret],
}

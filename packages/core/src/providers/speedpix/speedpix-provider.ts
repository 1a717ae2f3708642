import type { ProviderDefinition } from '../../spec/provider-definition.js'
import { readProviderEnv } from '../shared/index.js'
import { createSpeedpix, type SpeedpixOptions } from './speedpix-adapter.js'
import { SPEEDPIX_OPERATIONS } from './speedpix-operations.js'

/** Alibaba 智作工坊 SpeedPix in the provider catalogue. */
export const speedpixProvider: ProviderDefinition<'speedpix', SpeedpixOptions> = {
  id: 'speedpix',
  label: 'Alibaba 智作工坊 SpeedPix',
  operations: SPEEDPIX_OPERATIONS,
  create: createSpeedpix,
  env: { credentials: ['SPEEDPIX_APP_KEY', 'SPEEDPIX_APP_SECRET'], baseUrl: 'SPEEDPIX_BASE_URL' },
  fromEnv(env) {
    const found = readProviderEnv('speedpix', env, this.env)
    if (!found) return null
    const [appKey, appSecret] = found.credentials
    return { appKey, appSecret, ...(found.baseUrl && { baseUrl: found.baseUrl }) }
  },
  secrets: (options) => [options.appSecret],
}

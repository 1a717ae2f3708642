import type { JobHandle, ProviderAdapter } from '@darkroom/core'
import type { Context } from 'hono'
import { verifyJobToken } from '../security/job-token.js'
import type { AppContext, AppEnv } from './context.js'
import { jobNotFound } from './http-problem.js'

/** A job the caller may see: its handle and the adapter that runs it. */
export interface JobAccess {
  token: string
  handle: JobHandle
  adapter: ProviderAdapter
}

/**
 * Resolves `:id` for the authenticated key. A tampered token, another key's token and a provider
 * no longer offered all throw the same 404, so nothing is learned by probing.
 */
export async function jobAccess(c: Context<AppEnv>, app: AppContext): Promise<JobAccess> {
  const token = c.req.param('id') ?? ''
  const handle = await verifyJobToken(token, c.get('keyName'), app.deps.config.tokenSecret)
  const adapter = handle ? app.deps.adapters[handle.provider] : undefined
  if (!handle || !adapter) throw jobNotFound()
  return { token, handle, adapter }
}

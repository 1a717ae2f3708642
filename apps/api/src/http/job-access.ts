import type { JobHandle } from '@darkroom/core'
import type { Context } from 'hono'
import { verifyJobToken } from '../security/job-token.js'
import type { AppContext, AppEnv } from './context.js'
import { jobNotFound } from './http-problem.js'

/** A job the caller may see: its token, its handle and the key (name) it belongs to. */
export interface JobAccess {
  token: string
  handle: JobHandle
  /** The authenticated key's name: the job's owner. */
  owner: string
}

/**
 * Resolves `:id` for the authenticated key. A tampered token, another key's token and a provider
 * no longer offered all throw the same 404, so nothing is learned by probing.
 */
export async function jobAccess(c: Context<AppEnv>, app: AppContext): Promise<JobAccess> {
  const token = c.req.param('id') ?? ''
  const owner = c.get('keyName')
  const handle = await verifyJobToken(token, owner, app.deps.config.tokenSecret)
  if (!handle || !app.deps.adapters[handle.provider]) throw jobNotFound()
  return { token, handle, owner }
}

import { encodeHandle, type ProviderId } from '@darkroom/core'
import { type Dispatch, useCallback } from 'react'
import type { Connection } from '../../connect.js'
import type { JobsController } from '../jobs-controller.js'
import type { DashboardEvent } from '../views/dashboard-state.js'
import type { ImportRequest } from '../views/import-view.js'

/** Looks up a job submitted elsewhere: found, it joins the list; not, the form says why. */
export function useImport(
  connection: Connection,
  controller: JobsController,
  dispatch: Dispatch<DashboardEvent>,
): (request: ImportRequest) => Promise<void> {
  return useCallback(
    async (request) => {
      try {
        const id = encodeHandle({
          provider: request.provider as ProviderId,
          operation: request.operation,
          providerJobId: request.providerJobId,
        })
        const job = await connection.client.jobs.get(id)
        controller.add(job)
        dispatch({
          type: 'finished',
          message: `Imported ${job.provider}/${job.operation} ${job.providerJobId}`,
        })
      } catch (error) {
        dispatch({ type: 'import-failed', message: (error as Error).message })
      }
    },
    [connection, controller, dispatch],
  )
}

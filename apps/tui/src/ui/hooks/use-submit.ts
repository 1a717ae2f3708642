import { untypedRequest } from '@darkroom/client'
import { DarkroomError, InvalidInputError } from '@darkroom/core'
import { type Dispatch, useCallback } from 'react'
import type { Connection } from '../../connect.js'
import { uploadLocalImages } from '../image-uploads.js'
import type { JobsController } from '../jobs-controller.js'
import { formIssues } from '../schema-check.js'
import type { DashboardEvent } from '../views/dashboard-state.js'
import type { SubmitRequest } from '../views/submit-view.js'

/**
 * Errors of a refused submit at the form's fields, from either transport (both throw core's
 * `InvalidInputError`). Issues about a part of the request, e.g. `(operation)`, are not a
 * field's: the error's message shows them.
 */
function fieldErrors(error: unknown): Record<string, string> {
  if (!InvalidInputError.isInstance(error)) return {}
  return formIssues(error.issues, (name) => !name.startsWith('(')).fields
}

/**
 * Sends the submit form's job: on success it joins the list; a refusal is shown at its fields,
 * or, when it names none, under the form.
 */
export function useSubmit(
  connection: Connection,
  controller: JobsController,
  dispatch: Dispatch<DashboardEvent>,
): (request: SubmitRequest) => Promise<void> {
  return useCallback(
    async (request) => {
      try {
        // A local file in an image field is uploaded first (a gateway URL, or base64 direct).
        const ready = await uploadLocalImages(request, connection.client.uploads)
        // The form is built at run time from the providers' schemas: untyped, checked on submit.
        const job = await connection.client.jobs.create(untypedRequest(ready))
        controller.add(job)
        dispatch({
          type: 'finished',
          message: `Submitted ${job.provider}/${job.operation} ${job.providerJobId}`,
        })
      } catch (error) {
        const fields = fieldErrors(error)
        dispatch({
          type: 'submit-failed',
          errors: fields,
          message: Object.keys(fields).length
            ? null
            : DarkroomError.isInstance(error) || error instanceof Error
              ? (error as Error).message
              : String(error),
        })
      }
    },
    [connection, controller, dispatch],
  )
}

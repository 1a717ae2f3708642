import type { DarkroomClient } from '@darkroom/client'
import type { Job } from '@darkroom/core'
import { useEffect, useState } from 'react'
import { imageFileName } from '../../cli/image-files.js'
import type { ImageActions } from '../image-actions.js'
import type { ImageRequest } from '../views/detail-view.js'

/** An image of the job, fetched and rendered for the terminal. */
export interface LoadedImage {
  index: number
  bytes: Uint8Array
  mimeType: string
  preview: string
}

/** Options of {@link useJobImage}. */
export interface JobImageOptions {
  job: Job
  /** The image to show, 0-based. */
  index: number
  /** `o` or `s` was pressed: done with the image on screen once it is loaded. */
  request: ImageRequest | null
  /** Called as soon as `request` is taken on, so it is not done twice. */
  onRequestDone(): void
  client: DarkroomClient
  actions: ImageActions
  /** Preview size in terminal cells; under 2 rows there is no preview (the terminal is too small). */
  previewSize: { width: number; height: number }
}

/**
 * Loads image `index` of a finished job and previews it; opens or saves it on request. `note`
 * says what is happening (loading, saved where, or what went wrong).
 */
export function useJobImage({
  job,
  index,
  request,
  onRequestDone,
  client,
  actions,
  previewSize,
}: JobImageOptions): { loaded: LoadedImage | null; note: string | null } {
  const [loaded, setLoaded] = useState<LoadedImage | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const count = job.images.length

  useEffect(() => {
    if (job.state !== 'succeeded' || count === 0) return
    let cancelled = false
    setNote('loading image…')
    client.jobs
      .image(job.id, index)
      .then(async (image) => {
        const preview =
          previewSize.height < 2
            ? '(no room for a preview in this terminal: o opens the image)'
            : await actions
                .preview(image.bytes, previewSize)
                .catch(() => '(no preview in this terminal)')
        if (!cancelled) {
          setLoaded({ index, bytes: image.bytes, mimeType: image.mimeType, preview })
          setNote(null)
        }
      })
      .catch(
        (error: Error) => !cancelled && setNote(`could not load image ${index}: ${error.message}`),
      )
    return () => {
      cancelled = true
    }
  }, [job.id, job.state, index, count, client, actions, previewSize])

  useEffect(() => {
    if (!request) return
    onRequestDone()
    // Only the image on screen: a key pressed while another one loads does nothing.
    if (!loaded || loaded.index !== index) return
    const name = imageFileName(job.providerJobId, index, loaded.mimeType)
    const done =
      request === 'open'
        ? actions.open(loaded.bytes, name).then(() => `opened ${name}`)
        : actions.save(loaded.bytes, name).then((path) => `saved ${path}`)
    done.then(setNote, (error: Error) =>
      setNote(`could not ${request} the image: ${error.message}`),
    )
  }, [request, onRequestDone, loaded, index, job.providerJobId, actions])

  return { loaded, note }
}

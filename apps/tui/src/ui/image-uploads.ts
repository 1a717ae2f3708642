import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import type { DarkroomClient } from '@darkroom/client'
import { InvalidInputError, type ProviderId } from '@darkroom/core'
import { IMAGE_FIELDS, isLocalImagePath } from './image-fields.js'
import type { SubmitRequest } from './views/submit-view.js'

/** What reads a file's bytes: `fs.readFile`, or a test's own. */
export type ReadImageFile = (path: string) => Promise<Uint8Array>

const readImageFile: ReadImageFile = async (path) => new Uint8Array(await readFile(path))

/** A path as typed: `~/` is the home directory; a relative one is from the working directory. */
function expand(path: string): string {
  return path.startsWith('~/') ? resolve(homedir(), path.slice(2)) : resolve(path)
}

/**
 * The request with every local file path in an image field replaced by an upload of that file
 * (`uploads.create`: a gateway's signed URL with `--api`, a base64 `data:` URL in direct mode
 * where the provider takes one). A file that cannot be read, or an upload refused, rejects with
 * an `InvalidInputError` naming the field, so the form shows it there.
 */
export async function uploadLocalImages(
  request: SubmitRequest,
  uploads: DarkroomClient['uploads'],
  read: ReadImageFile = readImageFile,
): Promise<SubmitRequest> {
  const input: Record<string, unknown> = { ...request.input }
  for (const [field, value] of Object.entries(request.input)) {
    if (!IMAGE_FIELDS.has(field)) continue
    const upload = async (item: unknown, path: string) => {
      if (typeof item !== 'string' || !isLocalImagePath(item)) return item
      let bytes: Uint8Array
      try {
        bytes = await read(expand(item))
      } catch (error) {
        const reason =
          (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)
        throw fieldError(path, `cannot read ${item}: ${reason}`)
      }
      const target = {
        provider: request.provider as ProviderId,
        operation: request.operation,
        field: path,
      }
      try {
        return (await uploads.create(bytes, { for: target })).url
      } catch (error) {
        // The client's own wording ("uploads.create: ...") is the message; the field is ours.
        throw fieldError(field, InvalidInputError.isInstance(error) ? error.message : String(error))
      }
    }
    input[field] = Array.isArray(value)
      ? await Promise.all(value.map((item, i) => upload(item, `${field}.${i}`)))
      : await upload(value, field)
  }
  return { ...request, input }
}

function fieldError(path: string, message: string): InvalidInputError {
  return new InvalidInputError(`${path}: ${message}.`, {
    issues: [{ path, message }],
    call: 'upload',
  })
}

import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import open from 'open'
import terminalImage from 'terminal-image'
import { writeFiles } from '../cli/image-files.js'

/** What the detail view can do with image bytes (injected so tests need no terminal or viewer). */
export interface ImageActions {
  /** Renders a preview for the terminal (ANSI blocks, or the terminal's own image protocol). */
  preview(bytes: Uint8Array, size: { width: number; height: number }): Promise<string>
  /** Opens the image in the system viewer. */
  open(bytes: Uint8Array, name: string): Promise<void>
  /** Saves the image; resolves with the path written. */
  save(bytes: Uint8Array, name: string): Promise<string>
}

/**
 * The real actions: terminal-image previews, `open` for the viewer, files under `saveDir` (an
 * absolute path: `./darkroom-images` of the directory the command was started from). Saving the
 * same image again overwrites it: the name is the job's and the image's, so the bytes are too.
 */
export function systemImageActions(saveDir: string): ImageActions {
  return {
    preview: (bytes, size) =>
      terminalImage.buffer(Buffer.from(bytes), { ...size, preserveAspectRatio: true }),
    async open(bytes, name) {
      const file = join(tmpdir(), `darkroom-${name}`)
      await writeFile(file, bytes)
      await open(file, { wait: false })
    },
    async save(bytes, name) {
      const path = join(saveDir, name)
      await writeFiles([{ path, bytes }], true)
      return path
    },
  }
}

import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import open from 'open'
import terminalImage from 'terminal-image'

/** What the detail view can do with image bytes (injected so tests need no terminal or viewer). */
export interface ImageActions {
  /** Renders a preview for the terminal (ANSI blocks, or the terminal's own image protocol). */
  preview(bytes: Uint8Array, size: { width: number; height: number }): Promise<string>
  /** Opens the image in the system viewer. */
  open(bytes: Uint8Array, name: string): Promise<void>
  /** Saves the image; resolves with the path written. */
  save(bytes: Uint8Array, name: string): Promise<string>
}

/** The real actions: terminal-image previews, `open` for the viewer, files under `saveDir`. */
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
      const dir = resolve(saveDir)
      await mkdir(dir, { recursive: true })
      const file = join(dir, name)
      await writeFile(file, bytes)
      return file
    },
  }
}

/** A file name for image `index` of a job. */
export function imageFileName(providerJobId: string, index: number, mimeType: string): string {
  const ext = mimeType === 'image/jpeg' ? 'jpg' : mimeType === 'image/webp' ? 'webp' : 'png'
  return `${providerJobId.replace(/[^A-Za-z0-9_-]/g, '_')}-${index}.${ext}`
}

import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { defaultDataDir } from '@darkroom/store'
import * as v from 'valibot'
import { IMAGE_KEY, type ImageStorage, type StoredImage } from '../images/image-storage.js'

/** The live gateway's image directory, in the data directory. */
export const GATEWAY_IMAGES_DIR = 'images'
/** The demo gateway's: its own, as its job store is (demo images never mix with live ones). */
export const DEMO_IMAGES_DIR = 'images-demo'

/** Where a gateway keeps its images: `<DARKROOM_DATA_DIR>/images` (or `images-demo`). */
export function gatewayImagesPath(env: Record<string, string | undefined>, demo: boolean): string {
  return join(defaultDataDir(env), demo ? DEMO_IMAGES_DIR : GATEWAY_IMAGES_DIR)
}

const HeaderSchema = v.object({
  v: v.literal(1),
  key: v.string(),
  contentType: v.string(),
  expiresAt: v.number(),
})

const EXTENSION = '.img'
/** Bytes before the header: its length, big-endian. */
const LENGTH_BYTES = 4
/** A header is a few hundred bytes; anything longer is not one of ours. */
const MAX_HEADER_BYTES = 4096

/**
 * Images as files in `dir`, one file each: a 4-byte header length, a JSON header (key, type,
 * expiry), then the bytes. Names come from the gateway's keys only (checked against
 * `IMAGE_KEY`), `/` written as `.`. Each write goes to a temporary file first and is renamed into
 * place, so a reader never sees half an image, even after a crash. The directory is created on
 * the first write.
 */
export function fileImageStorage(dir: string): ImageStorage {
  const pathOf = (key: string) => {
    if (!IMAGE_KEY.test(key)) throw new Error(`Not an image storage key: "${key}".`)
    return join(dir, `${key.replaceAll('/', '.')}${EXTENSION}`)
  }
  return {
    async put(key, image) {
      const path = pathOf(key)
      const header = new TextEncoder().encode(
        JSON.stringify({ v: 1, key, contentType: image.contentType, expiresAt: image.expiresAt }),
      )
      const length = new Uint8Array(LENGTH_BYTES)
      new DataView(length.buffer).setUint32(0, header.byteLength)
      await mkdir(dir, { recursive: true })
      const temporary = `${path}.tmp-${randomBytes(6).toString('hex')}`
      try {
        await writeFile(temporary, Buffer.concat([length, header, image.bytes]), { flush: true })
        await rename(temporary, path)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },
    async get(key) {
      let file: Buffer
      try {
        file = await readFile(pathOf(key))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
      const header = parseHeader(file)
      if (!header) return null
      const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength).subarray(
        header.end,
      )
      return { bytes, contentType: header.contentType, expiresAt: header.expiresAt }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
    async sweep(now) {
      let names: string[]
      try {
        names = await readdir(dir)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { deleted: 0, next: null }
        throw error
      }
      let deleted = 0
      let next: number | null = null
      for (const name of names.filter((n) => n.endsWith(EXTENSION))) {
        const path = join(dir, name)
        const header = await readHeader(path)
        // A file that is not ours (or was removed meanwhile) is left alone.
        if (!header) continue
        if (header.expiresAt <= now) {
          await rm(path, { force: true })
          deleted++
        } else if (next === null || header.expiresAt < next) next = header.expiresAt
      }
      return { deleted, next }
    },
  }
}

type Header = Pick<StoredImage, 'contentType' | 'expiresAt'> & { end: number }

function parseHeader(file: Uint8Array): Header | null {
  if (file.byteLength < LENGTH_BYTES) return null
  const length = new DataView(file.buffer, file.byteOffset, LENGTH_BYTES).getUint32(0)
  const end = LENGTH_BYTES + length
  if (length > MAX_HEADER_BYTES || file.byteLength < end) return null
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(file.subarray(LENGTH_BYTES, end)))
  } catch {
    return null
  }
  const parsed = v.safeParse(HeaderSchema, json)
  return parsed.success ? { ...parsed.output, end } : null
}

/** The header of an image file, reading only its first few KiB; null when it is not one. */
async function readHeader(path: string): Promise<Header | null> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch {
    return null
  }
  try {
    const buffer = new Uint8Array(LENGTH_BYTES + MAX_HEADER_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, 0)
    return parseHeader(buffer.subarray(0, bytesRead))
  } finally {
    await handle.close()
  }
}

// Image storage in memory, for tests that need a gateway keeping images without a file system
// (the client's Node, Chromium and workerd tests reach it by path). Web APIs only.
import type { ImageStorage, StoredImage } from '../src/images/image-storage.js'

/** An `ImageStorage` over a `Map`: what the file and R2 storages do, kept in this process. */
export function memoryImageStorage(): ImageStorage & { readonly size: number } {
  const images = new Map<string, StoredImage>()
  return {
    get size() {
      return images.size
    },
    put: async (key, image) => {
      images.set(key, { ...image, bytes: image.bytes.slice() })
    },
    get: async (key) => images.get(key) ?? null,
    delete: async (key) => {
      images.delete(key)
    },
    sweep: async (now) => {
      let deleted = 0
      let next: number | null = null
      for (const [key, image] of images) {
        if (image.expiresAt <= now) {
          images.delete(key)
          deleted++
        } else if (next === null || image.expiresAt < next) next = image.expiresAt
      }
      return { deleted, next }
    },
  }
}

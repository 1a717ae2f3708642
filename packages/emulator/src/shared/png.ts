import { encode } from 'fast-png'
import { createRng } from '../simulator/rng.js'

/** What to draw: same arguments, same bytes, so a re-fetched image never changes. */
export interface RenderPngInput {
  /** Pixels, 1..2048: the sizes providers accept, and a cap on memory per image. */
  width: number
  /** Pixels, 1..2048. */
  height: number
  /** Usually a job's `imageSeed`: picks the palette and layout. */
  seed: number
  /** Image number within the job, so a job's images differ from each other. */
  index: number
}

/** Options of {@link createPngRenderer}. */
export interface PngRendererOptions {
  /**
   * Encoded images kept, least recently used dropped first: clients poll and download the same
   * images repeatedly, and encoding a large one costs tens of milliseconds. Default 32.
   */
  maxEntries?: number
  /** Bytes kept across all cached images, so a few 2048² images cannot pin lots of memory. Default 64 MiB. */
  maxBytes?: number
}

/** Renders deterministic, real PNG images; see {@link createPngRenderer}. */
export type PngRenderer = (input: RenderPngInput) => Uint8Array

const MAX_SIDE = 2048

/**
 * Creates a renderer with its own cache. Images are 8-bit RGB: a diagonal two-colour gradient
 * with a soft glow, cheap to compute and small once deflated, yet visibly different per seed and
 * index in a terminal or browser preview. Each call returns a fresh copy, so callers may hand
 * the bytes to a `Response` (or mutate them) without corrupting the cache.
 */
export function createPngRenderer(options: PngRendererOptions = {}): PngRenderer {
  const { maxEntries = 32, maxBytes = 64 * 1024 * 1024 } = options
  // A Map iterates in insertion order; re-inserting on hit makes the first key the LRU one.
  const cache = new Map<string, Uint8Array>()
  let bytes = 0
  return (input) => {
    const { width, height, seed, index } = input
    for (const [name, side] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (!Number.isInteger(side) || side < 1 || side > MAX_SIDE) {
        throw new RangeError(`renderPng: ${name} must be an integer in 1..${MAX_SIDE}, got ${side}`)
      }
    }
    const key = `${width}x${height}:${seed}:${index}`
    let png = cache.get(key)
    if (png) {
      cache.delete(key)
    } else {
      png = draw(input)
      bytes += png.byteLength
    }
    cache.set(key, png)
    for (const [oldest, value] of cache) {
      if (cache.size <= maxEntries && bytes <= maxBytes) break
      cache.delete(oldest)
      bytes -= value.byteLength
    }
    return png.slice()
  }
}

/** A shared renderer with the default cache, for apps that need no tuning. */
export const renderPng: PngRenderer = createPngRenderer()

function draw({ width, height, seed, index }: RenderPngInput): Uint8Array {
  const rng = createRng(seed).fork(`png:${index}`)
  const hue = rng.next()
  const from = hsl(hue, 0.55, 0.3)
  const to = hsl((hue + rng.uniform(0.15, 0.45)) % 1, 0.65, 0.62)
  const glow = hsl((hue + 0.5) % 1, 0.8, 0.75)
  const angle = rng.uniform(0, 2 * Math.PI)
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  const cx = rng.uniform(0.25, 0.75) * width
  const cy = rng.uniform(0.25, 0.75) * height
  const radius2 = (rng.uniform(0.15, 0.35) * Math.min(width, height)) ** 2
  // Gradient parameter t = (x·cos + y·sin) normalized to [0, 1] over the image.
  const span = Math.abs(cos) * (width - 1) + Math.abs(sin) * (height - 1) || 1
  const offset = Math.min(0, cos * (width - 1)) + Math.min(0, sin * (height - 1))
  const data = new Uint8ClampedArray(width * height * 3)
  const [r0, g0, b0] = from
  const [dr, dg, db] = [to[0] - r0, to[1] - g0, to[2] - b0]
  const [gr, gg, gb] = glow
  const dt = cos / span
  let p = 0
  for (let y = 0; y < height; y++) {
    const dy2 = (y - cy) ** 2
    let t = (y * sin - offset) / span
    for (let x = 0; x < width; x++, t += dt) {
      // 1 / (1 + d²/r²) falls off smoothly without a square root per pixel.
      const g = 0.6 / (1 + ((x - cx) ** 2 + dy2) / radius2)
      const r = r0 + dr * t
      const gn = g0 + dg * t
      const b = b0 + db * t
      data[p++] = r + (gr - r) * g
      data[p++] = gn + (gg - gn) * g
      data[p++] = b + (gb - b) * g
    }
  }
  return encode(
    { width, height, data, depth: 8, channels: 3, text: { Software: 'Darkroom emulator' } },
    { zlib: { level: 1 } },
  )
}

/** HSL in [0, 1] to 8-bit RGB. */
function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l)
  const f = (n: number): number => {
    const k = (n + h * 12) % 12
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))))
  }
  return [f(0), f(8), f(4)]
}

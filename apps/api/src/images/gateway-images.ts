import type { Clock, ImageBytes } from '@darkroom/core'
import { backoffDelay } from '@darkroom/core/engine'
import type { ImageConfig } from '../config-images.js'
import { checkImage } from './image-check.js'
import { type ImageStorage, keptImageKey, type StoredImage } from './image-storage.js'

/** Options of {@link GatewayImages}. */
export interface GatewayImagesOptions {
  /** Where the bytes go (files on Node, R2 on Workers). */
  storage: ImageStorage
  /** Retention and size cap (`GatewayConfig.images`). */
  config: ImageConfig
  /** Time source of expiries, retry waits and the sweep timer. */
  clock: Clock
  /**
   * Told why an image was not kept, or a sweep failed. Each message names the job key and index
   * and the error's message; pass it through the gateway's redactor. Default: `console.warn`.
   */
  log?: ((message: string) => void) | undefined
  /** Uniform draws in [0, 1] for the retry jitter. Default `Math.random`. */
  random?: (() => number) | undefined
  /**
   * The longest gap between sweeps while anything is stored (and the wait after a failed one),
   * in ms; null sweeps only at the earliest expiry, which suits a Durable Object (its alarm
   * wakes it only then). Default {@link SWEEP_EVERY_MS}, an hour: no timer sits days ahead, and
   * files another process stored are swept too.
   */
  sweepEveryMs?: number | null | undefined
  /**
   * Whether it sweeps on a timer at all. False for a Worker's isolate, which lives for requests
   * only: there the Durable Objects' alarms sweep the bucket, and reads drop what expired.
   * Default true.
   */
  timer?: boolean | undefined
}

/** Attempts to fetch one image from the provider before giving up on keeping it. */
const KEEP_ATTEMPTS = 4
/** The first wait between attempts; it doubles (core's backoff): 1-2 s, 2-4 s, 4-8 s. */
const KEEP_BACKOFF_BASE_MS = 2000

/** The default longest gap between sweeps, and the wait after a failed one: an hour. */
export const SWEEP_EVERY_MS = 3_600_000

/**
 * The gateway's own copies of images: each succeeded job's images kept (fetched from the
 * provider, checked, stored for the retention), uploads stored, and what expired swept on a
 * timer of the injected clock: at the earliest expiry, or sooner (`sweepEveryMs`), while
 * anything is stored. What is kept is recorded by the
 * storage itself: a job image's key is derived from the job and index, so no job-store column
 * (and no migration) is needed.
 */
export class GatewayImages {
  readonly storage: ImageStorage
  readonly config: ImageConfig
  readonly #clock: Clock
  readonly #log: (message: string) => void
  readonly #random: () => number
  readonly #sweepEveryMs: number | null
  readonly #timer: boolean
  readonly #work = new Set<Promise<unknown>>()
  readonly #stop = new AbortController()
  #sweepAt: number | null = null
  #cancelSweep: (() => void) | null = null

  constructor(options: GatewayImagesOptions) {
    this.storage = options.storage
    this.config = options.config
    this.#clock = options.clock
    this.#log = options.log ?? ((message) => console.warn(message))
    this.#random = options.random ?? Math.random
    this.#sweepEveryMs = options.sweepEveryMs === undefined ? SWEEP_EVERY_MS : options.sweepEveryMs
    this.#timer = options.timer ?? true
  }

  /** Stores checked bytes under `key` for the retention; resolves with their expiry (epoch ms). */
  async put(key: string, bytes: Uint8Array, contentType: string): Promise<number> {
    const expiresAt = this.#clock.now() + this.config.retentionMs
    await this.#io(this.storage.put(key, { bytes, contentType, expiresAt }))
    this.#armSweep(expiresAt)
    return expiresAt
  }

  /** The image under `key` while it is not expired; an expired one is deleted as it is read. */
  async get(key: string): Promise<StoredImage | null> {
    const image = await this.#io(this.storage.get(key))
    if (!image) return null
    if (image.expiresAt > this.#clock.now()) return image
    await this.#io(this.storage.delete(key))
    return null
  }

  /**
   * Keeps every image of a succeeded job in the background, each fetched with `fetchImage` and
   * retried with core's backoff ({@link KEEP_ATTEMPTS} attempts); bytes that fail the check are
   * logged and not kept. {@link idle} waits for it.
   */
  keepJob(jobKey: string, count: number, fetchImage: (index: number) => Promise<ImageBytes>): void {
    for (let index = 0; index < count; index++) {
      this.#track(this.#keepOne(jobKey, index, () => fetchImage(index)))
    }
  }

  /**
   * Image `index` of a job: the kept copy when there is one, else fetched with `fetchImage` (the
   * provider) and kept now if its bytes pass the check. What the provider gave is answered either
   * way, as the authenticated image route always did.
   */
  async image(jobKey: string, index: number, fetchImage: () => Promise<ImageBytes>) {
    const key = await this.#io(keptImageKey(jobKey, index))
    const kept = await this.get(key)
    if (kept) return { bytes: kept.bytes, mimeType: kept.contentType, expiresAt: kept.expiresAt }
    const fetched = await fetchImage()
    const verdict = checkImage(fetched.bytes, fetched.mimeType, this.config.maxBytes)
    if (verdict.ok) this.#track(this.put(key, fetched.bytes, verdict.contentType))
    return { ...fetched, expiresAt: null }
  }

  /**
   * Removes what expired now, then re-arms the timer at the earliest expiry left; resolves with
   * how many went. A failure (storage unreachable) is logged, and tried again in an hour.
   */
  async sweep(): Promise<number> {
    this.#sweepAt = null
    this.#cancelSweep?.()
    try {
      const { deleted, next } = await this.#io(this.storage.sweep(this.#clock.now()))
      if (next !== null) this.#armSweep(next)
      return deleted
    } catch (error) {
      this.#log(`image sweep failed: ${message(error)}`)
      this.#armSweep(this.#clock.now() + (this.#sweepEveryMs ?? SWEEP_EVERY_MS))
      return 0
    }
  }

  /** Resolves once every keep and store begun so far has settled. */
  async idle(): Promise<void> {
    while (this.#work.size > 0) await Promise.allSettled([...this.#work])
  }

  /** Stops the sweep timer and every retry wait; resolves once the work in flight settled. */
  async close(): Promise<void> {
    this.#stop.abort()
    this.#cancelSweep?.()
    await this.idle()
  }

  async #keepOne(jobKey: string, index: number, fetchImage: () => Promise<ImageBytes>) {
    const key = await this.#io(keptImageKey(jobKey, index))
    if (await this.get(key)) return
    for (let attempt = 1; attempt <= KEEP_ATTEMPTS; attempt++) {
      let fetched: ImageBytes
      try {
        fetched = await fetchImage()
      } catch (error) {
        if (attempt === KEEP_ATTEMPTS || this.#stop.signal.aborted) {
          this.#log(
            `image ${index} of job ${jobKey} not kept after ${attempt} attempts: ${message(error)}`,
          )
          return
        }
        const wait = backoffDelay({ attempt, random: this.#random(), baseMs: KEEP_BACKOFF_BASE_MS })
        const slept = await this.#clock.sleep(wait, this.#stop.signal).then(
          () => true,
          () => false,
        )
        if (!slept) return
        continue
      }
      const verdict = checkImage(fetched.bytes, fetched.mimeType, this.config.maxBytes)
      if (!verdict.ok) {
        // The same bytes would come again: no retry.
        this.#log(`image ${index} of job ${jobKey} not kept: ${verdict.detail}`)
        return
      }
      await this.put(key, fetched.bytes, verdict.contentType)
      return
    }
  }

  #armSweep(expiry: number): void {
    const every = this.#sweepEveryMs
    const at = every === null ? expiry : Math.min(expiry, this.#clock.now() + every)
    if (
      !this.#timer ||
      this.#stop.signal.aborted ||
      (this.#sweepAt !== null && this.#sweepAt <= at)
    )
      return
    this.#cancelSweep?.()
    this.#sweepAt = at
    // A moment past the expiry, so the image at `at` counts as expired when the sweep runs.
    const wait = Math.max(0, at - this.#clock.now()) + 1
    const timer = new AbortController()
    this.#cancelSweep = () => timer.abort()
    this.#clock.sleep(wait, timer.signal).then(
      () => this.#track(this.sweep()),
      () => undefined,
    )
  }

  /** Storage I/O, tracked by a virtual clock so it never jumps time while bytes are written. */
  #io<T>(work: Promise<T>): Promise<T> {
    return this.#clock.track ? this.#clock.track(work) : work
  }

  #track(work: Promise<unknown>): void {
    const settled = work.catch((error: unknown) =>
      this.#log(`image store failed: ${message(error)}`),
    )
    this.#work.add(settled)
    void settled.finally(() => this.#work.delete(settled))
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

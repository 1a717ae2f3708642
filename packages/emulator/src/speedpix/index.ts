/**
 * The SpeedPix (智作工坊) emulator. Choices the provider's documentation leaves open, all
 * [inferred] (docs/providers.md#speedpix-what-the-emulator-does):
 * - Gateway refusals are an empty body with `X-Ca-Error-Code`, `X-Ca-Error-Message` and
 *   `X-Ca-Request-Id`: missing header 400 `I400MH`; unknown AppKey 400 `A400IK Invalid AppKey`;
 *   unsupported method 400 `I400HD`; stale or malformed timestamp (±15 min) 400 `A400IT Invalid
 *   Timestamp`; wrong content-md5 400 `A400IM`; wrong signature (or secret) 403 `A403IS Invalid
 *   Signature, Server StringToSign:...`; reused nonce 400 `A400NU Nonce Used`; unknown path or
 *   method 404 `I404NF`; injected throttling 429 `T429PA` with `Retry-After: 1`; injected server
 *   error 503 `D503CB`.
 * - Business errors are HTTP 200 envelopes with `status: 20` (codes: see the adapter's
 *   `SPEEDPIX_ERROR_CODES`). Submit answers `waiting` (`running` if the queue wait is zero);
 *   progress answers `etaRelative: 0` while waiting, as the documented example does [doc].
 * - `X-SP-RESOURCE-CONFIG-ID` is a comma list with fallback [doc]: the first pool that exists.
 * - Markers are read from `prompt` and `negtive_prompt`. Faults apply to the `/scc/*` calls only,
 *   not to image downloads (OSS is a different service).
 */

import { type Clock, systemClock } from '@darkroom/core'
import type { Hono } from 'hono'
import type { BaseEmulatorOptions } from '../shared/emulator-options.js'
import { type Emulator, inProcessFetch } from '../shared/emulator-options.js'
import { createNonceCache } from '../shared/nonce-cache.js'
import { createJobSimulator } from '../simulator/job-simulator.js'
import { createRng } from '../simulator/rng.js'
import { createSpeedpixApp } from './speedpix-app.js'
import type { SpeedpixCredentials } from './speedpix-auth.js'
import type { SpeedpixJobMeta } from './speedpix-wire.js'

export type { SpeedpixCredentials } from './speedpix-auth.js'

/** The AppKey and AppSecret the emulator accepts by default: demo values, not secrets. */
export const SPEEDPIX_DEFAULT_CREDENTIALS: Readonly<SpeedpixCredentials> = Object.freeze({
  appKey: 'demo-app-key',
  appSecret: 'demo-app-secret',
})

/** Options of {@link createSpeedpixEmulator}. */
export interface SpeedpixEmulatorOptions extends BaseEmulatorOptions {
  /** The key pair it accepts. Default {@link SPEEDPIX_DEFAULT_CREDENTIALS}. */
  credentials?: SpeedpixCredentials | undefined
  /**
   * Origin put in image URLs (e.g. a public address when served behind a proxy); images are
   * always served under `/images/`. Default: the origin the result call was made to.
   */
  imageBaseUrl?: string | undefined
  /** Key of the image URL signatures. Default: derived from the seed, so runs replay. */
  imageUrlSecret?: string | undefined
  /**
   * The account's resource pools besides `default`, for `X-SP-RESOURCE-CONFIG-ID` (a comma
   * list: the first pool that exists wins). Default: any id of 1–64 letters, digits, `_`, `.`,
   * `-` names a pool, so demos need no setup.
   */
  resourcePools?: readonly string[] | undefined
}

/**
 * Creates the emulator. Defaults: queue wait uniform 1–5 s; run time log-normal, median 12 s,
 * sigma 0.4, clamped to 4–40 s; ETA noise ±25 %; progress in whole sampling steps (the request's
 * `steps`, default 20); image URLs valid for one hour.
 */
export function createSpeedpixEmulator(
  options: SpeedpixEmulatorOptions = {},
): Emulator<SpeedpixCredentials> {
  const clock: Clock = options.clock ?? systemClock
  const seed = options.seed ?? 1
  const rng = createRng(seed).fork('speedpix')
  const credentials = { ...(options.credentials ?? SPEEDPIX_DEFAULT_CREDENTIALS) }
  const simulator = createJobSimulator<SpeedpixJobMeta>({
    state: options.state && { store: options.state, namespace: 'speedpix' },
    clock,
    seed,
    queueWait: options.queueWait ?? { kind: 'uniform', minMs: 1000, maxMs: 5000 },
    runTime: options.runTime ?? {
      kind: 'lognormal',
      medianMs: 12_000,
      sigma: 0.4,
      minMs: 4000,
      maxMs: 40_000,
    },
    etaNoise: options.etaNoise ?? 0.25,
    idLength: 25,
  })
  const app = createSpeedpixApp({
    clock,
    rng,
    simulator,
    credentials: [credentials],
    nonces: createNonceCache({ clock }),
    faults: options.faults ?? {},
    images: {
      secret: options.imageUrlSecret ?? `speedpix-oss-${rng.fork('image-secret').next()}`,
      ttlMs: options.imageUrlTtlMs ?? 3_600_000,
      baseUrl: options.imageBaseUrl,
    },
    resourcePools: options.resourcePools ? new Set(options.resourcePools) : null,
  }) as unknown as Hono
  return { app, fetch: inProcessFetch(app), simulator, credentials }
}

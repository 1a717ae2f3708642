/**
 * The SpeedPix (智作工坊) Stable Diffusion WebUI adapter: submit txt2img / img2img, poll
 * `sd_get_progress`, and once it says `successed` fetch `sd_get_result` for the image URLs.
 */

import { systemClock } from '../../clock/clock.js'
import { InvalidHandleError, InvalidInputError, REQUEST_PATHS } from '../../errors/index.js'
import type { HttpResult } from '../../http/http-client.js'
import type { JobHandle } from '../../model/handle.js'
import type { Job } from '../../model/job.js'
import type { CallOptions, ImageBytes, ProviderAdapter } from '../../spec/adapter.js'
import {
  baseJob,
  type CommonAdapterOptions,
  downloadedImageMime,
  guardSubmit,
  httpClientFor,
  knownOperation,
  normalizeBaseUrl,
  parseInput,
  parseResponse,
  providerError,
  providerTime,
  requireCredential,
} from '../shared/index.js'
import {
  envelopeError,
  httpError,
  imageRefused,
  isEnvelopeFailure,
  parseEnvelope,
  requestIdOf,
} from './speedpix-errors.js'
import {
  foldResult,
  imageUrlsOf,
  isSpeedpixOperation,
  progressJob,
  SPEEDPIX_OPERATIONS,
  SUBMIT_PATHS,
} from './speedpix-operations.js'
import { type Envelope, ResultDataEnvelope, SubmitDataEnvelope } from './speedpix-schemas.js'
import { buildSpeedpixRequest } from './speedpix-signing.js'
import { mapSpeedpixStatus } from './speedpix-status.js'
import { toWireBody } from './speedpix-wire-body.js'

const PROVIDER = 'speedpix'

/** Options of {@link createSpeedpix}. */
export interface SpeedpixOptions extends CommonAdapterOptions {
  /** The application's AppKey (智作工坊 console → 应用管理). */
  appKey: string
  /** The application's AppSecret; it only ever keys the HMAC, never leaves this process. */
  appSecret: string
  /**
   * Resource pool to run on, sent as `X-SP-RESOURCE-CONFIG-ID`: one pool id, or a comma list
   * tried in order (`a100-pool,v100-pool,default`: the first that exists runs the task). Default:
   * none sent, so the account's default pool.
   */
  resourceConfigId?: string | undefined
}

/** The real host; `baseUrl` replaces it for the emulator. */
export const SPEEDPIX_BASE_URL = 'https://openai.edu-aliyun.com'

/**
 * Creates the SpeedPix adapter. Credentials are checked here, so a misconfiguration fails at
 * start-up rather than on the first job.
 */
export function createSpeedpix(options: SpeedpixOptions): ProviderAdapter {
  const appKey = requireCredential(PROVIDER, 'appKey', options.appKey)
  const appSecret = requireCredential(PROVIDER, 'appSecret', options.appSecret)
  const baseUrl = normalizeBaseUrl(PROVIDER, options.baseUrl ?? SPEEDPIX_BASE_URL)
  const clock = options.clock ?? systemClock
  const client = httpClientFor(PROVIDER, options, clock, [appSecret])

  /** One signed POST; returns the envelope of a 2xx answer, throws for anything else. */
  async function call(
    name: string,
    path: string,
    payload: Record<string, unknown>,
    idempotent: boolean,
    opts: CallOptions | undefined,
  ): Promise<{ result: HttpResult; envelope: Envelope }> {
    const body = JSON.stringify(payload)
    const result = await client.send({
      call: name,
      idempotent,
      signal: opts?.signal,
      timeoutMs: opts?.timeoutMs,
      retries: opts?.retries,
      prepare: () =>
        buildSpeedpixRequest({
          baseUrl,
          path,
          body,
          appKey,
          appSecret,
          resourceConfigId: options.resourceConfigId,
          // Providers read the timestamp as whole milliseconds; a virtual clock may be fractional.
          now: Math.floor(clock.now()),
          nonce: crypto.randomUUID(),
        }),
    })
    if (result.status < 200 || result.status > 299) throw httpError(result, name)
    return { result, envelope: parseEnvelope(result, name) }
  }

  /** Asks for the result (idempotent); the caller decides what a failed envelope means. */
  const fetchResult = (handle: JobHandle, name: string, opts: CallOptions | undefined) =>
    call(name, '/scc/sd_get_result', { taskId: handle.providerJobId }, true, opts)

  function checkHandle(handle: JobHandle): void {
    if (handle?.provider !== PROVIDER || !isSpeedpixOperation(handle.operation)) {
      throw new InvalidHandleError(
        `Not a speedpix job handle (provider "${handle?.provider}", operation "${handle?.operation}"); use the handle returned by speedpix submit.`,
      )
    }
  }

  async function status(handle: JobHandle, opts?: CallOptions): Promise<Job> {
    checkHandle(handle)
    const progress = await call(
      'status',
      '/scc/sd_get_progress',
      { taskId: handle.providerJobId },
      true,
      opts,
    )
    let job = progressJob(startJob(handle), progress.envelope, progress.result)
    // The answers as sent (the parsed envelopes keep only the fields read).
    const raw: Record<string, unknown> | null = opts?.raw
      ? { progress: progress.result.json() }
      : null
    if (job.state === 'succeeded') {
      const { result, envelope } = await fetchResult(handle, 'result', opts)
      if (raw) raw.result = result.json()
      job = foldResult(job, handle.meta, envelope, result)
    }
    return raw ? { ...job, raw } : job
  }

  function startJob(handle: JobHandle): Job {
    const job = baseJob(handle, clock)
    return { ...job, createdAt: handle.meta?.createdAt ?? null }
  }

  return {
    id: PROVIDER,
    operations: SPEEDPIX_OPERATIONS,

    async submit(name, input, opts) {
      const { name: operation, entry: spec } = knownOperation(PROVIDER, SPEEDPIX_OPERATIONS, name)
      const parsed = parseInput(PROVIDER, operation, spec.input, input) as Parameters<
        typeof toWireBody
      >[1]
      const path = SUBMIT_PATHS[operation]
      const { result, envelope, data } = await guardSubmit(PROVIDER, async () => {
        const answer = await call('submit', path, toWireBody(operation, parsed), false, opts)
        if (isEnvelopeFailure(answer.envelope)) {
          throw envelopeError(answer.envelope, answer.result, 'submit')
        }
        const context = { provider: PROVIDER, call: 'submit' } as const
        const body = { data: answer.envelope.data }
        return { ...answer, data: parseResponse(SubmitDataEnvelope, body, context).data }
      })
      const createdAt = providerTime(envelope.startTime ?? envelope.endTime ?? null)
      const handle: JobHandle = {
        provider: PROVIDER,
        operation,
        providerJobId: data.taskId,
        // The size only when the caller chose it: otherwise the pool's default applies, which
        // only the result's echoed parameters can tell.
        meta: {
          ...(parsed.width !== undefined && { width: String(parsed.width) }),
          ...(parsed.height !== undefined && { height: String(parsed.height) }),
          ...(createdAt ? { createdAt } : {}),
        },
      }
      const job = startJob(handle)
      const mapped = data.status ? mapSpeedpixStatus(data.status) : null
      // A task is never finished at submit (SpeedPix answers `waiting`); any other word is taken
      // as started, and a terminal one is settled, with its images or error, by the next status().
      const state = !mapped || mapped.state === 'queued' ? 'queued' : 'running'
      const snapshot: Job = {
        ...job,
        state,
        providerStatus: data.status ?? null,
        warnings: mapped?.warning ? [mapped.warning] : [],
      }
      return opts?.raw ? { ...snapshot, raw: { submit: result.json() } } : snapshot
    },

    status,

    async image(handle, index, opts): Promise<ImageBytes> {
      checkHandle(handle)
      if (!Number.isInteger(index) || index < 0) {
        throw new InvalidInputError(
          `speedpix image index must be a whole number >= 0, got ${index}.`,
          {
            issues: [{ path: REQUEST_PATHS.index, message: 'must be a whole number >= 0' }],
            provider: PROVIDER,
            call: 'image',
          },
        )
      }
      // Result URLs expire, so a fresh one is fetched per download. A URL refused anyway (it
      // expired in between, or the clock is off) gets exactly one more fresh URL, no more.
      let url = await imageUrl(handle, index, opts)
      let download = await fetchImage(url, opts)
      if (download.status === 403) {
        url = await imageUrl(handle, index, opts)
        download = await fetchImage(url, opts)
      }
      if (download.status < 200 || download.status > 299) {
        throw imageRefused(download, url, handle.providerJobId, index)
      }
      return {
        bytes: download.body,
        mimeType: downloadedImageMime(download.headers.get('content-type'), download.body),
      }
    },
  }

  /** A plain GET of a signed image URL: the URL carries its own authorization. */
  function fetchImage(url: string, opts: CallOptions | undefined): Promise<HttpResult> {
    return client.send({
      call: 'image',
      idempotent: true,
      signal: opts?.signal,
      timeoutMs: opts?.timeoutMs,
      retries: opts?.retries,
      prepare: async () => ({ method: 'GET', url, headers: { accept: 'image/*' } }),
    })
  }

  async function imageUrl(handle: JobHandle, index: number, opts: CallOptions | undefined) {
    const { result, envelope } = await fetchResult(handle, 'image', opts)
    if (isEnvelopeFailure(envelope)) throw envelopeError(envelope, result, 'image')
    const data = parseResponse(
      ResultDataEnvelope,
      { data: envelope.data },
      { provider: PROVIDER, call: 'image' },
    ).data
    const urls = imageUrlsOf(data)
    const url = urls[index]
    if (url === undefined) {
      throw providerError(PROVIDER, 'image', result, {
        code: 'not_found',
        retryable: false,
        providerCode: null,
        message: `task ${handle.providerJobId} has ${urls.length} image(s); there is no image ${index}`,
        requestId: requestIdOf(result, envelope),
      })
    }
    return url
  }
}

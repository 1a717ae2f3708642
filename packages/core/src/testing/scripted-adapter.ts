// Test support only (not published): the engine's stand-in provider, with jobs run by script.
import * as v from 'valibot'
import type { Clock } from '../clock/clock.js'
import { encodeHandle, type JobHandle } from '../model/handle.js'
import type { Job } from '../model/job.js'
import type { ImageBytes, OperationSpec, ProviderAdapter } from '../spec/adapter.js'
import { mapStatusWord, type StatusTable } from '../spec/status-table.js'

/** The input of a scripted job: how it will behave, decided up front. */
export interface ScriptedJob {
  /** How long the job stays queued after submit. */
  queueMs: number
  /** How long it then runs before it ends. */
  runMs: number
  /**
   * Report an ETA while pending (true: exact; a number: multiply the true remaining by it).
   * Default: no ETA.
   */
  eta?: boolean | number
  /** Report linear progress while running. Default false (no progress). */
  progress?: boolean
  /** Report this queue position while queued. Default: none. */
  queuePosition?: number
  /** Explicit progress per status call, the last repeating (overrides linear). Default none. */
  progressScript?: number[]
  /** The word reported while running (to inject unknown words). Default `RUNNING`. */
  runningWord?: string
  /** End in FAILED instead of DONE. Default false. */
  fail?: boolean
  /** Status calls in a window (ms after submit) throw its error, not answer. Default none. */
  errors?: { fromMs: number; toMs: number; error: () => Error }[]
}

const TABLE = {
  WAITING: { state: 'queued' },
  RUNNING: { state: 'running' },
  DONE: { state: 'succeeded' },
  FAILED: { state: 'failed', error: { code: 'provider_error', retryable: false } },
} as const satisfies StatusTable

const spec: OperationSpec = {
  name: 'render',
  label: 'Render',
  description: 'A scripted test job.',
  input: v.unknown(),
  capabilities: { progress: true, queuePosition: true, eta: true, imageUrls: false },
  timing: { minMs: 0, typicalMs: 10_000 },
}

/** One status call the scripted adapter answered (or failed, naming the error). */
export interface StatusCall {
  /** The provider job id asked about. */
  id: string
  /** The clock's time of the call. */
  at: number
  /** The name of the error thrown instead of answering, if one was. */
  error?: string
}

/** A provider adapter whose one operation, `render`, runs {@link ScriptedJob}s. */
export interface ScriptedAdapter extends ProviderAdapter {
  /** How many jobs were submitted. */
  submits: number
  /** Every status call, in order. */
  statusCalls: StatusCall[]
  /** How many status calls asked about the job with this provider job id. */
  callsFor(id: string): number
}

/** Options of {@link createScriptedAdapter}. */
export interface ScriptedAdapterOptions {
  /** The timing `render` declares. Default `{ minMs: 0, typicalMs: 10_000 }`. */
  timing?: OperationSpec['timing']
}

/**
 * A provider that runs scripted jobs on `clock`: each `submit` input is a {@link ScriptedJob},
 * and `status` reports where that script is at the clock's time.
 */
export function createScriptedAdapter(
  clock: Clock,
  options: ScriptedAdapterOptions = {},
): ScriptedAdapter {
  const jobs = new Map<string, { script: ScriptedJob; submittedAt: number; calls: number }>()
  const statusCalls: StatusCall[] = []
  let seq = 0

  function snapshot(handle: JobHandle): Job {
    const entry = jobs.get(handle.providerJobId)
    if (!entry) throw new Error(`no job ${handle.providerJobId}`)
    const { script, submittedAt } = entry
    const elapsed = clock.now() - submittedAt
    const total = script.queueMs + script.runMs
    const word =
      elapsed < script.queueMs
        ? 'WAITING'
        : elapsed < total
          ? (script.runningWord ?? 'RUNNING')
          : script.fail
            ? 'FAILED'
            : 'DONE'
    const mapped = mapStatusWord(TABLE, word)
    const remaining = Math.max(0, total - elapsed)
    const scripted =
      script.progressScript?.[Math.min(entry.calls, script.progressScript.length - 1)]
    const linear =
      mapped.state === 'running' ? Math.min(1, (elapsed - script.queueMs) / script.runMs) : null
    const eta =
      script.eta === undefined || script.eta === false
        ? null
        : (remaining * (script.eta === true ? 1 : script.eta)) / 1000
    const pending = mapped.state === 'queued' || mapped.state === 'running'
    return {
      id: encodeHandle(handle),
      provider: handle.provider,
      operation: handle.operation,
      providerJobId: handle.providerJobId,
      state: mapped.state,
      providerStatus: word,
      progress: scripted ?? (script.progress ? linear : null),
      queuePosition:
        mapped.state === 'queued' && script.queuePosition !== undefined
          ? script.queuePosition
          : null,
      etaSeconds: pending ? eta : null,
      etaSource: pending && eta !== null ? 'provider' : null,
      message: null,
      images:
        mapped.state === 'succeeded'
          ? [{ index: 0, url: null, width: 8, height: 8, expiresAt: null, mimeType: 'image/png' }]
          : [],
      error: mapped.error
        ? { ...mapped.error, message: 'scripted failure', providerCode: word }
        : null,
      createdAt: null,
      observedAt: new Date(clock.now()).toISOString(),
      warnings: mapped.warning ? [mapped.warning] : [],
    }
  }

  const adapter: ScriptedAdapter = {
    id: 'speedpix',
    operations: { render: options.timing ? { ...spec, timing: options.timing } : spec },
    submits: 0,
    statusCalls,
    callsFor: (id) => statusCalls.filter((c) => c.id === id).length,
    async submit(operation, input) {
      adapter.submits += 1
      const id = `job-${++seq}`
      jobs.set(id, { script: input as ScriptedJob, submittedAt: clock.now(), calls: 0 })
      return snapshot({ provider: 'speedpix', operation, providerJobId: id })
    },
    async status(handle) {
      const entry = jobs.get(handle.providerJobId)
      const call: StatusCall = { id: handle.providerJobId, at: clock.now() }
      statusCalls.push(call)
      if (entry) {
        const elapsed = clock.now() - entry.submittedAt
        const failure = entry.script.errors?.find((e) => elapsed >= e.fromMs && elapsed < e.toMs)
        if (failure) {
          const error = failure.error()
          call.error = error.name
          throw error
        }
      }
      const job = snapshot(handle)
      if (entry) entry.calls += 1
      return job
    },
    async image(): Promise<ImageBytes> {
      return { bytes: new Uint8Array([137, 80, 78, 71]), mimeType: 'image/png' }
    },
  }
  return adapter
}

/** The handle of a job of the scripted adapter (its jobs carry no meta). */
export function handleOf(job: Job): JobHandle {
  return { provider: job.provider, operation: job.operation, providerJobId: job.providerJobId }
}

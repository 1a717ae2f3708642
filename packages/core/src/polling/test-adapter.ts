// Test support only (excluded from the build): a provider that runs scripted jobs on a clock.
import * as v from 'valibot'
import type { Clock } from '../clock/clock.js'
import { encodeHandle, type JobHandle } from '../model/handle.js'
import type { Job } from '../model/job.js'
import type { ImageBytes, OperationSpec, ProviderAdapter } from '../spec/adapter.js'
import { mapStatusWord, type StatusTable } from '../spec/status-table.js'

export interface ScriptedJob {
  queueMs: number
  runMs: number
  /** Report an ETA while pending (true: exact; a number: multiply the true remaining by it). */
  eta?: boolean | number
  /** Report linear progress while running. */
  progress?: boolean
  /** Report queue position while queued. */
  queuePosition?: number
  /** Explicit progress per status call (overrides linear progress). */
  progressScript?: number[]
  /** The word reported while running (to inject unknown words). */
  runningWord?: string
  /** End in FAILED instead of DONE. */
  fail?: boolean
  /** Status calls in this time window (ms after submit) throw this error instead of answering. */
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

export interface TestAdapter extends ProviderAdapter {
  submits: number
  statusCalls: { id: string; at: number; error?: string }[]
  callsFor(id: string): number
}

export function createTestAdapter(
  clock: Clock,
  options: { timing?: OperationSpec['timing'] } = {},
): TestAdapter {
  const jobs = new Map<string, { script: ScriptedJob; submittedAt: number; calls: number }>()
  const statusCalls: { id: string; at: number; error?: string }[] = []
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

  const adapter: TestAdapter = {
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
      const call: { id: string; at: number; error?: string } = {
        id: handle.providerJobId,
        at: clock.now(),
      }
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

export function handleOf(job: Job): JobHandle {
  return { provider: job.provider, operation: job.operation, providerJobId: job.providerJobId }
}

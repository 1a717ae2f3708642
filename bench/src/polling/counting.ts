import type { ProviderId } from '@darkroom/core'

/** Wire calls of one run, by kind. */
export interface CallCounts {
  submit: number
  /** The provider's status call: what every strategy spends while waiting. */
  status: number
  /** Follow-up calls made once a job is done (speedpix `sd_get_result`), counted apart. */
  result: number
  other: number
}

type Kind = keyof CallCounts

/** Which wire call a path is, per provider (paths from docs/providers.md). */
const CLASSIFY: Record<ProviderId, (path: string) => Kind> = {
  aicontent: (p) =>
    /\/query(InferenceJobInfo|PreModelInferenceJobInfo|ModelTrainStatus)$/.test(p)
      ? 'status'
      : /\/add[A-Za-z]*Job$/.test(p)
        ? 'submit'
        : 'other',
  speedpix: (p) =>
    p.endsWith('/scc/sd_get_progress')
      ? 'status'
      : p.endsWith('/scc/sd_get_result')
        ? 'result'
        : /\/scc\/sd_(txt|img)2img$/.test(p)
          ? 'submit'
          : 'other',
  aidge: (p) =>
    p.includes('/generation/query')
      ? 'status'
      : p.includes('/generation/batch')
        ? 'submit'
        : 'other',
}

/**
 * Wraps an emulator's in-process `fetch` so every wire request is counted by kind: the counts are
 * exact, not sampled, because nothing reaches the emulator any other way.
 */
export function countingFetch(
  provider: ProviderId,
  inner: typeof fetch,
): { fetch: typeof fetch; counts: CallCounts } {
  const counts: CallCounts = { submit: 0, status: 0, result: 0, other: 0 }
  const classify = CLASSIFY[provider]
  const wrapped = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input)
    counts[classify(new URL(url).pathname)] += 1
    return inner(input, init)
  }) as typeof fetch
  return { fetch: wrapped, counts }
}

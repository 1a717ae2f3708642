import type { Job } from '@darkroom/core'
import { BENCH_KEY } from './processes.js'

/**
 * Submits one long SpeedPix job through the gateway (long so it stays running throughout). Sent
 * again once if the connection fails before an answer: on a loaded machine this process's fetch
 * may reuse a keep-alive socket at the moment the gateway closes it as idle (ECONNRESET), and an
 * extra job is harmless here.
 */
export async function submitLongJob(gateway: string, seconds: number, retry = true): Promise<Job> {
  let response: Response
  try {
    response = await fetch(`${gateway}/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: `a lighthouse at dusk [[duration:${seconds}]]`, width: 256, height: 256 },
      }),
    })
  } catch (error) {
    if (retry && error instanceof TypeError) return submitLongJob(gateway, seconds, false)
    throw error
  }
  if (response.status !== 202) {
    throw new Error(`POST /v1/jobs answered ${response.status}: ${await response.text()}`)
  }
  return (await response.json()) as Job
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T)
  }
  await Promise.all(Array.from({ length: limit }, lane))
}

// Test support only (excluded from the build): a scripted `fetch` that records what it was sent.
import { VirtualClock } from '../../clock/virtual-clock.js'
import { createAicontent } from './aicontent-adapter.js'

export interface SeenRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body: string
}

export type Reply =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; text: string; headers?: Record<string, string> }
  | { status?: number; bytes: Uint8Array; headers?: Record<string, string> }

export function toResponse(reply: Reply): Response {
  const status = reply.status ?? 200
  if ('json' in reply) {
    return new Response(JSON.stringify(reply.json), {
      status,
      headers: { 'content-type': 'application/json;charset=utf-8', ...reply.headers },
    })
  }
  if ('text' in reply) return new Response(reply.text, { status, headers: reply.headers })
  return new Response(new Uint8Array(reply.bytes), { status, headers: reply.headers })
}

/** A fetch answering with `replies` in order (the last one repeats), recording every request. */
export function scriptedFetch(...replies: Array<Reply | ((req: SeenRequest) => Reply)>) {
  const seen: SeenRequest[] = []
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const seenRequest: SeenRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    }
    seen.push(seenRequest)
    const next = replies[Math.min(seen.length - 1, replies.length - 1)]
    if (!next) throw new TypeError('no scripted reply')
    return toResponse(typeof next === 'function' ? next(seenRequest) : next)
  }) as typeof globalThis.fetch
  return { fetch: fetchImpl, seen }
}

export const TEST_CREDENTIALS = {
  accessKeyId: 'test-access-key-id',
  accessKeySecret: 'test-secret-never-shown',
}

/** An adapter on a virtual clock whose fetch answers with `replies`. */
export function adapterWith(...replies: Array<Reply | ((req: SeenRequest) => Reply)>) {
  const clock = new VirtualClock()
  const { fetch, seen } = scriptedFetch(...replies)
  const adapter = createAicontent({ ...TEST_CREDENTIALS, fetch, clock, retries: 0 })
  return { adapter, seen, clock }
}

/** An envelope answer around `data`, shaped like the documentation's (errCode included). */
export function ok(data: unknown): Reply {
  return {
    json: {
      requestId: 'req-1',
      success: true,
      errCode: 'UNKNOWN_ERROR',
      errMessage: '未知错误',
      httpStatusCode: 200,
      data,
    },
  }
}

/**
 * Aidge's three answer shapes: the business envelope `{requestId, success, resCode, resMessage,
 * data}`, the IOP gateway's `{type, code, message, request_id}`, and the OSS XML errors of the
 * result-image host.
 */
import type { Rng } from '../simulator/rng.js'

/** Deterministic request ids (30 hex digits, like the platform's trace ids) from the seed. */
export function requestIds(rng: Rng): () => string {
  let n = 0
  return () => {
    const r = rng.fork(String(n++))
    let id = ''
    for (let i = 0; i < 30; i++) id += '0123456789abcdef'[r.int(0, 15)]
    return id
  }
}

/** The documented meaning of each business `resCode`, used as `resMessage`. */
export const RES_MESSAGES: Readonly<Record<string, string>> = {
  '200': 'success',
  '500': 'system error',
  '501': 'rate limit exceeded',
  '700': 'invalid input',
  '801': 'model failed',
  '1000': 'content has sensitive data',
  '1001': 'content control failed, please retry',
  '1002': 'content risk filter failed',
}

/** The codes a query reports about its task (the job failed), rather than about the call. */
export const TASK_LEVEL_CODES = new Set(['801', '1000', '1001', '1002'])

/** A successful business answer. */
export function ok(requestId: string, data: unknown): Response {
  return Response.json({ requestId, success: true, resCode: 200, resMessage: 'success', data })
}

/**
 * A failed business answer. Aidge answers business errors with HTTP 200; only the injected
 * server error uses HTTP 500, like a crashed backend behind the gateway.
 */
export function businessError(
  requestId: string,
  resCode: number | string,
  resMessage: string,
  options: { status?: number; data?: unknown } = {},
): Response {
  return Response.json(
    { requestId, success: false, resCode, resMessage, data: options.data ?? null },
    { status: options.status ?? 200 },
  )
}

/** The codes the emulated gateway refuses calls with. */
export type PlatformCode =
  | 'MissingParameter'
  | 'IncompleteSignature'
  | 'InvalidAppKey'
  | 'InvalidTimestamp'
  | 'InvalidApi'
  | 'ResourceExhausted'

/**
 * A gateway refusal. HTTP 200, as the IOP/TOP gateways answer their errors: clients must look
 * at `code`, never at the HTTP status alone.
 */
export function platformError(requestId: string, code: PlatformCode, message: string): Response {
  return Response.json({ type: 'ISV', code, message, request_id: requestId })
}

/** The message Aidge's samples quote for an account without quota. */
export const QUOTA_MESSAGE =
  'Sorry, your calling resources have been exhausted. Purchase the API on the Aidge console, or send x-iop-trial: true to use your trial quota.'

/** An OSS error as the result-image host answers it. */
export function ossError(
  status: number,
  code: string,
  message: string,
  requestId: string,
): Response {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>${requestId}</RequestId>\n  <HostId>aidge.emulator</HostId>\n</Error>\n`
  return new Response(xml, { status, headers: { 'content-type': 'application/xml' } })
}

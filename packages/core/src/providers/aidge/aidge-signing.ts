/**
 * Builds signed Aidge requests: `POST <baseUrl>/rest<apiName>?partner_id=aidge&sign_method=
 * sha256&sign_ver=v2&app_key=..&timestamp=..&sign=..` (docs/providers.md#aidge-signature). The
 * sign covers only the secret and the timestamp, so it is recomputed per attempt from the clock;
 * there is no nonce to make fresh.
 */
import type { PreparedRequest } from '../../http/http-client.js'
import { signAidge } from '../../signing/aidge.js'

/** The two API names of the virtual model service. */
export const AIDGE_API = {
  submit: '/ai/virtual/model/generation/batch',
  query: '/ai/virtual/model/generation/query',
} as const

/** What one signed call needs. */
export interface AidgeRequestInput {
  /** Normalized base URL (no trailing slash), e.g. `https://api.aidc-ai.com`. */
  baseUrl: string
  /** e.g. `/ai/virtual/model/generation/batch`. */
  apiName: string
  accessKeyName: string
  accessKeySecret: string
  /** Epoch milliseconds, from the adapter's clock. */
  now: number
  /** Spend the account's trial quota (`x-iop-trial: true`). */
  trial: boolean
  /** The exact JSON body. */
  body: string
}

/** The system query parameters, in the order the official samples send them. */
export function aidgeSystemParams(
  accessKeyName: string,
  timestamp: string,
  sign: string,
): URLSearchParams {
  return new URLSearchParams([
    ['partner_id', 'aidge'],
    ['sign_method', 'sha256'],
    ['sign_ver', 'v2'],
    ['app_key', accessKeyName],
    ['timestamp', timestamp],
    ['sign', sign],
  ])
}

/** Signs one attempt of a call. */
export async function buildAidgeRequest(input: AidgeRequestInput): Promise<PreparedRequest> {
  const timestamp = String(Math.trunc(input.now))
  const sign = await signAidge({ accessKeySecret: input.accessKeySecret, timestamp })
  const query = aidgeSystemParams(input.accessKeyName, timestamp, sign)
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  }
  if (input.trial) headers['x-iop-trial'] = 'true'
  return {
    method: 'POST',
    url: `${input.baseUrl}/rest${input.apiName}?${query}`,
    headers,
    body: input.body,
  }
}

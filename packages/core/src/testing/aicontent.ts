// Test support only (not published): AI Content's credentials, envelope and scripted adapter.
import { createAicontent } from '../providers/aicontent/aicontent-adapter.js'
import type { Reply, ReplySpec } from './scripted-fetch.js'
import { type ScriptedProvider, scriptedProvider } from './scripted-provider.js'

/** The AccessKey pair of the unit tests (the secret must never show in an error). */
export const AICONTENT_TEST_CREDENTIALS = {
  accessKeyId: 'test-access-key-id',
  accessKeySecret: 'test-secret-never-shown',
}

/**
 * The AI Content adapter answering calls with `replies` in order (the last repeats), whatever
 * the path, on a virtual clock, with retries off (a call can ask for its own).
 */
export function aicontentWith(...replies: Reply[]): ScriptedProvider {
  return scriptedProvider({ '*': replies }, ({ fetch, clock }) =>
    createAicontent({ ...AICONTENT_TEST_CREDENTIALS, fetch, clock, retries: 0 }),
  )
}

/** A success envelope around `data`, shaped like the documentation's (errCode included). */
export function aicontentOk(data: unknown): ReplySpec {
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

import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from './context.js'
import { HttpProblem, unreadableBody } from './http-problem.js'

/**
 * The deepest nesting of arrays and objects a request body may have. A job request is
 * `{provider, operation, input}` with inputs a few levels deep (speedpix's `controlnetUnits` is
 * the deepest, at 4); a body nested thousands deep is only ever an attack on the parser.
 */
export const MAX_JSON_DEPTH = 32

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i
const QUOTE = 34
const BACKSLASH = 92

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found without parsing it: one
 * pass that counts brackets and jumps over strings (with `indexOf`, so a megabyte of base64 in a
 * string costs next to nothing). Text that is not JSON gets an answer too; `JSON.parse` refuses it
 * afterwards.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      i = stringEnd(text, i)
    } else if (c === 123 || c === 91) {
      // `{` or `[`
      if (++depth > max) return true
    } else if (c === 125 || c === 93) {
      depth--
    }
  }
  return false
}

/** The index of the quote that closes the string opening at `open` (the end of the text if none). */
function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1)
  while (close !== -1) {
    let backslashes = 0
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++
    // An even run of backslashes escapes itself, not the quote.
    if (backslashes % 2 === 0) return close
    close = text.indexOf('"', close + 1)
  }
  return text.length
}

/**
 * Reads a JSON request body: the content type must say JSON, the text (already bounded by the
 * route's body limit) must nest at most {@link MAX_JSON_DEPTH} deep — checked before `JSON.parse`
 * sees it — and it must parse. Each refusal is a 400 problem saying what to send.
 */
export async function readJsonBody(c: Context<AppEnv>, expected: string): Promise<unknown> {
  const type = c.req.header('content-type')
  if (!type || !JSON_TYPE.test(type)) {
    throw unreadableBody(
      `Send the job as JSON with Content-Type: application/json (got ${type ? `"${type}"` : 'no Content-Type'}).`,
    )
  }
  let text: string
  try {
    text = await c.req.text()
  } catch {
    throw brokenOff()
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw unreadableBody(
      `The request body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels; send ${expected}, whose inputs are a few levels deep.`,
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw unreadableBody(`The request body is not valid JSON; send ${expected}.`)
  }
}

/** The caller broke off the upload (or its stream failed): theirs to send again, not a 500. */
function brokenOff(): HttpProblem {
  return unreadableBody('The request body ended before it was complete; send it again.')
}

/**
 * The body limit of a route: a body over `maxBytes` is a 413 problem, found by its
 * `Content-Length` before anything is read, or while it streams in; one that breaks off while
 * being counted is the caller's 400. `advice` ends the 413's detail (what to send instead).
 */
export function limitBody(
  maxBytes: number,
  advice = 'send images of at most 4 MB, or by URL',
): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpProblem({
        status: 413,
        code: 'payload_too_large',
        detail: `The request body is larger than ${maxBytes} bytes; ${advice}.`,
      })
    },
  })
  return async (c, next) => {
    let reached = false
    try {
      await limit(c, () => {
        reached = true
        return next()
      })
    } catch (error) {
      // What the route throws, and the 413, are rendered as they are.
      if (reached || HttpProblem.isInstance(error)) throw error
      throw brokenOff()
    }
  }
}

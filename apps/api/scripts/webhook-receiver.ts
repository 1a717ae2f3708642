// A local webhook receiver for the README's demo: it checks each delivery twice, with the
// client's `verifyWebhook` and with the reference `standardwebhooks` package, and prints one line
// per delivery. `pnpm --silent webhook-receiver [--port N] [--fail N] [--once]`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { verifyWebhook, WebhookVerificationError } from '@darkroom/client/webhooks'
import { Webhook } from 'standardwebhooks'

/** The gateway's demo secret, documented in the README (base64 of `darkroom demo webhook secret 32b`). */
const DEMO_SECRET = 'whsec_ZGFya3Jvb20gZGVtbyB3ZWJob29rIHNlY3JldCAzMmI='
/** Not 8787: the gateway itself listens there by default, on the same machine in the demo. */
const DEFAULT_PORT = 8788
/** A delivery carries one job snapshot: far below this, so anything bigger is not one. */
const MAX_BODY_BYTES = 1024 * 1024

const USAGE = `Usage: pnpm --silent webhook-receiver [--port N] [--fail N] [--once]
  --port N   listen on 127.0.0.1:N (default ${DEFAULT_PORT}; 0 picks a free port)
  --fail N   answer 500 to the first N verified deliveries, to watch the gateway retry them
  --once     exit with code 0 after the first delivery answered 204
The secret is DARKROOM_WEBHOOK_SECRET (whsec_…), else the gateway's demo secret.`

function usageError(message: string): never {
  console.error(`webhook-receiver: ${message}\n\n${USAGE}`)
  process.exit(2)
}

function count(flag: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback
  if (!/^\d+$/.test(text) || Number(text) > max) {
    usageError(`--${flag} must be a whole number from 0 to ${max}, got "${text}".`)
  }
  return Number(text)
}

const FLAGS = {
  port: { type: 'string' },
  fail: { type: 'string' },
  once: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const

function options() {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FLAGS }>>
  try {
    parsed = parseArgs({ options: FLAGS })
  } catch (error) {
    usageError((error as Error).message)
  }
  if (parsed.values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const fromEnv = process.env.DARKROOM_WEBHOOK_SECRET
  return {
    port: count('port', parsed.values.port, DEFAULT_PORT, 65_535),
    fail: count('fail', parsed.values.fail, 0, 1_000_000),
    once: parsed.values.once,
    secret: fromEnv || DEMO_SECRET,
    secretName: fromEnv ? 'DARKROOM_WEBHOOK_SECRET' : 'the demo secret',
  }
}

/** The raw body, or null once it passes `MAX_BODY_BYTES`. */
async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return null
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** `ok`, or why the client's `verifyWebhook` refused. */
async function clientCheck(body: Buffer, request: IncomingMessage, secret: string) {
  try {
    const event = await verifyWebhook({ body, headers: request.headers }, secret)
    return { ok: true as const, event, result: 'ok' }
  } catch (error) {
    if (!WebhookVerificationError.isInstance(error)) throw error
    return { ok: false as const, event: null, result: error.reason }
  }
}

/** `ok`, or the reference library's own message. */
function referenceCheck(body: Buffer, request: IncomingMessage, secret: string): string {
  try {
    new Webhook(secret).verify(body, request.headers as Record<string, string>)
    return 'ok'
  } catch (error) {
    return JSON.stringify((error as Error).message)
  }
}

function main() {
  const config = options()
  let failuresLeft = config.fail
  const attempts = new Map<string, number>()

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const reply = (status: number, line: string) => {
      console.log(`${line} -> ${status}`)
      response.writeHead(status).end()
      return status
    }
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end()
      return
    }
    const body = await readBody(request)
    const id = String(request.headers['webhook-id'] ?? '(no webhook-id)')
    const attempt = (attempts.get(id) ?? 0) + 1
    attempts.set(id, attempt)
    if (!body) return reply(413, `${id} attempt ${attempt}: body over ${MAX_BODY_BYTES} bytes`)
    const client = await clientCheck(body, request, config.secret)
    const reference = referenceCheck(body, request, config.secret)
    const checks = `verifyWebhook=${client.result} standardwebhooks=${reference}`
    if (!client.ok || reference !== 'ok') {
      // Either refusal is enough: this receiver never acts on a delivery one check doubts.
      return reply(400, `${id} attempt ${attempt}: refused, ${checks}`)
    }
    const { type, data } = client.event
    const line = `${id} attempt ${attempt}: ${type} job=${data.id} state=${data.state} ${checks}`
    if (failuresLeft > 0) {
      failuresLeft -= 1
      return reply(500, `${line} (--fail: ${failuresLeft} more to fail)`)
    }
    if (config.once) response.once('finish', () => server.close(() => process.exit(0)))
    reply(204, line)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('webhook-receiver: could not handle a delivery:', error)
      if (!response.headersSent) response.writeHead(500).end()
    })
  })
  server.once('error', (error: NodeJS.ErrnoException) => {
    const hint = error.code === 'EADDRINUSE' ? ': choose another with --port' : ''
    console.error(
      `webhook-receiver: cannot listen on 127.0.0.1:${config.port}${hint} (${error.code})`,
    )
    process.exit(1)
  })
  server.listen(config.port, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo
    console.log(
      `webhook-receiver listening on http://127.0.0.1:${port}/ (secret: ${config.secretName})`,
    )
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => server.close(() => process.exit(0)))
  }
}

main()

import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.js'
import { DEMO_WEBHOOK_SECRET } from '../src/config-webhooks.js'
import { makeGateway } from './helpers.js'

const SECRET = `whsec_${btoa('a webhook secret of 32 bytes....')}`
const LIVE = {
  DARKROOM_API_KEYS: 'web:web-secret-0123456789,batch:batch-secret-0123456789',
  DARKROOM_TOKEN_SECRET: 'y'.repeat(40),
  SPEEDPIX_APP_KEY: 'k',
  SPEEDPIX_APP_SECRET: 's'.repeat(20),
}

const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig(env)
  } catch (error) {
    return String(error)
  }
  throw new Error('expected the configuration to be refused')
}

describe('DARKROOM_WEBHOOK_SECRETS', () => {
  it('keys each secret by an API key name and redacts it', () => {
    const config = loadConfig({ ...LIVE, DARKROOM_WEBHOOK_SECRETS: `web:${SECRET}` })
    expect(config.webhookSecrets.get('web')).toBe(SECRET)
    expect(config.webhookSecrets.has('batch')).toBe(false)
    expect(config.secrets).toContain(SECRET)
  })

  it.each([
    ['no name', `:${SECRET}`, /entry 1 is not "name:whsec_<base64>"/],
    ['no prefix', `web:${SECRET.slice(6)}`, /entry 1 \("web"\) is not "name:whsec_<base64>"/],
    ['not base64', 'web:whsec_not base64!', /entry 1 \("web"\) is not/],
    [
      'a short key',
      `web:whsec_${btoa('too short')}`,
      /has a key of 9 bytes; Standard Webhooks secrets are 24 to 64 bytes/,
    ],
    [
      'an unknown key',
      `web:${SECRET},mobile:${SECRET}`,
      /entry 2 \("mobile"\) names no API key \(the keys are: web, batch\)/,
    ],
    ['a name twice', `web:${SECRET},web:${SECRET}`, /names "web" twice/],
  ])('refuses %s, naming the entry and never the secret', (_what, value, message) => {
    const text = errorOf({ ...LIVE, DARKROOM_WEBHOOK_SECRETS: value })
    expect(text).toMatch(message)
    expect(text).not.toContain(SECRET.slice(6))
  })

  it('gives every key of a demo gateway the demo secret unless it has its own', () => {
    const config = loadConfig({
      DARKROOM_DEMO: '1',
      DARKROOM_API_KEYS: 'web:web-secret-0123456789',
      DARKROOM_WEBHOOK_SECRETS: `web:${SECRET}`,
    })
    expect(config.webhookSecrets.get('demo')).toBe(DEMO_WEBHOOK_SECRET)
    expect(config.webhookSecrets.get('web')).toBe(SECRET)
    expect(atob(DEMO_WEBHOOK_SECRET.slice(6))).toBe('darkroom demo webhook secret 32b')
  })

  it('reads DARKROOM_WEBHOOK_ALLOW_HOSTS, refusing a URL for a host', () => {
    expect(
      loadConfig({ ...LIVE, DARKROOM_WEBHOOK_ALLOW_HOSTS: 'Hooks.Internal, 10.0.0.5' })
        .webhookAllowHosts,
    ).toEqual(['hooks.internal', '10.0.0.5'])
    expect(errorOf({ ...LIVE, DARKROOM_WEBHOOK_ALLOW_HOSTS: 'https://hooks.internal/' })).toMatch(
      /DARKROOM_WEBHOOK_ALLOW_HOSTS has "https:\/\/hooks.internal\/", which is not a hostname/,
    )
  })
})

describe('webhooks where nothing is kept, or no secret is', () => {
  const body = (webhook: unknown) =>
    JSON.stringify({
      provider: 'speedpix',
      operation: 'txt2img',
      input: { prompt: 'a fox' },
      webhook,
    })

  it('the stateless gateway answers 501 store_required for a webhook and for deliveries', async () => {
    const { request } = makeGateway()
    const created = await request('/v1/jobs', {
      method: 'POST',
      body: body({ url: 'http://127.0.0.1:9/' }),
    })
    expect(created.status).toBe(501)
    expect(await created.json()).toMatchObject({ code: 'store_required' })
    const job = await (await request('/v1/jobs', { method: 'POST', body: body(undefined) })).json()
    const read = await request(`/v1/jobs/${job.id}/deliveries`)
    expect(read.status).toBe(501)
    const again = await request(`/v1/jobs/${job.id}/deliveries/redeliver`, { method: 'POST' })
    expect(again.status).toBe(501)
  })

  it('refuses a webhook from a key without a secret, saying to configure one', async () => {
    const { request } = makeGateway({
      durable: true,
      env: { DARKROOM_DEMO: '0', ...LIVE, DARKROOM_API_KEYS: 'web:web-secret-0123456789' },
    })
    const refused = await request('/v1/jobs', {
      method: 'POST',
      key: 'web-secret-0123456789',
      body: body({ url: 'https://hooks.example.com/' }),
    })
    expect(refused.status).toBe(400)
    const problem = await refused.json()
    expect(problem.errors[0].path).toBe('(webhook)')
    expect(problem.detail).toMatch(
      /no webhook secret .* configure one in DARKROOM_WEBHOOK_SECRETS as web:whsec_/,
    )
  })

  it('in production refuses http, literal loopback and local names at submit', async () => {
    const { request } = makeGateway({
      durable: true,
      env: {
        DARKROOM_DEMO: '0',
        DARKROOM_ENV: 'production',
        ...LIVE,
        DARKROOM_API_KEYS: 'web:web-secret-0123456789',
        DARKROOM_WEBHOOK_SECRETS: `web:${SECRET}`,
      },
    })
    const submit = (url: string) =>
      request('/v1/jobs', { method: 'POST', key: 'web-secret-0123456789', body: body({ url }) })
    for (const [url, reason] of [
      ['http://hooks.example.com/', /must use https/],
      ['https://127.0.0.1/', /loopback/],
      ['https://[::1]:8443/', /loopback/],
      ['https://localhost/', /local name/],
      ['https://100.64.0.9/', /carrier-grade NAT/],
    ] as const) {
      const refused = await submit(url)
      expect(refused.status, url).toBe(400)
      const problem = await refused.json()
      expect(problem.errors[0].path).toBe('(webhook).url')
      expect(problem.detail).toMatch(reason)
    }
    expect((await submit('https://hooks.example.com/in')).status).toBe(202)
  })
})

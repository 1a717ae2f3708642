import { describe, expect, it } from 'vitest'
import { formatPrometheus } from '../src/metrics/prometheus.js'
import { makeGateway, readSse, submitTxt2img } from './helpers.js'
import { parseExposition, sum } from './prometheus-text.js'

const METRICS_KEY = 'metrics-key-0123456789abcdef'

describe('the Prometheus text of /metrics', () => {
  it('writes every family with HELP and TYPE, counters as _total, labels escaped', () => {
    const text = formatPrometheus({
      upstream: [
        { provider: 'speedpix', call: 'status', outcome: 'ok', count: 7 },
        { provider: 'speedpix', call: 'status', outcome: 'a "quoted"\\ \nword', count: 1 },
      ],
      jobs: [{ provider: 'aidge', state: 'queued', count: 2 }],
      watchers: [{ provider: 'speedpix', count: 10 }],
      budget: [
        { provider: 'speedpix', requestsPerSecond: 10, spent: 8 },
        { provider: 'aidge', requestsPerSecond: null, spent: 0 },
      ],
    })
    const parsed = parseExposition(text)
    expect([...parsed.types]).toEqual([
      ['darkroom_upstream_requests_total', 'counter'],
      ['darkroom_jobs_tracked', 'gauge'],
      ['darkroom_watchers', 'gauge'],
      ['darkroom_budget_requests_per_second', 'gauge'],
      ['darkroom_budget_spent_total', 'counter'],
    ])
    expect(parsed.samples).toContainEqual({
      name: 'darkroom_upstream_requests_total',
      labels: { provider: 'speedpix', call: 'status', outcome: 'a "quoted"\\ \nword' },
      value: 1,
    })
    expect(sum(parsed, 'darkroom_budget_requests_per_second', { provider: 'aidge' })).toBe(
      Number.POSITIVE_INFINITY,
    )
    expect(sum(parsed, 'darkroom_watchers')).toBe(10)
  })

  it('is refused by the reader when the format is broken (so the reader can fail)', () => {
    expect(() => parseExposition('x_total 1\n')).toThrow(/TYPE/)
    expect(() => parseExposition('# HELP x a\n# TYPE x counter\nx 1\n')).toThrow(/_total/)
    expect(() => parseExposition('# HELP x a\n# TYPE x gauge\nx{a="b} 1\n')).toThrow(/sample/)
  })
})

describe('GET /metrics', () => {
  it('needs the metrics key, never an API key, and an API route never takes the metrics key', async () => {
    const { request } = makeGateway({ env: { DARKROOM_METRICS_KEY: METRICS_KEY } })
    const anonymous = await request('/metrics', { key: null })
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toContain('darkroom-metrics')
    expect((await request('/metrics')).status).toBe(401)
    expect((await request('/v1/providers', { key: METRICS_KEY })).status).toBe(401)
    const answer = await request('/metrics', { key: METRICS_KEY })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    parseExposition(await answer.text())
  })

  it('takes the demo key in demo mode, and is off without a key in live mode', async () => {
    const demo = makeGateway()
    expect((await demo.request('/metrics')).status).toBe(200)
    const live = makeGateway({
      env: {
        DARKROOM_DEMO: '',
        DARKROOM_API_KEYS: 'ci:live-key-0123456789',
        SPEEDPIX_APP_KEY: 'k',
        SPEEDPIX_APP_SECRET: 's',
      },
    })
    const off = await live.request('/metrics', { key: 'live-key-0123456789' })
    expect(off.status).toBe(404)
    expect(await off.json()).toMatchObject({
      detail: expect.stringContaining('DARKROOM_METRICS_KEY'),
    })
  })

  it("counts a job's upstream requests by provider, call and outcome", async () => {
    const { request, clock } = makeGateway({ env: { DARKROOM_METRICS_KEY: METRICS_KEY } })
    const call = (path: string, init?: RequestInit) => clock.run(request(path, init))
    const job = await submitTxt2img(call, 'a lighthouse [[duration:5]]')
    const events = await clock.run(request(`/v1/jobs/${job.id}/events`).then(readSse))
    expect(JSON.parse(events.events.at(-1)?.data ?? '{}')).toMatchObject({ state: 'succeeded' })
    const text = await (await request('/metrics', { key: METRICS_KEY })).text()
    const parsed = parseExposition(text)
    const requests = 'darkroom_upstream_requests_total'
    expect(sum(parsed, requests, { provider: 'speedpix', call: 'submit' })).toBe(1)
    expect(sum(parsed, requests, { provider: 'speedpix', call: 'status' })).toBeGreaterThan(0)
    expect(sum(parsed, 'darkroom_watchers', { provider: 'speedpix' })).toBe(0)
    expect(text).not.toContain(METRICS_KEY)
  })
})

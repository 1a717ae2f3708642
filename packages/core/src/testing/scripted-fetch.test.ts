import { describe, expect, it } from 'vitest'
import { scriptedFetch } from './scripted-fetch.js'

describe('scriptedFetch', () => {
  it('routes by the most specific key: METHOD /path, /path, METHOD *, then *', async () => {
    const { fetch, calls } = scriptedFetch({
      'POST /a': { text: 'post a' },
      '/a': { text: 'any a' },
      'GET *': { text: 'any get' },
      '*': { text: 'anything' },
    })
    const text = async (method: string, path: string) =>
      (await fetch(`https://x.test${path}`, { method })).text()
    expect(await text('POST', '/a')).toBe('post a')
    expect(await text('PUT', '/a')).toBe('any a')
    expect(await text('GET', '/b')).toBe('any get')
    expect(await text('DELETE', '/b')).toBe('anything')
    expect([calls('POST /a'), calls('/a'), calls('GET *'), calls('*')]).toEqual([1, 1, 1, 1])
  })

  it('answers a queue in order, repeating the last reply (a Response too)', async () => {
    const { fetch } = scriptedFetch({
      '*': [{ status: 503 }, new Response('same', { headers: { 'x-n': '1' } })],
    })
    const answers = []
    for (let i = 0; i < 3; i++) {
      const response = await fetch('https://x.test/')
      answers.push([response.status, await response.text(), response.headers.get('x-n')])
    }
    expect(answers).toEqual([
      [503, '', null],
      [200, 'same', '1'],
      [200, 'same', '1'],
    ])
  })

  it('leaves a request hanging on a reply that never comes, until its signal aborts', async () => {
    const { fetch } = scriptedFetch({ '*': () => new Promise<never>(() => {}) })
    const controller = new AbortController()
    const pending = fetch('https://x.test/', { signal: controller.signal })
    controller.abort(new Error('gave up'))
    await expect(pending).rejects.toThrow('gave up')
  })

  it('builds JSON, text and byte replies with their status and headers', async () => {
    const { fetch } = scriptedFetch({
      '/json': { json: { a: 1 }, status: 201, headers: { 'x-a': 'b' } },
      '/text': { text: '<html>' },
      '/bytes': { bytes: new Uint8Array([1, 2]), headers: { 'content-type': 'image/png' } },
    })
    const json = await fetch('https://x.test/json')
    expect([json.status, json.headers.get('x-a'), await json.json()]).toEqual([201, 'b', { a: 1 }])
    expect(json.headers.get('content-type')).toContain('application/json')
    expect(await (await fetch('https://x.test/text')).text()).toBe('<html>')
    const bytes = await fetch('https://x.test/bytes')
    expect(bytes.headers.get('content-type')).toBe('image/png')
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([1, 2])
  })

  it('computes a reply from the request and the call number of its route', async () => {
    const { fetch } = scriptedFetch({
      '/echo': (request, call) => ({ json: { call, body: request.body, q: request.url.search } }),
    })
    await fetch('https://x.test/echo')
    const second = await fetch('https://x.test/echo?q=1', { method: 'POST', body: 'hi' })
    expect(await second.json()).toEqual({ call: 1, body: 'hi', q: '?q=1' })
  })

  it('throws an Error reply, as fetch rejects when the network fails', async () => {
    const { fetch, requests } = scriptedFetch({ '*': new TypeError('socket hang up') })
    await expect(fetch('https://x.test/')).rejects.toThrow('socket hang up')
    expect(requests).toHaveLength(1)
  })

  it('records method, URL, headers and body text of every request, routed or not', async () => {
    const { fetch, requests } = scriptedFetch({ '/known': { text: 'ok' } })
    await fetch('https://x.test/known?a=1', {
      method: 'PUT',
      headers: { 'x-key': 'k' },
      body: '{"b":2}',
    })
    await fetch('https://x.test/unknown')
    expect(
      requests.map((r) => [r.method, r.url.toString(), r.headers.get('x-key'), r.body]),
    ).toEqual([
      ['PUT', 'https://x.test/known?a=1', 'k', '{"b":2}'],
      ['GET', 'https://x.test/unknown', null, ''],
    ])
  })

  it('answers an unrouted request 404, naming it and the routes there are', async () => {
    const { fetch } = scriptedFetch({ '/a': { text: 'a' }, 'POST /b': { text: 'b' } })
    const response = await fetch('https://x.test/b')
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('scriptedFetch: no route for GET /b (routes: /a, POST /b)')
  })

  it('routes below a path prefix by the rest of the path, and other paths in full', async () => {
    const { fetch } = scriptedFetch(
      { '/ai/query': { text: 'api' }, '/oss/a.png': { text: 'file' } },
      { pathPrefix: '/rest' },
    )
    expect(await (await fetch('https://x.test/rest/ai/query')).text()).toBe('api')
    expect(await (await fetch('https://x.test/oss/a.png')).text()).toBe('file')
    expect((await fetch('https://x.test/ai/query/more')).status).toBe(404)
  })

  it('refuses malformed route keys, empty queues and counts of routes it does not have', () => {
    expect(() => scriptedFetch({ 'scc/sd_txt2img': { text: '' } })).toThrow(
      /route "scc\/sd_txt2img" is not "\*", "\/path", "METHOD \*" or "METHOD \/path"/,
    )
    expect(() => scriptedFetch({ GET: { text: '' } })).toThrow(/route "GET" is not/)
    expect(() => scriptedFetch({ '/a': [] })).toThrow(/route "\/a" has no reply/)
    expect(() => scriptedFetch({ '/a': { text: '' } }).calls('GET')).toThrow(
      /"GET" is not a route \(routes: \/a\)/,
    )
  })
})

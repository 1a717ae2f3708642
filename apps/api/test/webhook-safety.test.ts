import { BlockList, isIPv4 } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeWebhookGuard } from '../src/runtimes/node-webhooks.js'
import { blockedAddress } from '../src/security/blocked-address.js'
import { webhookUrlRefusal } from '../src/security/webhook-url.js'
import { type Receiver, startReceiver } from './webhook-receiver.js'

const PRODUCTION = { httpsOnly: true, allowLoopback: false, allowHosts: [] }
const DEMO = { httpsOnly: false, allowLoopback: true, allowHosts: [] }

/** Node's own range matcher over the ranges the table is meant to hold. */
function nodeBlockList(): BlockList {
  const list = new BlockList()
  for (const [net, bits] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    list.addSubnet(net, bits, 'ipv4')
  for (const [net, bits] of [
    ['::', 127],
    ['fc00::', 7],
    ['fe80::', 10],
    ['fec0::', 10],
    ['ff00::', 8],
    ['2001:db8::', 32],
    ['100::', 64],
  ] as const)
    list.addSubnet(net, bits, 'ipv6')
  return list
}

describe('blockedAddress', () => {
  it('agrees with net.BlockList over every range edge and random addresses', () => {
    const list = nodeBlockList()
    const samples = [
      '8.8.8.8',
      '1.1.1.1',
      '9.255.255.255',
      '11.0.0.0',
      '100.63.255.255',
      '100.128.0.0',
      '172.15.255.255',
      '172.32.0.0',
      '192.167.255.255',
      '192.169.0.0',
      '223.255.255.255',
      '169.253.255.255',
    ]
    for (let i = 0; i < 2000; i++)
      samples.push(Array.from({ length: 4 }, () => Math.floor(Math.random() * 256)).join('.'))
    for (const address of samples) {
      expect(blockedAddress(address) !== null, address).toBe(list.check(address, 'ipv4'))
      // The same address mapped into IPv6 is judged as itself.
      expect(blockedAddress(`::ffff:${address}`) !== null, `::ffff:${address}`).toBe(
        list.check(address, 'ipv4'),
      )
    }
    for (const address of [
      '2606:4700::1111',
      '2001:4860:4860::8888',
      'fbff::1',
      'fe7f::1',
      'ff00::1',
      'fd12:3456::1',
      'fe80::1',
      '::',
      '::1',
      '2001:db8:1::1',
      '2001:db9::1',
    ]) {
      expect(blockedAddress(address) !== null, address).toBe(list.check(address, 'ipv6'))
    }
  })

  it('names loopback, metadata and embedded IPv4 for what they are', () => {
    expect(blockedAddress('127.0.0.1')).toBe('loopback')
    expect(blockedAddress('[::1]')).toBe('loopback')
    expect(blockedAddress('::ffff:127.0.0.1')).toBe('loopback')
    expect(blockedAddress('::ffff:7f00:1')).toBe('loopback')
    expect(blockedAddress('169.254.169.254')).toMatch(/metadata/)
    expect(blockedAddress('fd00:ec2::254')).toMatch(/metadata/)
    expect(blockedAddress('64:ff9b::10.0.0.1')).toMatch(/private/)
    expect(blockedAddress('::ffff:0.0.0.0')).toMatch(/this-network/)
    expect(blockedAddress('hooks.example.com')).toBeNull()
    expect(isIPv4('93.184.216.34') && blockedAddress('93.184.216.34')).toBeNull()
  })
})

describe('webhookUrlRefusal', () => {
  it('in production: https only, no literal private address, no local name', () => {
    expect(webhookUrlRefusal('https://hooks.example.com/in', PRODUCTION)).toBeNull()
    expect(webhookUrlRefusal('http://hooks.example.com/in', PRODUCTION)).toMatch(/https/)
    expect(webhookUrlRefusal('https://127.0.0.1/', PRODUCTION)).toMatch(/loopback/)
    // The URL parser normalizes other spellings of an address first.
    expect(webhookUrlRefusal('https://0x7f.1/', PRODUCTION)).toMatch(/loopback/)
    expect(webhookUrlRefusal('https://2130706433/', PRODUCTION)).toMatch(/loopback/)
    expect(webhookUrlRefusal('https://[::ffff:10.0.0.1]/', PRODUCTION)).toMatch(/private/)
    expect(webhookUrlRefusal('https://localhost/', PRODUCTION)).toMatch(/local name/)
    expect(webhookUrlRefusal('https://api.localhost/', PRODUCTION)).toMatch(/local name/)
    expect(
      webhookUrlRefusal('https://10.0.0.1/', { ...PRODUCTION, allowHosts: ['10.0.0.1'] }),
    ).toBeNull()
  })

  it('in demo mode: http and loopback, but still no private address', () => {
    expect(webhookUrlRefusal('http://127.0.0.1:8787/', DEMO)).toBeNull()
    expect(webhookUrlRefusal('http://localhost:8787/', DEMO)).toBeNull()
    expect(webhookUrlRefusal('http://192.168.1.10/', DEMO)).toMatch(/private/)
    expect(webhookUrlRefusal('http://169.254.169.254/', DEMO)).toMatch(/metadata/)
  })
})

describe('the Node webhook guard', () => {
  const receivers: Receiver[] = []
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()))
  })
  // `rebind.test` resolves to loopback: only the guard's resolver knows it.
  const resolve = async (hostname: string) => {
    if (hostname === 'rebind.test') return [{ address: '127.0.0.1', family: 4 }]
    if (hostname === 'mixed.test')
      return [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.2', family: 4 },
      ]
    if (hostname === 'public.test') return [{ address: '93.184.216.34', family: 4 }]
    throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })
  }

  it('refuses a host any of whose addresses is private, and lets an allowed host through', async () => {
    const guard = nodeWebhookGuard(PRODUCTION, resolve)
    expect(await guard.checkUrl('https://rebind.test/hook')).toMatch(
      /resolves to 127\.0\.0\.1, a loopback/,
    )
    expect(await guard.checkUrl('https://mixed.test/hook')).toMatch(
      /resolves to 10\.0\.0\.2, a private/,
    )
    expect(await guard.checkUrl('https://public.test/hook')).toBeNull()
    const allowed = nodeWebhookGuard({ ...PRODUCTION, allowHosts: ['rebind.test'] }, resolve)
    expect(await allowed.checkUrl('https://rebind.test/hook')).toBeNull()
    await guard.close()
    await allowed.close()
  })

  it('connects only to a checked address: a name resolving to loopback is refused in production', async () => {
    const hook = await startReceiver(() => 204)
    receivers.push(hook)
    const url = `http://rebind.test:${hook.port}/hook`
    const production = nodeWebhookGuard(PRODUCTION, resolve)
    const error = await production
      .fetch(url, { method: 'POST', body: '{}' })
      .catch((e: unknown) => e)
    expect(String((error as { cause?: unknown }).cause)).toMatch(
      /resolved to 127\.0\.0\.1, a loopback address; not connecting/,
    )
    expect(hook.received).toEqual([])
    // The same name through the demo policy's guard reaches the receiver: the guard's own
    // lookup is what the connection used (no real DNS knows rebind.test).
    const demo = nodeWebhookGuard(DEMO, resolve)
    const answer = await demo.fetch(url, { method: 'POST', body: '{}', redirect: 'manual' })
    expect(answer.status).toBe(204)
    expect(hook.received.length).toBe(1)
    await production.close()
    await demo.close()
  })
})

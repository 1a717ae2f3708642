import { VirtualClock } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { createDirectClient } from '../src/direct.js'
import {
  createClient,
  DarkroomApiError,
  type DarkroomClient,
  InvalidInputError,
} from '../src/index.js'
import { emulatedProviders } from './direct-emulators.js'
import { gatewayApp } from './gateway-app.js'

const unit = { module: 'canny', model: 'control_v11p_sd15_canny', inputImage: 'ftp://x/y.png' }

/**
 * Bad requests, each run through both transports. `sameMessages` is false where the two sides
 * word a refusal of their own (a provider the gateway or the direct client does not offer).
 */
const CASES = [
  {
    name: 'a misspelt field',
    request: { provider: 'speedpix', operation: 'txt2img', input: { promt: 'a fox' } },
    paths: ['prompt', 'promt'],
    sameMessages: true,
  },
  {
    name: 'a field of the wrong type',
    request: { provider: 'speedpix', operation: 'txt2img', input: { prompt: 'a', width: 'wide' } },
    paths: ['width'],
    sameMessages: true,
  },
  {
    name: 'no prompt',
    request: { provider: 'aicontent', operation: 'inference', input: { modelId: 'm' } },
    paths: ['prompt'],
    sameMessages: true,
  },
  {
    name: 'a nested field error',
    request: {
      provider: 'speedpix',
      operation: 'txt2img',
      input: { prompt: 'a fox', controlnetUnits: [unit] },
    },
    paths: ['controlnetUnits.0.inputImage'],
    sameMessages: true,
  },
  {
    name: 'an unknown operation',
    request: { provider: 'aidge', operation: 'txt2img', input: { prompt: 'a fox' } },
    paths: ['(operation)'],
    sameMessages: true,
  },
  {
    name: 'input that is not an object',
    request: { provider: 'speedpix', operation: 'txt2img', input: 'a fox' },
    paths: ['(input)'],
    sameMessages: true,
  },
  {
    name: 'a provider id of the wrong shape',
    request: { provider: 'Speed Pix', operation: 'txt2img', input: { prompt: 'a fox' } },
    paths: ['(provider)'],
    sameMessages: true,
  },
  {
    name: 'an unknown provider',
    request: { provider: 'acme', operation: 'txt2img', input: { prompt: 'a fox' } },
    paths: ['(provider)'],
    sameMessages: false,
  },
] as const

async function refusal(client: DarkroomClient, request: unknown): Promise<InvalidInputError> {
  const error = await client.jobs.create(request as never).then(
    () => null,
    (e: unknown) => e,
  )
  expect(InvalidInputError.isInstance(error), String(error)).toBe(true)
  return error as InvalidInputError
}

describe('a bad request is refused alike by both transports', () => {
  const gateway = gatewayApp()
  const remote = createClient({
    baseUrl: 'http://gateway.test',
    apiKey: 'demo',
    fetch: gateway.fetch,
    clock: gateway.clock,
  })
  const direct = createDirectClient(emulatedProviders(new VirtualClock()))

  it.each(CASES)('$name', async ({ request, paths, sameMessages }) => {
    const [fromGateway, inProcess] = await Promise.all([
      refusal(remote, request),
      refusal(direct, request),
    ])
    const sorted = (e: InvalidInputError) =>
      [...e.issues].sort((a, b) => (a.path < b.path ? -1 : 1))
    expect(sorted(inProcess).map((i) => i.path)).toEqual(paths)
    expect(sorted(fromGateway).map((i) => i.path)).toEqual(paths)
    if (sameMessages) expect(sorted(fromGateway)).toEqual(sorted(inProcess))
    for (const issue of [...fromGateway.issues, ...inProcess.issues])
      expect(issue.message.length).toBeGreaterThan(5)

    // The gateway's answer stays reachable: status, request id and the problem document.
    const cause = fromGateway.cause
    expect(DarkroomApiError.isInstance(cause)).toBe(true)
    expect(cause).toMatchObject({ status: 400, code: 'invalid_input', route: 'POST /v1/jobs' })
    expect((cause as DarkroomApiError).requestId).toBeTruthy()
    expect((cause as DarkroomApiError).problem?.errors).toEqual(fromGateway.issues)
  })

  it('words the unknown provider for the side that refuses it', async () => {
    const request = CASES.find((c) => c.name === 'an unknown provider')?.request
    const [fromGateway, inProcess] = await Promise.all([
      refusal(remote, request),
      refusal(direct, request),
    ])
    expect(fromGateway.issues[0]?.message).toMatch(/"acme" is not offered by this gateway/)
    expect(inProcess.issues[0]?.message).toMatch(/"acme" is not configured in createDirectClient/)
  })
})

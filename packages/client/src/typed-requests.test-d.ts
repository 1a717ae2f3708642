// Type tests of the typed job request (vitest typecheck): the seven mistakes a strict project
// must be told about, the calls that must compile, the narrowing, and the escape hatch.
//
// Before this, `input` was `Record<string, unknown>` and `operation` a string: only an unknown
// provider id (6) and a missing `input` were refused; mistakes 1-5 and 7 compiled.
import { describe, expectTypeOf, it } from 'vitest'
import type { DarkroomClient as DirectClient } from './direct.js'
import {
  type CreateJobRequest,
  type DarkroomClient,
  type ImageBytes,
  type Job,
  type SpeedpixTxt2imgInput,
  type UntypedCreateJobRequest,
  untypedRequest,
} from './index.js'

declare const darkroom: DarkroomClient

describe('typed job requests', () => {
  it('refuses the seven mistakes, in jobs.create and in run', () => {
    const prompt = 'a lighthouse at dusk'
    // (1) A misspelt input field.
    // @ts-expect-error `promt` is not a field of speedpix txt2img
    darkroom.jobs.create({ provider: 'speedpix', operation: 'txt2img', input: { promt: prompt } })
    // (2) A field of the wrong type.
    // @ts-expect-error steps is a number
    darkroom.jobs.create({
      provider: 'speedpix',
      operation: 'txt2img',
      input: { prompt, steps: '20' },
    })
    // (3) The required prompt left out.
    // @ts-expect-error prompt is required
    darkroom.jobs.create({ provider: 'speedpix', operation: 'txt2img', input: { width: 512 } })
    // (4) An operation the provider does not run.
    // @ts-expect-error speedpix has txt2img and img2img
    darkroom.jobs.create({ provider: 'speedpix', operation: 'inference', input: { prompt } })
    // (5) Another provider's fields: aicontent's modelId with speedpix.
    // @ts-expect-error modelId is aicontent inference's, not speedpix txt2img's
    darkroom.jobs.create({
      provider: 'speedpix',
      operation: 'txt2img',
      input: { prompt, modelId: 'm' },
    })
    // (6) A provider outside the catalogue.
    // @ts-expect-error no provider "midjourney"
    darkroom.jobs.create({ provider: 'midjourney', operation: 'txt2img', input: { prompt } })
    // (7) The wrong shape: the input wrapped once more, as when forwarding a request body.
    // @ts-expect-error the input's fields are its own, not under `input`
    darkroom.jobs.create({
      provider: 'speedpix',
      operation: 'txt2img',
      input: { input: { prompt } },
    })
    // And a request without its input (refused before too).
    // @ts-expect-error input is required
    darkroom.jobs.create({ provider: 'speedpix', operation: 'txt2img' })

    // run takes the same request type.
    // @ts-expect-error `promt` is not a field of speedpix txt2img
    darkroom.run({ provider: 'speedpix', operation: 'txt2img', input: { promt: prompt } })
    // @ts-expect-error steps is a number
    darkroom.run({ provider: 'speedpix', operation: 'txt2img', input: { prompt, steps: '20' } })
    // @ts-expect-error prompt is required
    darkroom.run({ provider: 'speedpix', operation: 'txt2img', input: {} })
    // @ts-expect-error aidge runs virtual-model only
    darkroom.run({ provider: 'aidge', operation: 'txt2img', input: { model: 'WHITE' } })
    // @ts-expect-error prompt is speedpix's, not aidge virtual-model's
    darkroom.run({
      provider: 'aidge',
      operation: 'virtual-model',
      input: { model: 'WHITE', prompt },
    })
    // @ts-expect-error no provider "midjourney"
    darkroom.run({ provider: 'midjourney', operation: 'txt2img', input: { prompt } })
    // @ts-expect-error the input's fields are its own, not under `input`
    darkroom.run({ provider: 'speedpix', operation: 'txt2img', input: { input: { prompt } } })
  })

  it('accepts the correct calls of every provider', () => {
    expectTypeOf(
      darkroom.jobs.create({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a lighthouse', width: 512, height: 512, steps: 20 },
      }),
    ).toEqualTypeOf<Promise<Job>>()
    expectTypeOf(
      darkroom.run(
        {
          provider: 'speedpix',
          operation: 'img2img',
          input: { prompt: 'oil painting', imageUrls: ['https://example.com/a.png'] },
        },
        { timeoutMs: 60_000, onUpdate: (job) => expectTypeOf(job).toEqualTypeOf<Job>() },
      ),
    ).toEqualTypeOf<Promise<Job>>()
    darkroom.run({
      provider: 'aicontent',
      operation: 'inference',
      input: { modelId: 'model-1', prompt: 'a <special-token> in the snow', count: 2 },
    })
    darkroom.run({
      provider: 'aicontent',
      operation: 'train',
      input: { name: 'rex', objectType: 'dog', imageUrls: ['https://example.com/rex.jpg'] },
    })
    darkroom.run({
      provider: 'aidge',
      operation: 'virtual-model',
      input: { imageUrl: 'https://example.com/shirt.jpg', model: 'WHITE', dimension: '768' },
    })
    expectTypeOf(darkroom.jobs.images('id')).toEqualTypeOf<Promise<ImageBytes[]>>()
  })

  it('narrows the operation by provider and the input by operation', () => {
    type Speedpix = Extract<CreateJobRequest, { provider: 'speedpix' }>
    expectTypeOf<Speedpix['operation']>().toEqualTypeOf<'txt2img' | 'img2img'>()
    type Txt2img = Extract<CreateJobRequest, { operation: 'txt2img' }>
    expectTypeOf<Txt2img['input']>().toEqualTypeOf<SpeedpixTxt2imgInput>()
    expectTypeOf<CreateJobRequest['provider']>().toEqualTypeOf<'aicontent' | 'speedpix' | 'aidge'>()
    const request = {} as CreateJobRequest
    if (request.provider === 'aidge') {
      expectTypeOf(request.operation).toEqualTypeOf<'virtual-model'>()
      expectTypeOf(request.input).toHaveProperty('maskKeepBg')
    }
  })

  it('lets a run-time request through untypedRequest only, on both transports', () => {
    const form: { provider: string; operation: string; input: Record<string, unknown> } = {
      provider: 'speedpix',
      operation: 'txt2img',
      input: { prompt: 'from a form' },
    }
    expectTypeOf(untypedRequest(form)).toEqualTypeOf<UntypedCreateJobRequest>()
    expectTypeOf(darkroom.jobs.create(untypedRequest(form))).toEqualTypeOf<Promise<Job>>()
    expectTypeOf(darkroom.run(untypedRequest(form))).toEqualTypeOf<Promise<Job>>()
    expectTypeOf<DirectClient['run']>().toEqualTypeOf<DarkroomClient['run']>()
    // A literal needs no cast either: the hatch takes any input object.
    untypedRequest({ provider: 'speedpix', operation: 'txt2img', input: { steps: '20' } })
    // @ts-expect-error a plain object of the same shape is not untyped: the hatch is explicit
    darkroom.jobs.create(form)
    // @ts-expect-error nor is it an UntypedCreateJobRequest without the hatch
    const sneaked: UntypedCreateJobRequest = form
    // @ts-expect-error the hatch still wants an input object
    untypedRequest({ provider: 'speedpix', operation: 'txt2img', input: 'a lighthouse' })
    // @ts-expect-error and a provider id that is a string
    untypedRequest({ provider: 1, operation: 'txt2img', input: {} })
    expectTypeOf(sneaked).toEqualTypeOf<UntypedCreateJobRequest>()
  })
})

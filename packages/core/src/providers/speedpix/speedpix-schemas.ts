/**
 * SpeedPix input schemas (strict, with the shared camelCase names) and response schemas
 * (lenient: only the fields the adapter reads, each nullish). Ranges follow Stable Diffusion
 * WebUI's own limits where SpeedPix documents none; the emulator enforces the same ones.
 */

import * as v from 'valibot'

/** Sampler names of Stable Diffusion WebUI 1.7+, the engine behind SpeedPix's WebUI API. */
export const SPEEDPIX_SAMPLERS = [
  'DPM++ 2M Karras',
  'DPM++ SDE Karras',
  'DPM++ 2M SDE Exponential',
  'DPM++ 2M SDE Karras',
  'Euler a',
  'Euler',
  'LMS',
  'Heun',
  'DPM2',
  'DPM2 a',
  'DPM++ 2S a',
  'DPM++ 2M',
  'DPM++ SDE',
  'DPM++ 2M SDE',
  'DPM++ 2M SDE Heun',
  'DPM++ 2M SDE Heun Karras',
  'DPM++ 2M SDE Heun Exponential',
  'DPM++ 3M SDE',
  'DPM++ 3M SDE Karras',
  'DPM++ 3M SDE Exponential',
  'DPM fast',
  'DPM adaptive',
  'LMS Karras',
  'DPM2 Karras',
  'DPM2 a Karras',
  'DPM++ 2S a Karras',
  'Restart',
  'DDIM',
  'PLMS',
  'UniPC',
  'LCM',
] as const

const int = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.integer(`must be a whole number from ${min} to ${max}`),
    v.minValue(min, `must be a whole number from ${min} to ${max}`),
    v.maxValue(max, `must be a whole number from ${min} to ${max}`),
  )

const decimal = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.minValue(min, `must be from ${min} to ${max}`),
    v.maxValue(max, `must be from ${min} to ${max}`),
  )

const side = () =>
  v.pipe(
    int(64, 2048),
    v.multipleOf(8, 'must be a multiple of 8 (Stable Diffusion works on 8-pixel latents)'),
  )

const optionalText = (max: number) =>
  v.pipe(v.string('must be a string'), v.maxLength(max, `must be at most ${max} characters`))

const text = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.check((s) => s.trim() !== '', 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  )

const httpUrl = v.pipe(
  v.string('must be a string holding an http(s) URL'),
  v.url('must be an absolute http(s) URL'),
  v.check((s) => /^https?:\/\//i.test(s), 'must be an http(s) URL'),
  v.maxLength(4096, 'must be at most 4096 characters'),
)

/** Says which field is unknown or missing, instead of valibot's generic messages. */
function strict<const E extends v.ObjectEntries>(entries: E) {
  const known = Object.keys(entries).join(', ')
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return `is not a known field (known: ${known})`
    // valibot reports a missing key with the key, quoted, as what was expected.
    if (issue.received === 'undefined' && issue.expected?.startsWith('"')) return 'is required'
    return `must be an object with the fields ${known}`
  })
}

/** One ControlNet unit; SD WebUI's ControlNet extension accepts up to 3 by default. */
const ControlnetUnitSchema = v.pipe(
  strict({
    module: v.pipe(
      text(100),
      v.description('Preprocessor, e.g. "canny", "depth_midas", "openpose", or "none".'),
    ),
    model: v.pipe(
      text(200),
      v.description('ControlNet model name, e.g. "control_v11p_sd15_canny".'),
    ),
    inputImage: v.pipe(httpUrl, v.description('Control image URL (sent as input_image).')),
    guidanceStart: v.optional(
      v.pipe(decimal(0, 1), v.description('Share of steps before it applies.')),
      0,
    ),
    guidanceEnd: v.optional(
      v.pipe(decimal(0, 1), v.description('Share of steps after which it stops.')),
      1,
    ),
    weight: v.optional(v.pipe(decimal(0, 2), v.description('Strength.')), 1),
  }),
  v.check(
    (unit) => unit.guidanceStart <= unit.guidanceEnd,
    'guidanceStart must not be greater than guidanceEnd',
  ),
)

/** The fields txt2img and img2img share. */
const sharedEntries = {
  prompt: v.pipe(text(2000), v.description('What to draw (at most 2000 characters).')),
  negativePrompt: v.optional(
    v.pipe(optionalText(2000), v.description('What to avoid (sent as negtive_prompt).')),
  ),
  seed: v.optional(
    v.pipe(
      int(-1, 4294967295),
      v.description('-1 lets the service pick one; otherwise 0..4294967295.'),
    ),
    -1,
  ),
  count: v.optional(
    v.pipe(int(1, 8), v.description('Images to generate, 1..8 (sent as batch_size).')),
    1,
  ),
  width: v.optional(v.pipe(side(), v.description('64..2048, a multiple of 8.')), 512),
  height: v.optional(v.pipe(side(), v.description('64..2048, a multiple of 8.')), 512),
  steps: v.optional(v.pipe(int(1, 150), v.description('Sampling steps, 1..150.')), 20),
  cfgScale: v.optional(v.pipe(decimal(1, 30), v.description('Prompt adherence, 1..30.')), 7),
  samplerName: v.optional(
    v.pipe(
      v.picklist(SPEEDPIX_SAMPLERS, `must be one of: ${SPEEDPIX_SAMPLERS.join(', ')}`),
      v.description('Stable Diffusion WebUI sampler; the service default when absent.'),
    ),
  ),
  model: v.optional(
    v.pipe(
      text(200),
      v.description('Checkpoint name (stable_diffusion_model); the pool default when absent.'),
    ),
  ),
  vae: v.optional(v.pipe(text(200), v.description('VAE name (sd_vae), e.g. "Automatic".'))),
  clipSkip: v.optional(v.pipe(int(1, 12), v.description('CLIP layers to skip.'))),
  controlnetUnits: v.optional(
    v.pipe(
      v.array(ControlnetUnitSchema, 'must be an array of ControlNet units'),
      v.maxLength(3, 'must hold at most 3 units'),
      v.description('ControlNet units (alwayson_scripts.controlnet.units).'),
    ),
  ),
}

/** Input of `txt2img`. */
export const Txt2imgInputSchema = strict(sharedEntries)
/** Input of `txt2img`, after defaults. */
export type Txt2imgInput = v.InferOutput<typeof Txt2imgInputSchema>

/** Input of `img2img`: txt2img's fields plus the source image and how far to move from it. */
export const Img2imgInputSchema = strict({
  ...sharedEntries,
  imageUrls: v.pipe(
    v.array(httpUrl, 'must be an array of http(s) URLs'),
    v.minLength(1, 'must hold at least one image URL'),
    v.maxLength(4, 'must hold at most 4 image URLs'),
    v.description('Source image URLs (init_images); the first one drives the result.'),
  ),
  denoisingStrength: v.optional(
    v.pipe(decimal(0, 1), v.description('0 keeps the source, 1 ignores it (denoising_strength).')),
    0.75,
  ),
})
/** Input of `img2img`, after defaults. */
export type Img2imgInput = v.InferOutput<typeof Img2imgInputSchema>

// ---- Responses (lenient: only what is read, all nullish) ----

const code = v.nullish(v.union([v.string(), v.number()]))

/** Every SpeedPix answer's envelope; `data` is checked per call once the envelope is read. */
export const EnvelopeSchema = v.object({
  status: v.nullish(v.union([v.number(), v.string()])),
  apiInvokeId: v.nullish(v.string()),
  data: v.nullish(v.unknown()),
  errCode: code,
  errMessage: v.nullish(v.string()),
  subErrCode: code,
  subErrMessage: v.nullish(v.string()),
  startTime: v.nullish(v.union([v.number(), v.string()])),
  endTime: v.nullish(v.union([v.number(), v.string()])),
})
/** A parsed envelope. */
export type Envelope = v.InferOutput<typeof EnvelopeSchema>

/** `data` of a submit answer. */
export const SubmitDataSchema = v.object({
  taskId: v.pipe(v.string(), v.minLength(1, 'must be a non-empty task id')),
  status: v.nullish(v.string()),
})

/** `data` of a progress answer; `state` is Stable Diffusion WebUI's own progress state. */
export const ProgressDataSchema = v.object({
  taskId: v.nullish(v.string()),
  status: v.string(),
  progress: v.nullish(v.number()),
  lastQueueRemaining: v.nullish(v.number()),
  etaRelative: v.nullish(v.number()),
  message: v.nullish(v.string()),
  state: v.nullish(
    v.object({
      sampling_step: v.nullish(v.number()),
      sampling_steps: v.nullish(v.number()),
    }),
  ),
})
/** A parsed progress `data`. */
export type ProgressData = v.InferOutput<typeof ProgressDataSchema>

/** `data` of a result answer: `images` are expiring URLs (strings, or objects with `url`). */
export const ResultDataSchema = v.object({
  images: v.nullish(
    v.array(v.union([v.string(), v.object({ url: v.string() })], 'must be an image URL')),
  ),
  /** The generation parameters echoed back; only `width` and `height` are read, when numbers. */
  parameters: v.nullish(v.unknown()),
  status: v.nullish(v.string()),
})
/** A parsed result `data`. */
export type ResultData = v.InferOutput<typeof ResultDataSchema>

// Wrapped as `{data}` so a mismatch is reported as `data.<field>`.
/** A submit answer's `data`, wrapped. */
export const SubmitDataEnvelope = v.object({ data: SubmitDataSchema })
/** A progress answer's `data`, wrapped. */
export const ProgressDataEnvelope = v.object({ data: ProgressDataSchema })
/** A result answer's `data`, wrapped. */
export const ResultDataEnvelope = v.object({ data: ResultDataSchema })

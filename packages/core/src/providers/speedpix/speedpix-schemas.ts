/**
 * SpeedPix input schemas (strict, with the shared camelCase names) and response schemas
 * (lenient: only the fields the adapter reads, each nullish). Ranges follow Stable Diffusion
 * WebUI's own limits where SpeedPix documents none; the emulator enforces the same ones.
 */

import * as v from 'valibot'
import { imageInput } from './speedpix-image-input.js'
import { SPEEDPIX_SAMPLERS } from './speedpix-samplers.js'

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

/**
 * One ControlNet unit; SD WebUI's ControlNet extension accepts up to 3 by default. Fields left
 * out are left out on the wire too (the extension's defaults: from 0 to 1, weight 1).
 */
const ControlnetUnitSchema = v.pipe(
  strict({
    /** Preprocessor, e.g. "canny", "depth_midas", "openpose", or "none". */
    module: v.pipe(
      text(100),
      v.description('Preprocessor, e.g. "canny", "depth_midas", "openpose", or "none".'),
    ),
    /** ControlNet model name, e.g. "control_v11p_sd15_canny". */
    model: v.pipe(
      text(200),
      v.description('ControlNet model name, e.g. "control_v11p_sd15_canny".'),
    ),
    /** Control image: an http(s) URL or a base64 data URI (sent as input_image). */
    inputImage: v.pipe(
      imageInput('the control image'),
      v.description('Control image: an http(s) URL or a base64 data URI (sent as input_image).'),
    ),
    /** Share of steps before it applies; 0 when absent. */
    guidanceStart: v.optional(
      v.pipe(decimal(0, 1), v.description('Share of steps before it applies; 0 when absent.')),
    ),
    /** Share of steps after which it stops; 1 when absent. */
    guidanceEnd: v.optional(
      v.pipe(decimal(0, 1), v.description('Share of steps after which it stops; 1 when absent.')),
    ),
    /** Strength; 1 when absent. */
    weight: v.optional(v.pipe(decimal(0, 2), v.description('Strength; 1 when absent.'))),
  }),
  v.check(
    (unit) => (unit.guidanceStart ?? 0) <= (unit.guidanceEnd ?? 1),
    'guidanceStart must not be greater than guidanceEnd',
  ),
)

/**
 * The fields txt2img and img2img share. None has a default here: a field the caller leaves out
 * is left out on the wire, so the resource pool's and the model's own defaults apply (an SDXL
 * pool's sizes, say); the descriptions say what SD WebUI itself uses then.
 */
const sharedEntries = {
  /** What to draw (at most 2000 characters). */
  prompt: v.pipe(text(2000), v.description('What to draw (at most 2000 characters).')),
  /** What to avoid (sent as negtive_prompt). */
  negativePrompt: v.optional(
    v.pipe(optionalText(2000), v.description('What to avoid (sent as negtive_prompt).')),
  ),
  /** Random seed: -1 lets the service pick one (as when absent); otherwise 0..4294967295. */
  seed: v.optional(
    v.pipe(
      int(-1, 4294967295),
      v.description('-1 lets the service pick one (as when absent); otherwise 0..4294967295.'),
    ),
  ),
  /** Images to generate, 1..8 (sent as batch_size); the service makes 1 when absent. */
  count: v.optional(
    v.pipe(
      int(1, 8),
      v.description(
        'Images to generate, 1..8 (sent as batch_size); the service makes 1 when absent.',
      ),
    ),
  ),
  /** Image width in pixels: 64..2048, a multiple of 8; the pool or model default when absent. */
  width: v.optional(
    v.pipe(
      side(),
      v.description('64..2048, a multiple of 8; the pool or model default when absent.'),
    ),
  ),
  /** Image height in pixels: 64..2048, a multiple of 8; the pool or model default when absent. */
  height: v.optional(
    v.pipe(
      side(),
      v.description('64..2048, a multiple of 8; the pool or model default when absent.'),
    ),
  ),
  /** Sampling steps, 1..150; the service default when absent. */
  steps: v.optional(
    v.pipe(int(1, 150), v.description('Sampling steps, 1..150; the service default when absent.')),
  ),
  /** Prompt adherence, 1..30; the service default when absent. */
  cfgScale: v.optional(
    v.pipe(
      decimal(1, 30),
      v.description('Prompt adherence, 1..30; the service default when absent.'),
    ),
  ),
  /** Stable Diffusion WebUI sampler; the service default when absent. */
  samplerName: v.optional(
    v.pipe(
      v.picklist(SPEEDPIX_SAMPLERS, `must be one of: ${SPEEDPIX_SAMPLERS.join(', ')}`),
      v.description('Stable Diffusion WebUI sampler; the service default when absent.'),
    ),
  ),
  /** Checkpoint name (stable_diffusion_model); the pool default when absent. */
  model: v.optional(
    v.pipe(
      text(200),
      v.description('Checkpoint name (stable_diffusion_model); the pool default when absent.'),
    ),
  ),
  /** VAE name (sd_vae), e.g. "Automatic". */
  vae: v.optional(v.pipe(text(200), v.description('VAE name (sd_vae), e.g. "Automatic".'))),
  /** CLIP layers to skip. */
  clipSkip: v.optional(v.pipe(int(1, 12), v.description('CLIP layers to skip.'))),
  /** ControlNet units (alwayson_scripts.controlnet.units). */
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
/** Input of `txt2img`, as validated. */
export type Txt2imgInput = v.InferOutput<typeof Txt2imgInputSchema>

/** Input of `img2img`: txt2img's fields plus the source image and how far to move from it. */
export const Img2imgInputSchema = strict(
  // Not a spread: declaration files keep doc comments of an intersection's members, not of
  // spread properties, and the docs are what editors show on each field.
  Object.assign({}, sharedEntries, {
    /**
     * Source images (init_images), each an http(s) URL or a base64 data URI; the first one drives the
     * result.
     */
    imageUrls: v.pipe(
      v.array(imageInput('the source image'), 'must be an array of image URLs or data URIs'),
      v.minLength(1, 'must hold at least one image'),
      v.maxLength(4, 'must hold at most 4 images'),
      v.description(
        'Source images (init_images), each an http(s) URL or a base64 data URI; the first one drives the result.',
      ),
    ),
    /**
     * 0 keeps the source, 1 ignores it (denoising_strength); the service default (0.75) when absent.
     */
    denoisingStrength: v.optional(
      v.pipe(
        decimal(0, 1),
        v.description(
          '0 keeps the source, 1 ignores it (denoising_strength); the service default (0.75) when absent.',
        ),
      ),
    ),
  }),
)
/** Input of `img2img`, as validated. */
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

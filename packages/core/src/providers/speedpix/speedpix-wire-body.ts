/**
 * How a validated SpeedPix input becomes its wire body: SpeedPix's own names, and only the
 * fields the caller set.
 */
import type { SpeedpixOperation } from './speedpix-operations.js'
import type { Img2imgInput, Txt2imgInput } from './speedpix-schemas.js'

/**
 * Maps a validated input to the wire body, with SpeedPix's own names (`negtive_prompt` sic).
 * Only the fields the caller set are sent, so the pool's and the model's defaults apply to the
 * rest.
 */
export function toWireBody(
  operation: SpeedpixOperation,
  input: Txt2imgInput | Img2imgInput,
): Record<string, unknown> {
  const body = wireFields(input, WIRE_NAMES)
  if (input.controlnetUnits !== undefined) {
    body.alwayson_scripts = {
      controlnet: { units: input.controlnetUnits.map((unit) => wireFields(unit, UNIT_WIRE_NAMES)) },
    }
  }
  if (operation === 'img2img' && 'imageUrls' in input) {
    Object.assign(body, wireFields(input, IMG2IMG_WIRE_NAMES))
  }
  return body
}

/** Wire names of the shared fields, in the order they are sent. */
const WIRE_NAMES = {
  prompt: 'prompt',
  negativePrompt: 'negtive_prompt',
  seed: 'seed',
  count: 'batch_size',
  width: 'width',
  height: 'height',
  steps: 'steps',
  cfgScale: 'cfg_scale',
  samplerName: 'sampler_name',
  model: 'stable_diffusion_model',
  vae: 'sd_vae',
  clipSkip: 'clip_skip',
} as const satisfies Partial<Record<keyof Txt2imgInput, string>>

const IMG2IMG_WIRE_NAMES = {
  imageUrls: 'init_images',
  denoisingStrength: 'denoising_strength',
} as const satisfies Partial<Record<keyof Img2imgInput, string>>

const UNIT_WIRE_NAMES = {
  module: 'module',
  model: 'model',
  inputImage: 'input_image',
  guidanceStart: 'guidance_start',
  guidanceEnd: 'guidance_end',
  weight: 'weight',
} as const

/** The fields of `input` that are set, under their wire names. */
function wireFields<T extends object>(
  input: T,
  names: Partial<Record<keyof T, string>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [field, wire] of Object.entries(names) as [keyof T, string][]) {
    if (input[field] !== undefined) out[wire] = input[field]
  }
  return out
}

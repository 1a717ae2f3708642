/**
 * Checks a submit body the way SpeedPix's backend does: the first wrong parameter is reported as
 * `INVALID_PARAMETER` with a sub code and a message naming it. Limits are Stable Diffusion
 * WebUI's (and the same the adapter's schema documents); unknown fields are ignored, as the
 * WebUI's own API model does.
 */
import { SPEEDPIX_SAMPLERS } from '@darkroom/core/providers/speedpix'
import { base64ToBytes } from '../shared/base64.js'
import { imageFormat } from '../shared/image-format.js'

/** SD WebUI 1.7+ samplers; any other name is refused (the WebUI answers "Sampler not found"). */
export const SAMPLERS: ReadonlySet<string> = new Set(SPEEDPIX_SAMPLERS)

/** A submit's parameters with the service defaults filled in, as echoed back in the result. */
export interface SpeedpixParams {
  prompt: string
  negtive_prompt: string
  seed: number
  batch_size: number
  width: number
  height: number
  steps: number
  cfg_scale: number
  sampler_name: string
  stable_diffusion_model: string | null
  sd_vae: string | null
  clip_skip: number | null
  controlnet_units: Record<string, unknown>[]
  init_images?: string[]
  denoising_strength?: number
}

/** Why a body was refused: `subErrCode` and `subErrMessage` of the envelope. */
export interface ParameterProblem {
  subErrCode:
    | 'MISSING_PARAMETER'
    | 'PARAMETER_TYPE_MISMATCH'
    | 'PARAMETER_OUT_OF_RANGE'
    | 'PARAMETER_NOT_SUPPORTED'
    | 'MALFORMED_REQUEST_BODY'
  message: string
}

class Problem extends Error {
  constructor(readonly problem: ParameterProblem) {
    super(problem.message)
  }
}

const fail = (subErrCode: ParameterProblem['subErrCode'], message: string): never => {
  throw new Problem({ subErrCode, message })
}

const typeName = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value

function num(
  o: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
  def: number,
  opts: { int?: boolean; multipleOf?: number } = {},
): number {
  const value = o[name]
  if (value === undefined || value === null) return def
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail('PARAMETER_TYPE_MISMATCH', `${name} must be a number, got ${typeName(value)}`)
  }
  const kind = opts.int ? 'a whole number' : 'a number'
  const step = opts.multipleOf ? ` and a multiple of ${opts.multipleOf}` : ''
  if (
    (opts.int && !Number.isInteger(value)) ||
    value < min ||
    value > max ||
    (opts.multipleOf && value % opts.multipleOf !== 0)
  ) {
    fail(
      'PARAMETER_OUT_OF_RANGE',
      `${name} must be ${kind} from ${min} to ${max}${step}, got ${value}`,
    )
  }
  return value
}

function str(
  o: Record<string, unknown>,
  name: string,
  max: number,
  required: boolean,
): string | null {
  const value = o[name]
  if (value === undefined || value === null || (required && value === '')) {
    return required ? fail('MISSING_PARAMETER', `${name} is required`) : null
  }
  if (typeof value !== 'string') {
    return fail('PARAMETER_TYPE_MISMATCH', `${name} must be a string, got ${typeName(value)}`)
  }
  if (required && value.trim() === '') fail('MISSING_PARAMETER', `${name} must not be blank`)
  if (value.length > max)
    fail('PARAMETER_OUT_OF_RANGE', `${name} must be at most ${max} characters`)
  return value
}

/** The longest image input, URL or data URI (the adapter's limit too). */
const MAX_IMAGE_CHARS = 10_000_000
const DATA_URI = /^data:image\/[a-z0-9.+-]+;base64,([A-Za-z0-9+/]+={0,2})$/i

/** True for a base64 data URI whose bytes are an image (JPEG, PNG, BMP or WEBP). */
function isImageDataUri(value: string): boolean {
  const payload = DATA_URI.exec(value)?.[1]
  if (!payload) return false
  try {
    return imageFormat(base64ToBytes(payload.slice(0, 64))) !== null
  } catch {
    return false
  }
}

/**
 * An image input: an http(s) URL or a base64 data URI, as the documentation allows. The emulator
 * fetches nothing, so a URL is only checked for its form.
 */
function image(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    return fail('PARAMETER_TYPE_MISMATCH', `${name} must be a string, got ${typeName(value)}`)
  }
  if (value.length > MAX_IMAGE_CHARS) {
    fail('PARAMETER_OUT_OF_RANGE', `${name} must be at most ${MAX_IMAGE_CHARS} characters`)
  }
  if (!(/^https?:\/\/[^\s/]/i.test(value) && URL.canParse(value)) && !isImageDataUri(value)) {
    fail(
      'PARAMETER_TYPE_MISMATCH',
      `${name} must be an http(s) URL or a data:image/...;base64, URI of an image`,
    )
  }
  return value
}

function units(body: Record<string, unknown>): Record<string, unknown>[] {
  const scripts = body.alwayson_scripts
  if (scripts === undefined || scripts === null) return []
  const controlnet = isObject(scripts)
    ? scripts.controlnet
    : fail('PARAMETER_TYPE_MISMATCH', 'alwayson_scripts must be an object')
  if (controlnet === undefined || controlnet === null) return []
  const list = isObject(controlnet) ? controlnet.units : undefined
  if (!Array.isArray(list))
    return fail('PARAMETER_TYPE_MISMATCH', 'alwayson_scripts.controlnet.units must be an array')
  if (list.length > 3)
    fail('PARAMETER_OUT_OF_RANGE', 'alwayson_scripts.controlnet.units holds at most 3 units')
  return list.map((unit: unknown, i) => {
    if (!isObject(unit))
      return fail('PARAMETER_TYPE_MISMATCH', `controlnet unit ${i} must be an object`)
    const start = num(unit, 'guidance_start', 0, 1, 0)
    const end = num(unit, 'guidance_end', 0, 1, 1)
    if (start > end)
      fail(
        'PARAMETER_OUT_OF_RANGE',
        `controlnet unit ${i}: guidance_start must not exceed guidance_end`,
      )
    return {
      module: str(unit, 'module', 100, true),
      model: str(unit, 'model', 200, true),
      input_image:
        unit.input_image == null
          ? fail('MISSING_PARAMETER', 'input_image is required')
          : image(unit.input_image, `controlnet unit ${i} input_image`),
      guidance_start: start,
      guidance_end: end,
      weight: num(unit, 'weight', 0, 2, 1),
    }
  })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Validates a submit body; returns the parameters with defaults, or the first problem. */
export function validateSubmit(
  operation: 'txt2img' | 'img2img',
  body: unknown,
): { ok: true; params: SpeedpixParams } | { ok: false; problem: ParameterProblem } {
  try {
    if (!isObject(body))
      return fail('MALFORMED_REQUEST_BODY', 'the request body must be a JSON object')
    const params: SpeedpixParams = {
      prompt: str(body, 'prompt', 2000, true) as string,
      negtive_prompt: str(body, 'negtive_prompt', 2000, false) ?? '',
      batch_size: num(body, 'batch_size', 1, 8, 1, { int: true }),
      width: num(body, 'width', 64, 2048, 512, { int: true, multipleOf: 8 }),
      height: num(body, 'height', 64, 2048, 512, { int: true, multipleOf: 8 }),
      steps: num(body, 'steps', 1, 150, 20, { int: true }),
      cfg_scale: num(body, 'cfg_scale', 1, 30, 7),
      seed: num(body, 'seed', -1, 4294967295, -1, { int: true }),
      sampler_name: str(body, 'sampler_name', 100, false) ?? 'DPM++ 2M Karras',
      stable_diffusion_model: str(body, 'stable_diffusion_model', 200, false),
      sd_vae: str(body, 'sd_vae', 200, false),
      clip_skip: body.clip_skip == null ? null : num(body, 'clip_skip', 1, 12, 1, { int: true }),
      controlnet_units: units(body),
    }
    if (!SAMPLERS.has(params.sampler_name)) {
      fail(
        'PARAMETER_NOT_SUPPORTED',
        `sampler_name "${params.sampler_name.slice(0, 60)}" is not supported`,
      )
    }
    if (operation === 'img2img') {
      const images = body.init_images
      if (images === undefined || images === null)
        fail('MISSING_PARAMETER', 'init_images is required')
      if (!Array.isArray(images)) {
        fail('PARAMETER_TYPE_MISMATCH', 'init_images must be a list of image URLs or data URIs')
      }
      const list = images as unknown[]
      if (list.length < 1 || list.length > 4)
        fail('PARAMETER_OUT_OF_RANGE', 'init_images must hold 1 to 4 images')
      params.init_images = list.map((item, i) => image(item, `init_images.${i}`))
      params.denoising_strength = num(body, 'denoising_strength', 0, 1, 0.75)
    }
    return { ok: true, params }
  } catch (error) {
    if (error instanceof Problem) return { ok: false, problem: error.problem }
    throw error
  }
}

/** Reads `{taskId}` of the progress and result calls. */
export function readTaskId(
  body: unknown,
): { ok: true; taskId: string } | { ok: false; problem: ParameterProblem } {
  if (!isObject(body))
    return {
      ok: false,
      problem: {
        subErrCode: 'MALFORMED_REQUEST_BODY',
        message: 'the request body must be a JSON object',
      },
    }
  const taskId = body.taskId
  if (taskId === undefined || taskId === null || taskId === '') {
    return {
      ok: false,
      problem: { subErrCode: 'MISSING_PARAMETER', message: 'taskId is required' },
    }
  }
  if (typeof taskId !== 'string') {
    return {
      ok: false,
      problem: {
        subErrCode: 'PARAMETER_TYPE_MISMATCH',
        message: `taskId must be a string, got ${typeName(taskId)}`,
      },
    }
  }
  return { ok: true, taskId }
}

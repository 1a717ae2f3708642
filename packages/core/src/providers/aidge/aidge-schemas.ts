/**
 * The strict input schema of `virtual-model` and the lenient schemas of Aidge's answers (only
 * the fields the adapter reads, each nullish; cosmetic text fields fall back to null rather
 * than failing a whole answer).
 */
import * as v from 'valibot'
import { base64Head, sniffImageMimeType } from '../shared/index.js'

/** The documented model types: the old ethnicity words and the newer universal models. */
export const AIDGE_MODELS = [
  'WHITE',
  'BLACK',
  'YELLOW',
  'BROWN',
  'universal_model_1',
  'universal_model_2',
  'universal_model_3',
  'universal_model_4',
] as const

/** The input image may weigh at most 4 MB (decoded). */
export const AIDGE_MAX_IMAGE_BYTES = 4 * 1024 * 1024
/** Output width range; the height is 4/3 of it (portrait), so 1536 gives 1536×2048. */
export const AIDGE_DIMENSION_RANGE = { min: 512, max: 1536 } as const
/** Images per task. */
export const AIDGE_COUNT_RANGE = { min: 1, max: 4 } as const

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
/** The input formats Aidge documents. */
const AIDGE_IMAGE_MIMES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/bmp',
  'image/webp',
])
const DATA_URL = /^data:image\/[a-z0-9.+-]+;base64,/i
const MAX_BASE64_CHARS = Math.ceil(AIDGE_MAX_IMAGE_BYTES / 3) * 4

const isHttpUrl = (value: string): boolean => /^https?:\/\//i.test(value)

/** `"768"` or `768`, as an integer in a range. */
function integerField(name: string, range: { min: number; max: number }, what: string) {
  const message = `${name} must be an integer from ${range.min} to ${range.max} (${what})`
  return v.pipe(
    v.union([v.number(message), v.pipe(v.string(message), v.regex(/^\s*\d+\s*$/, message))]),
    v.transform((value) => Number(value)),
    v.integer(message),
    v.minValue(range.min, message),
    v.maxValue(range.max, message),
  )
}

const fields = {
  /**
   * The garment photo to dress a virtual model in: a public http(s) URL of a JPEG, PNG, BMP or WEBP
   * image, 512×512 to 3000×3000 pixels, at most 4 MB. Give this or imageBase64.
   */
  imageUrl: v.optional(
    v.pipe(
      v.string('imageUrl must be a string'),
      v.url('imageUrl must be an absolute http(s) URL of a JPEG, PNG, BMP or WEBP image'),
      v.check(isHttpUrl, 'imageUrl must use http or https'),
      v.description(
        'The garment photo to dress a virtual model in: a public http(s) URL of a JPEG, PNG, BMP or WEBP image, 512×512 to 3000×3000 pixels, at most 4 MB. Give this or imageBase64.',
      ),
    ),
  ),
  /**
   * The garment photo as base64 (a data: URL prefix is accepted and removed). Wins over imageUrl
   * when both are given.
   */
  imageBase64: v.optional(
    v.pipe(
      v.string('imageBase64 must be a string'),
      v.transform((value) => value.replace(DATA_URL, '').trim()),
      v.regex(BASE64, 'imageBase64 must be standard base64 (A-Z a-z 0-9 + /, = padding)'),
      v.maxLength(MAX_BASE64_CHARS, 'imageBase64 must decode to at most 4 MB'),
      v.check(
        (value) => AIDGE_IMAGE_MIMES.has(sniffImageMimeType(base64Head(value)) ?? ''),
        'imageBase64 must be a JPEG, PNG, BMP or WEBP image',
      ),
      v.description(
        'The garment photo as base64 (a data: URL prefix is accepted and removed). Wins over imageUrl when both are given.',
      ),
    ),
  ),
  /** Rendering style; the provider documents only realPhoto. */
  imageStyle: v.optional(
    v.pipe(
      v.picklist(['realPhoto'], 'imageStyle must be "realPhoto"'),
      v.description('Rendering style; the provider documents only realPhoto.'),
    ),
    'realPhoto',
  ),
  /** Which virtual model wears the garment. */
  model: v.pipe(
    v.picklist(AIDGE_MODELS, `model must be one of ${AIDGE_MODELS.join(', ')}`),
    v.description('Which virtual model wears the garment.'),
  ),
  /** Gender of the model; detected from the garment when omitted. */
  gender: v.optional(
    v.pipe(
      v.picklist(['MALE', 'FEMALE'], 'gender must be MALE or FEMALE'),
      v.description('Gender of the model; detected from the garment when omitted.'),
    ),
  ),
  /** Age group of the model, an upper-case word such as YOUTH or ADULT. */
  age: v.optional(
    v.pipe(
      v.string('age must be a string'),
      v.regex(/^[A-Z][A-Z_]{0,31}$/, 'age must be an upper-case age group word such as YOUTH'),
      v.description('Age group of the model, an upper-case word such as YOUTH or ADULT.'),
    ),
  ),
  /** Background scene, e.g. room. */
  bgStyle: v.optional(
    v.pipe(
      v.string('bgStyle must be a string'),
      v.trim(),
      v.minLength(1, 'bgStyle must not be empty'),
      v.maxLength(200, 'bgStyle must be at most 200 characters'),
      v.description('Background scene, e.g. room.'),
    ),
  ),
  /** Output width in pixels; images are portrait 3:4 (768 gives 768×1024). */
  dimension: v.optional(
    v.pipe(
      integerField('dimension', AIDGE_DIMENSION_RANGE, 'output width in pixels, e.g. 768'),
      v.description('Output width in pixels; images are portrait 3:4 (768 gives 768×1024).'),
    ),
  ),
  /** Number of images to generate. */
  count: v.optional(
    v.pipe(
      integerField('count', AIDGE_COUNT_RANGE, 'number of images'),
      v.description('Number of images to generate.'),
    ),
  ),
  /** Keep the original photo's background instead of generating one. */
  maskKeepBg: v.optional(
    v.pipe(
      v.boolean('maskKeepBg must be true or false'),
      v.description("Keep the original photo's background instead of generating one."),
    ),
  ),
}

/** Messages of the object itself: not an object, a missing required field, an unknown field. */
function objectMessage(issue: v.BaseIssue<unknown>): string {
  const key = issue.path?.at(-1)?.key
  if (issue.expected === 'never')
    return `unknown field "${String(key)}": not an input of aidge virtual-model`
  if (key === 'model') return `model is required: one of ${AIDGE_MODELS.join(', ')}`
  if (key !== undefined) return `${String(key)} is required`
  return 'the input must be an object with the virtual-model fields (imageUrl or imageBase64, model, ...)'
}

/** Input of the `virtual-model` operation (camelCase, as the provider spells it). */
export const VirtualModelInputSchema = v.pipe(
  v.strictObject(fields, objectMessage),
  v.forward(
    v.partialCheck(
      [['imageUrl'], ['imageBase64']],
      (input) => input.imageUrl !== undefined || input.imageBase64 !== undefined,
      'imageUrl or imageBase64 is required: give the garment photo as a URL or as base64',
    ),
    ['imageUrl'],
  ),
)
/** Validated input of `virtual-model`, numbers parsed and defaults filled. */
export type VirtualModelInput = v.InferOutput<typeof VirtualModelInputSchema>

/** Text we only show (messages, request ids): a wrong type means null, not a failed answer. */
const text = v.fallback(v.nullish(v.string()), null)
const code = v.nullish(v.union([v.number(), v.string()]))

/** Both envelopes at once: business `{success, resCode, ...}` and platform `{code, type, ...}`. */
export const AidgeEnvelopeSchema = v.object({
  requestId: text,
  success: v.nullish(v.boolean()),
  resCode: code,
  resMessage: text,
  data: v.optional(v.unknown()),
  code: code,
  type: text,
  message: text,
  request_id: text,
})
/** A parsed envelope. */
export type AidgeEnvelope = v.InferOutput<typeof AidgeEnvelopeSchema>

const taskId = v.pipe(v.string(), v.minLength(1))

/** Submit `data`: the task id is at `data.result.taskId` (doc) or `data.taskId` (samples). */
export const SubmitDataSchema = v.object({
  taskId: v.nullish(taskId),
  result: v.nullish(v.object({ taskId: v.nullish(taskId) })),
})

const dimensionValue = v.fallback(v.nullish(v.union([v.number(), v.string()])), null)

/** One result entry: `url` (samples) or `imageUrlList` (doc table, a string or a list). */
export const TaskResultItemSchema = v.object({
  url: v.nullish(v.string()),
  imageUrlList: v.nullish(v.union([v.string(), v.array(v.string())])),
  width: dimensionValue,
  height: dimensionValue,
})

/** Query `data`. */
export const QueryDataSchema = v.object({
  taskId: v.nullish(v.string()),
  taskStatus: v.string(),
  taskMessage: text,
  taskResult: v.nullish(v.union([v.array(TaskResultItemSchema), TaskResultItemSchema])),
})
/** Parsed query `data`. */
export type QueryData = v.InferOutput<typeof QueryDataSchema>

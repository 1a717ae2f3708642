/**
 * What `aicontent` accepts from callers (strict) and what we read from its answers (lenient:
 * only the fields we use, each nullish, so a new field or a missing optional one never breaks).
 */
import * as v from 'valibot'

/**
 * `strength` values the service accepts for pre-model inference
 * (docs/providers.md#aicontent-inputs).
 */
export const AICONTENT_STRENGTHS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] as const

/** The service's documented `seed` range; -1 (or no seed) lets it pick one. */
export const AICONTENT_SEED_MAX = 2_147_483_647

/** The service treats any `imageNumber` above 10 as 10; Darkroom refuses it instead of hiding it. */
export const AICONTENT_MAX_IMAGES = 10

/**
 * One message function for the three object-level problems valibot reports with the object's
 * message: not an object at all, a missing required field, an unknown field.
 */
function objectMessage(required: readonly string[], allowed: readonly string[]) {
  return (issue: v.BaseIssue<unknown>): string => {
    if (issue.expected === 'never') {
      return `unknown field; allowed fields are ${allowed.join(', ')}`
    }
    if (issue.input === undefined && issue.expected?.startsWith('"')) {
      return `required field is missing (required: ${required.join(', ')})`
    }
    return `expected an object with ${required.join(', ')}, got ${issue.received}`
  }
}

const text = (what: string, max: number) =>
  v.pipe(
    v.string(`expected ${what} (a string)`),
    v.trim(),
    v.nonEmpty(`expected ${what}, got an empty string`),
    v.maxLength(max, `expected ${what} of at most ${max} characters`),
  )

const prompt = v.pipe(
  text('an English prompt that names the subject with <special-token>', 2000),
  v.description(
    'English prompt; name the trained subject with the special token, e.g. "a <special-token> in the snow".',
  ),
)

const count = v.optional(
  v.pipe(
    v.number('expected the number of images (an integer from 1 to 10)'),
    v.integer('expected an integer number of images'),
    v.minValue(1, 'expected at least 1 image'),
    v.maxValue(
      AICONTENT_MAX_IMAGES,
      'expected at most 10 images (the service caps imageNumber at 10)',
    ),
    v.description('Number of images to generate, 1 to 10. Default 1.'),
  ),
)

const seed = v.optional(
  v.pipe(
    v.number('expected a seed (an integer from -1 to 2147483647)'),
    v.integer('expected an integer seed'),
    v.minValue(-1, 'expected a seed of at least -1'),
    v.maxValue(AICONTENT_SEED_MAX, 'expected a seed of at most 2147483647'),
    v.description('Random seed for reproducible images; -1 or absent lets the service pick one.'),
  ),
)

const trainSteps = v.optional(
  v.pipe(
    v.number('expected trainSteps (a positive integer, e.g. 800)'),
    v.integer('expected an integer number of training steps'),
    v.minValue(1, 'expected at least 1 training step'),
    v.maxValue(10_000, 'expected at most 10000 training steps'),
    v.description('Training steps, e.g. 800. Default: the service decides.'),
  ),
)

const imageUrls = v.pipe(
  v.array(
    v.pipe(
      v.string('expected an image URL (a string)'),
      v.url('expected an absolute image URL'),
      v.regex(/^https?:\/\//i, 'expected an http(s) image URL the service can download'),
    ),
    'expected imageUrls (a list of image URLs)',
  ),
  v.minLength(1, 'expected at least one image URL'),
  v.maxLength(20, 'expected at most 20 image URLs'),
  v.description('Reference images of the subject, as publicly fetchable http(s) URLs.'),
)

/** Input of `inference`: images from a model trained with `train`. */
export const InferenceInputSchema = v.strictObject(
  {
    /** The trained model to use: the job id of a finished `train` job. */
    modelId: v.pipe(
      text('a modelId (the id of a model trained with the train operation)', 200),
      v.description('The trained model to use: the job id of a finished `train` job.'),
    ),
    /**
     * English prompt; name the trained subject with the special token, e.g. "a <special-token> in
     * the snow".
     */
    prompt,
    /** Number of images to generate, 1 to 10. Default 1. */
    count,
    /** Random seed for reproducible images; -1 or absent lets the service pick one. */
    seed,
  },
  objectMessage(['modelId', 'prompt'], ['modelId', 'prompt', 'count', 'seed']),
)
/** Input of `inference`. */
export type InferenceInput = v.InferOutput<typeof InferenceInputSchema>

/** Input of `premodel-inference`: images of the subject in the reference images, no training job. */
export const PreModelInputSchema = v.strictObject(
  {
    /** Reference images of the subject, as publicly fetchable http(s) URLs. */
    imageUrls,
    /**
     * English prompt; name the trained subject with the special token, e.g. "a <special-token> in
     * the snow".
     */
    prompt,
    /** Training steps, e.g. 800. Default: the service decides. */
    trainSteps,
    /** Number of images to generate, 1 to 10. Default 1. */
    count,
    /** Random seed for reproducible images; -1 or absent lets the service pick one. */
    seed,
    /**
     * How strongly the reference images shape the result (0.3 to 0.8 in steps of 0.1). Default
     * 0.5.
     */
    strength: v.optional(
      v.pipe(
        v.picklist(AICONTENT_STRENGTHS, 'expected a strength of 0.3, 0.4, 0.5, 0.6, 0.7 or 0.8'),
        v.description(
          'How strongly the reference images shape the result (0.3 to 0.8 in steps of 0.1). Default 0.5.',
        ),
      ),
    ),
  },
  objectMessage(
    ['imageUrls', 'prompt'],
    ['imageUrls', 'prompt', 'trainSteps', 'count', 'seed', 'strength'],
  ),
)
/** Input of `premodel-inference`. */
export type PreModelInput = v.InferOutput<typeof PreModelInputSchema>

/** Input of `train`: a custom model of one subject. */
export const TrainInputSchema = v.strictObject(
  {
    /** A name for the model. */
    name: v.pipe(text('a model name', 100), v.description('A name for the model.')),
    /** What the subject is, in one English word: dog, girl, man, panda... */
    objectType: v.pipe(
      v.string('expected objectType (one English word, e.g. dog or girl)'),
      v.trim(),
      v.regex(/^[A-Za-z]{1,32}$/, 'expected objectType to be one English word, e.g. dog or girl'),
      v.description('What the subject is, in one English word: dog, girl, man, panda...'),
    ),
    /** Reference images of the subject, as publicly fetchable http(s) URLs. */
    imageUrls,
    /** Training steps, e.g. 800. Default: the service decides. */
    trainSteps,
  },
  objectMessage(
    ['name', 'objectType', 'imageUrls'],
    ['name', 'objectType', 'imageUrls', 'trainSteps'],
  ),
)
/** Input of `train`. */
export type TrainInput = v.InferOutput<typeof TrainInputSchema>

// ---- answers -------------------------------------------------------------------------------

const id = v.pipe(
  v.union([v.pipe(v.string(), v.nonEmpty()), v.pipe(v.number(), v.finite())]),
  v.transform(String),
)

/** The service's envelope; `success` alone decides (its own success example says UNKNOWN_ERROR). */
export const EnvelopeSchema = v.looseObject({
  requestId: v.nullish(v.string()),
  success: v.nullish(v.boolean()),
  errCode: v.nullish(v.string()),
  errMessage: v.nullish(v.string()),
  httpStatusCode: v.nullish(v.number()),
  data: v.nullish(v.unknown()),
})
/** The service's envelope. */
export type Envelope = v.InferOutput<typeof EnvelopeSchema>

/** The API gateway's own error body (signature, key and throttling failures). */
export const GatewayErrorSchema = v.looseObject({
  RequestId: v.nullish(v.string()),
  Code: v.string(),
  Message: v.nullish(v.string()),
})

/** `data` of an inference job (custom or pre-model), from submit or the job-info calls. */
export const InferenceJobDataSchema = v.looseObject({
  id,
  promptId: v.nullish(id),
  modelId: v.nullish(id),
  jobStatus: v.nullish(v.string()),
  jobTrainProgress: v.nullish(v.number()),
  resultImageUrl: v.nullish(v.array(v.string())),
  createTime: v.nullish(v.string()),
})
/** `data` of an inference job. */
export type InferenceJobData = v.InferOutput<typeof InferenceJobDataSchema>

/** `data` of the train submit: the model id is what every later call uses. */
export const TrainJobDataSchema = v.looseObject({
  id: v.nullish(id),
  modelId: id,
  jobStatus: v.nullish(v.string()),
  jobTrainProgress: v.nullish(v.number()),
  createTime: v.nullish(v.string()),
})
/** `data` of the train submit. */
export type TrainJobData = v.InferOutput<typeof TrainJobDataSchema>

/** `data` of queryModelTrainStatus: only the status word is documented; progress is read if sent. */
export const TrainStatusDataSchema = v.looseObject({
  modelTrainStatus: v.string(),
  jobTrainProgress: v.nullish(v.number()),
  createTime: v.nullish(v.string()),
})
/** `data` of queryModelTrainStatus. */
export type TrainStatusData = v.InferOutput<typeof TrainStatusDataSchema>

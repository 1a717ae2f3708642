/**
 * Body checks of the three submit calls, the way the service reports them: any missing or
 * unusable field is `B_PARAMETER_NOT_FOUND_EXCEPTION` (HTTP 400), the one parameter code it
 * documents. Documented leniencies are kept: `imageNumber` above 10 counts as 10, and a `seed`
 * outside [-1, 2147483647] (or -1, or none) lets the service pick one.
 */

/** The result of a check: the cleaned request, or what is wrong with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; detail: string }

/** A cleaned inference request (custom model or pre-model). */
export interface InferenceRequest {
  prompt: string
  imageNumber: number
  /** Null when the service picks the seed. */
  seed: number | null
  modelId?: string
  imageUrl?: string[]
  trainSteps?: number
  strength?: number
}

/** A cleaned training request. */
export interface TrainRequest {
  name: string
  objectType: string
  imageUrl: string[]
  trainSteps: number | null
}

const STRENGTHS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
const SEED_MAX = 2_147_483_647
/** What `imageNumber` means when absent: the documentation's example value. */
const DEFAULT_IMAGE_NUMBER = 1

class Refusal extends Error {}

type Body = Record<string, unknown>

function parseBody(text: string): Body {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Refusal('the request body is not JSON')
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Refusal('the request body must be a JSON object')
  }
  return json as Body
}

function requiredString(body: Body, field: string): string {
  const value = body[field]
  if (typeof value !== 'string' || value.trim() === '') throw new Refusal(field)
  return value
}

function optionalInteger(body: Body, field: string, min: number): number | null {
  const value = body[field]
  if (value === undefined || value === null) return null
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Refusal(`${field} must be an integer of at least ${min}`)
  }
  return value
}

function imageUrls(body: Body): string[] {
  const value = body.imageUrl
  if (!Array.isArray(value) || value.length === 0) throw new Refusal('imageUrl')
  if (!value.every((url) => typeof url === 'string' && url.trim() !== '')) {
    throw new Refusal('imageUrl must be a list of image URLs')
  }
  return value as string[]
}

function common(body: Body): InferenceRequest {
  const prompt = requiredString(body, 'prompt')
  const imageNumber = Math.min(10, optionalInteger(body, 'imageNumber', 1) ?? DEFAULT_IMAGE_NUMBER)
  const rawSeed = body.seed
  if (rawSeed !== undefined && rawSeed !== null && typeof rawSeed !== 'number') {
    throw new Refusal('seed must be a number')
  }
  const seed =
    typeof rawSeed === 'number' && Number.isInteger(rawSeed) && rawSeed >= 0 && rawSeed <= SEED_MAX
      ? rawSeed
      : null
  return { prompt, imageNumber, seed }
}

function check<T>(text: string, build: (body: Body) => T): Checked<T> {
  try {
    return { ok: true, value: build(parseBody(text)) }
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, detail: error.message }
    throw error
  }
}

/** `addInferenceJob`: a trained model and a prompt. */
export function checkInference(text: string): Checked<InferenceRequest> {
  return check(text, (body) => {
    const modelId = requiredString(body, 'modelId')
    return { ...common(body), modelId }
  })
}

/** `addPreModelInferenceJob`: reference images and a prompt. */
export function checkPreModel(text: string): Checked<InferenceRequest> {
  return check(text, (body) => {
    const request: InferenceRequest = { ...common(body), imageUrl: imageUrls(body) }
    const trainSteps = optionalInteger(body, 'trainSteps', 1)
    if (trainSteps !== null) request.trainSteps = trainSteps
    const strength = body.strength
    if (strength !== undefined && strength !== null) {
      const match =
        typeof strength === 'number' ? STRENGTHS.find((s) => Math.abs(s - strength) < 1e-9) : null
      if (match === undefined || match === null) {
        throw new Refusal(`strength must be one of ${STRENGTHS.join(', ')}`)
      }
      request.strength = match
    }
    return request
  })
}

/** `addModelTrainJob`: a name, a one-word subject type and reference images. */
export function checkTrain(text: string): Checked<TrainRequest> {
  return check(text, (body) => ({
    name: requiredString(body, 'name'),
    objectType: requiredString(body, 'objectType'),
    imageUrl: imageUrls(body),
    trainSteps: optionalInteger(body, 'trainSteps', 1),
  }))
}

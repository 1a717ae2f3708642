/**
 * The three `aicontent` operations: their specs, and which calls (action, path, wire fields)
 * carry each of them. Kept as data so the adapter's control flow is the same for all three.
 */
import type { JobHandle } from '../../model/handle.js'
import type { OperationSpec } from '../../spec/adapter.js'
import {
  type InferenceInput,
  InferenceInputSchema,
  type PreModelInput,
  PreModelInputSchema,
  type TrainInput,
  TrainInputSchema,
} from './aicontent-schemas.js'
import type { AicontentCall } from './aicontent-signing.js'

/** Every path of the service starts here. */
export const AICONTENT_PATH_PREFIX = '/api/v1/personalizedtxt2img'

/** Which status call (and which image call) a job needs; they differ per operation. */
export type AicontentJobKind = 'custom' | 'premodel' | 'train'

/** One operation: its public spec, how it is submitted and how its status is asked. */
export interface AicontentOperation {
  kind: AicontentJobKind
  spec: OperationSpec
  /** The submit call for an input already validated by `spec.input`. */
  submitCall(input: unknown): AicontentCall
  /** The status call for a job of this operation. */
  statusCall(handle: JobHandle): AicontentCall
}

/** Wire fields shared by both inference kinds: `count` is `imageNumber` on the wire. */
function common(input: { prompt: string; count?: number | undefined; seed?: number | undefined }) {
  return {
    ...(input.count !== undefined && { imageNumber: input.count }),
    prompt: input.prompt,
    ...(input.seed !== undefined && { seed: input.seed }),
  }
}

const inferenceCapabilities = { progress: true, queuePosition: false, eta: false, imageUrls: false }

const inferenceSpec = {
  name: 'inference',
  label: 'Images from a trained model',
  description:
    'Generates images of the subject of a custom model trained with the train operation (pass that job id as modelId). Name the subject in the prompt with <special-token>, e.g. "a <special-token> in the snow".',
  input: InferenceInputSchema,
  capabilities: inferenceCapabilities,
  timing: { minMs: 3000, typicalMs: 15_000 },
} as const satisfies OperationSpec

const inference: AicontentOperation = {
  kind: 'custom',
  spec: inferenceSpec,
  submitCall(raw) {
    const input = raw as InferenceInput
    // Alphabetical keys, as the official SDK serializes them.
    const { imageNumber, prompt, seed } = common(input)
    return {
      method: 'POST',
      path: `${AICONTENT_PATH_PREFIX}/addInferenceJob`,
      action: 'Personalizedtxt2imgAddInferenceJob',
      body: { imageNumber, modelId: input.modelId, prompt, seed },
    }
  },
  statusCall: (handle) => ({
    method: 'GET',
    path: `${AICONTENT_PATH_PREFIX}/queryInferenceJobInfo`,
    action: 'Personalizedtxt2imgQueryInferenceJobInfo',
    query: { inferenceJobId: handle.providerJobId },
  }),
}

const premodelSpec = {
  name: 'premodel-inference',
  label: 'Images from reference photos',
  description:
    'Generates images of the subject shown in a few reference images, on a pre-trained model, without a separate training job. Name the subject in the prompt with <special-token>.',
  input: PreModelInputSchema,
  capabilities: inferenceCapabilities,
  timing: { minMs: 3000, typicalMs: 15_000 },
} as const satisfies OperationSpec

const premodel: AicontentOperation = {
  kind: 'premodel',
  spec: premodelSpec,
  submitCall(raw) {
    const input = raw as PreModelInput
    const { imageNumber, prompt, seed } = common(input)
    return {
      method: 'POST',
      path: `${AICONTENT_PATH_PREFIX}/addPreModelInferenceJob`,
      action: 'PersonalizedTextToImageAddInferenceJob',
      body: {
        imageNumber,
        imageUrl: input.imageUrls,
        prompt,
        seed,
        strength: input.strength,
        trainSteps: input.trainSteps,
      },
    }
  },
  statusCall: (handle) => ({
    method: 'GET',
    path: `${AICONTENT_PATH_PREFIX}/queryPreModelInferenceJobInfo`,
    action: 'PersonalizedTextToImageQueryPreModelInferenceJobInfo',
    query: { inferenceJobId: handle.providerJobId },
  }),
}

const trainSpec = {
  name: 'train',
  label: 'Train a custom model',
  description:
    'Trains a custom model of one subject (objectType: one word such as dog or girl) from reference images. The job produces no images: once it has succeeded, its job id is the model id to pass as modelId to the inference operation.',
  input: TrainInputSchema,
  capabilities: { progress: false, queuePosition: false, eta: false, imageUrls: false },
  timing: { minMs: 15_000, typicalMs: 60_000 },
} as const satisfies OperationSpec

const train: AicontentOperation = {
  kind: 'train',
  spec: trainSpec,
  submitCall(raw) {
    const input = raw as TrainInput
    return {
      method: 'POST',
      path: `${AICONTENT_PATH_PREFIX}/addModelTrainJob`,
      action: 'Personalizedtxt2imgAddModelTrainJob',
      body: {
        imageUrl: input.imageUrls,
        name: input.name,
        objectType: input.objectType,
        trainSteps: input.trainSteps,
      },
    }
  },
  statusCall: (handle) => ({
    method: 'GET',
    path: `${AICONTENT_PATH_PREFIX}/queryModelTrainStatus`,
    action: 'Personalizedtxt2imgQueryModelTrainStatus',
    query: { modelId: handle.providerJobId },
  }),
}

/**
 * The operations' specs, keyed by name, as the adapter and the provider catalogue list them; each
 * keeps its literal type, so the catalogue knows each operation's input type.
 */
export const AICONTENT_OPERATION_SPECS = {
  inference: inferenceSpec,
  'premodel-inference': premodelSpec,
  train: trainSpec,
} as const

/** The operations by name, one per spec (the key type makes the two tables agree). */
export const AICONTENT_OPERATIONS: Readonly<
  Record<keyof typeof AICONTENT_OPERATION_SPECS, AicontentOperation>
> = {
  inference,
  'premodel-inference': premodel,
  train,
}

/**
 * The image-bytes call of an image id. Custom-model images are addressed by model, prompt and
 * image id together (`ids`); pre-model images by their image id alone.
 */
export function imageCall(
  imageId: string,
  ids: { modelId: string; promptId: string } | null,
): AicontentCall {
  if (ids) {
    return {
      method: 'GET',
      path: `${AICONTENT_PATH_PREFIX}/queryImageAsset`,
      action: 'Personalizedtxt2imgQueryImageAsset',
      query: { encodeFormat: 'base64', imageId, modelId: ids.modelId, promptId: ids.promptId },
    }
  }
  return {
    method: 'GET',
    path: `${AICONTENT_PATH_PREFIX}/queryImageAssetFromImageId`,
    action: 'PersonalizedTextToImageQueryImageAsset',
    query: { encodeFormat: 'base64', imageId },
  }
}

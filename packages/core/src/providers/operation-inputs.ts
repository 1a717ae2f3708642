/**
 * Each operation's input type, inferred from the catalogue: the operation names are the keys of
 * each provider's `operations`, and each input type is valibot's `InferInput` of the operation's
 * schema (what a caller writes, before defaults and transforms), so a field's doc comment on the
 * schema shows in editors. Types only: importing these pulls no schema into a bundle.
 */
import type * as v from 'valibot'
import type { OperationSpec } from '../spec/adapter.js'
import type { ProviderDefinitionOf, ProviderId } from './catalog.js'

/** The operation names of one provider, e.g. `'txt2img' | 'img2img'` for `speedpix`. */
export type OperationName<Id extends ProviderId> = keyof ProviderDefinitionOf<Id>['operations'] &
  string

/** The input of one operation, as a caller writes it. */
export type OperationInput<Id extends ProviderId, Name extends OperationName<Id>> =
  ProviderDefinitionOf<Id>['operations'][Name] extends OperationSpec<infer Schema>
    ? v.InferInput<Schema>
    : never

/** Every operation's input type, by provider id and operation name. */
export type OperationInputs = {
  [Id in ProviderId]: { [Name in OperationName<Id>]: OperationInput<Id, Name> }
}

/** Input of aicontent `inference`: images from a model trained with `train`. */
export type AicontentInferenceInput = OperationInput<'aicontent', 'inference'>
/** Input of aicontent `premodel-inference`: images of the subject of a few reference images. */
export type AicontentPremodelInferenceInput = OperationInput<'aicontent', 'premodel-inference'>
/** Input of aicontent `train`: a custom model of one subject. */
export type AicontentTrainInput = OperationInput<'aicontent', 'train'>
/** Input of speedpix `txt2img`: images from a prompt. */
export type SpeedpixTxt2imgInput = OperationInput<'speedpix', 'txt2img'>
/** Input of speedpix `img2img`: source images redrawn, guided by a prompt. */
export type SpeedpixImg2imgInput = OperationInput<'speedpix', 'img2img'>
/** Input of aidge `virtual-model`: a virtual model dressed in a product photo's garment. */
export type AidgeVirtualModelInput = OperationInput<'aidge', 'virtual-model'>

// Type tests of the operation input map: names and input types come from the catalogue's specs.
import { describe, expectTypeOf, it } from 'vitest'
import type {
  AicontentTrainInput,
  AidgeVirtualModelInput,
  OperationInputs,
  OperationName,
  SpeedpixImg2imgInput,
  SpeedpixTxt2imgInput,
} from '../index.js'

describe('operation inputs', () => {
  it("names each provider's operations from its specs", () => {
    expectTypeOf<OperationName<'aicontent'>>().toEqualTypeOf<
      'inference' | 'premodel-inference' | 'train'
    >()
    expectTypeOf<OperationName<'speedpix'>>().toEqualTypeOf<'txt2img' | 'img2img'>()
    expectTypeOf<OperationName<'aidge'>>().toEqualTypeOf<'virtual-model'>()
    expectTypeOf<keyof OperationInputs>().toEqualTypeOf<'aicontent' | 'speedpix' | 'aidge'>()
  })

  it("is each schema's input type: required fields required, the rest optional", () => {
    expectTypeOf<SpeedpixTxt2imgInput['prompt']>().toEqualTypeOf<string>()
    expectTypeOf<SpeedpixTxt2imgInput['steps']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<SpeedpixImg2imgInput['imageUrls']>().toEqualTypeOf<string[]>()
    expectTypeOf<AicontentTrainInput>().toHaveProperty('objectType')
    // Before valibot's transforms: Aidge takes `"768"` or `768` and fills imageStyle itself.
    expectTypeOf<AidgeVirtualModelInput['dimension']>().toEqualTypeOf<number | string | undefined>()
    expectTypeOf<AidgeVirtualModelInput['imageStyle']>().toEqualTypeOf<'realPhoto' | undefined>()
    expectTypeOf<OperationInputs['speedpix']['txt2img']>().toEqualTypeOf<SpeedpixTxt2imgInput>()
  })
})

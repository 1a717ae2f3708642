export { createSpeedpix, SPEEDPIX_BASE_URL, type SpeedpixOptions } from './speedpix-adapter.js'
export { SPEEDPIX_OPERATIONS, type SpeedpixOperation } from './speedpix-operations.js'
export { SPEEDPIX_SAMPLERS } from './speedpix-samplers.js'
export {
  type Img2imgInput,
  Img2imgInputSchema,
  type Txt2imgInput,
  Txt2imgInputSchema,
} from './speedpix-schemas.js'
export { buildSpeedpixRequest, type SpeedpixRequestInput } from './speedpix-signing.js'
export { SPEEDPIX_ERROR_CODES, SPEEDPIX_STATUS } from './speedpix-status.js'

import { type AicontentEmulatorOptions, createAicontentEmulator } from './aicontent/index.js'
import { type AidgeEmulatorOptions, createAidgeEmulator } from './aidge/index.js'
import type { BaseEmulatorOptions } from './shared/emulator-options.js'
import { createSpeedpixEmulator, type SpeedpixEmulatorOptions } from './speedpix/index.js'

/** Options of {@link createEmulators}: shared ones, plus per-provider overrides. */
export interface EmulatorsOptions extends BaseEmulatorOptions {
  aicontent?: Partial<AicontentEmulatorOptions> | undefined
  speedpix?: Partial<SpeedpixEmulatorOptions> | undefined
  aidge?: Partial<AidgeEmulatorOptions> | undefined
}

/** All three provider emulators, sharing one clock and one seed. */
export type Emulators = ReturnType<typeof createEmulators>

/**
 * Base URLs used when the emulators are called in-process (the host only routes nothing: each
 * adapter gets its own emulator's `fetch`), chosen so they can never reach a real host.
 */
export const IN_PROCESS_BASE_URLS = {
  aicontent: 'http://aicontent.emulator.invalid',
  speedpix: 'http://speedpix.emulator.invalid',
  aidge: 'http://aidge.emulator.invalid',
} as const

/** Creates the three emulators, for demos, tests and benchmarks. */
export function createEmulators(options: EmulatorsOptions = {}) {
  const { aicontent, speedpix, aidge, ...shared } = options
  return {
    aicontent: createAicontentEmulator({ ...shared, ...aicontent }),
    speedpix: createSpeedpixEmulator({ ...shared, ...speedpix }),
    aidge: createAidgeEmulator({ ...shared, ...aidge }),
  }
}

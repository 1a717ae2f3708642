import type { ProviderId, ProviderOptions } from '@darkroom/core'
import type { CommonAdapterOptions } from '@darkroom/core/provider-kit'
import { type AicontentEmulatorOptions, createAicontentEmulator } from './aicontent/index.js'
import { type AidgeEmulatorOptions, createAidgeEmulator } from './aidge/index.js'
import type { BaseEmulatorOptions, Emulator } from './shared/emulator-options.js'
import { createSpeedpixEmulator, type SpeedpixEmulatorOptions } from './speedpix/index.js'

/** What an emulator of provider `Id` must accept: its adapter's credentials. */
type CredentialsOf<Id extends ProviderId> = Omit<ProviderOptions<Id>, keyof CommonAdapterOptions>

/**
 * One emulator per provider of core's catalogue. `satisfies` makes a provider added to the
 * catalogue without an emulator (or with credentials its adapter does not take) a compile error.
 */
export const EMULATOR_FACTORIES = {
  aicontent: (options: Partial<AicontentEmulatorOptions>) => createAicontentEmulator(options),
  speedpix: (options: Partial<SpeedpixEmulatorOptions>) => createSpeedpixEmulator(options),
  aidge: (options: Partial<AidgeEmulatorOptions>) => createAidgeEmulator(options),
} as const satisfies {
  [Id in ProviderId]: (options: never) => Emulator<CredentialsOf<Id>>
}

type Factories = typeof EMULATOR_FACTORIES

/** Options of {@link createEmulators}: shared ones, plus per-provider overrides. */
export type EmulatorsOptions = BaseEmulatorOptions & {
  [Id in ProviderId]?: Parameters<Factories[Id]>[0] | undefined
}

/** All the provider emulators, by id, sharing one clock and one seed. */
export type Emulators = { [Id in ProviderId]: ReturnType<Factories[Id]> }

/**
 * The base URL of a provider's emulator when it is called in-process (each adapter gets its own
 * emulator's `fetch`, so the host routes nothing), chosen so it can never reach a real host.
 */
export function inProcessBaseUrl(provider: ProviderId): string {
  return `http://${provider}.emulator.invalid`
}

/** Creates every provider's emulator, for demos, tests and benchmarks. */
export function createEmulators(options: EmulatorsOptions = {}): Emulators {
  const ids = new Set<string>(Object.keys(EMULATOR_FACTORIES))
  const shared: BaseEmulatorOptions = Object.fromEntries(
    Object.entries(options).filter(([key]) => !ids.has(key)),
  )
  const out: Partial<Record<ProviderId, Emulator<object>>> = {}
  for (const [id, factory] of Object.entries(EMULATOR_FACTORIES) as [
    ProviderId,
    (o: BaseEmulatorOptions) => Emulator<object>,
  ][]) {
    out[id] = factory({ ...shared, ...options[id] })
  }
  return out as Emulators
}

// Direct-client options wired to in-process emulators: real adapters, real signatures, no network.
import type { VirtualClock } from '@darkroom/core'
import { createEmulators, inProcessAdapterOptions } from '@darkroom/emulator'
import type { DirectClientOptions } from '../src/direct.js'

export function emulatedProviders(clock: VirtualClock, seed = 11): DirectClientOptions {
  return { clock, providers: inProcessAdapterOptions(createEmulators({ clock, seed })) }
}

export {
  AICONTENT_DEFAULT_CREDENTIALS,
  type AicontentEmulatorOptions,
  createAicontentEmulator,
} from './aicontent/index.js'
export {
  AIDGE_DEFAULT_CREDENTIALS,
  type AidgeEmulatorOptions,
  createAidgeEmulator,
} from './aidge/index.js'
export {
  createEmulators,
  EMULATOR_FACTORIES,
  type Emulators,
  type EmulatorsOptions,
  inProcessBaseUrl,
} from './emulators.js'
export {
  createInProcessAdapters,
  type InProcessAdapterOptions,
  inProcessAdapterOptions,
} from './in-process.js'
export { base64ToBytes, bytesToBase64 } from './shared/base64.js'
export { DroppedConnectionError, isDroppedConnection } from './shared/dropped-connection.js'
export {
  type BaseEmulatorOptions,
  type Emulator,
  inProcessFetch,
} from './shared/emulator-options.js'
export { type FaultOptions, type FaultRenderer, type FaultsInput, faults } from './shared/faults.js'
export {
  createNonceCache,
  DEFAULT_REPLAY_WINDOW_MS,
  isFresh,
  type NonceCache,
  type NonceCacheOptions,
} from './shared/nonce-cache.js'
export {
  createPngRenderer,
  type PngRenderer,
  type PngRendererOptions,
  type RenderPngInput,
  renderPng,
} from './shared/png.js'
export {
  type ImageUrlVerdict,
  type SignImageUrlInput,
  signImageUrl,
  type VerifyImageUrlOptions,
  verifyImageUrl,
} from './shared/signed-url.js'
export { type Distribution, sample } from './simulator/distributions.js'
export {
  createJobSimulator,
  type JobPhase,
  type JobSimulator,
  type JobSimulatorOptions,
  type JobSnapshot,
  type SubmitJobInput,
} from './simulator/job-simulator.js'
export { type Markers, parseMarkers } from './simulator/markers.js'
export { createRng, type Rng } from './simulator/rng.js'
export {
  memorySimulatorState,
  type SimulatorRecord,
  type SimulatorStateStore,
} from './simulator/simulator-state.js'
export {
  SIMULATOR_JOBS_TABLE,
  type SimulatorSqlDriver,
  type SqlSimulatorStateOptions,
  sqlSimulatorState,
} from './simulator/sql-simulator-state.js'
export {
  createSpeedpixEmulator,
  SPEEDPIX_DEFAULT_CREDENTIALS,
  type SpeedpixEmulatorOptions,
} from './speedpix/index.js'

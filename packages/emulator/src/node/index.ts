export { type RunEmulatorsOptions, type RunningEmulators, runEmulators } from './run.js'
export { type ServedApp, serveApp } from './serve.js'

// Cloudflare Workers entry for the demo: the same gateway with the emulators wired in-process.
import { demoAdapters } from '../demo.js'
import { workerHandler } from './worker-handler.js'

export default workerHandler((wiring) => demoAdapters(wiring))

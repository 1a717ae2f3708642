// Cloudflare Workers entry (production): no emulators in this bundle.
import { workerHandler } from './worker-handler.js'

export default workerHandler(null)

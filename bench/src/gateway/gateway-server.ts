// Child process: the Node gateway exactly as `pnpm start:api` starts it (environment → config →
// live adapters → @hono/node-server), pointed at the emulator. Answers `{ url }` when listening.
import { startNodeGateway } from '@darkroom/api/src/runtimes/node-server.js'
import { answerUsageRequests } from './report-usage.js'

const gateway = await startNodeGateway(JSON.parse(process.env.BENCH_GATEWAY_ENV ?? '{}'))
answerUsageRequests()
process.send?.({ ready: true, url: gateway.url })
process.on('disconnect', () => process.exit(0))

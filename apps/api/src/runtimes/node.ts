// Node entry: `pnpm start:api`. Reads the environment once; a bad configuration stops start-up
// with a message naming the variable.
import { startNodeGateway } from './node-server.js'

try {
  const gateway = await startNodeGateway(process.env)
  console.log(`Darkroom gateway listening on ${gateway.url} — ${gateway.banner}`)
  const stop = () => void gateway.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

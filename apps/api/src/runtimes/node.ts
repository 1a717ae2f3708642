// Node entry: `pnpm start:api`. Reads the environment once; a bad configuration stops start-up
// with a message naming the variable.
import { listeningLine } from '../start.js'
import { startNodeGateway } from './node-server.js'

try {
  const gateway = await startNodeGateway(process.env)
  console.log(listeningLine('Node', gateway.url, gateway.banner))
  const stop = () => void gateway.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

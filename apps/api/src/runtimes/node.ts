// Node entry: `pnpm start:api`. Reads the environment once; a bad configuration stops start-up
// with a message naming the variable. SIGTERM or SIGINT shuts down gracefully: no new
// connections, every event stream ended with a `shutdown` event, exit within the grace
// (DARKROOM_SHUTDOWN_GRACE_MS, default 5 s).
import { listeningLine } from '../start.js'
import { startNodeGateway } from './node-server.js'

/** Past the grace, what is left of the shutdown itself may take this long before a hard exit. */
const BACKSTOP_MS = 1000

try {
  const gateway = await startNodeGateway(process.env)
  console.log(listeningLine('Node', gateway.url, gateway.banner))
  const stop = () => {
    setTimeout(() => {
      console.error('Darkroom gateway: the shutdown outlived its grace; exiting now.')
      process.exit(1)
    }, gateway.graceMs + BACKSTOP_MS).unref()
    void gateway.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

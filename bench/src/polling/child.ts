// Child process of the polling benchmark: runs one provider × strategy and sends the outcomes.
import { serveTask } from '../lib/pool.js'
import { runStrategy } from './run-strategy.js'
import type { PollingTask } from './summarize.js'

serveTask((task: PollingTask) => runStrategy(task.provider, task.strategy, task.workload))

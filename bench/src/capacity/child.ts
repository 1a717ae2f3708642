// Child process of the capacity benchmark: one provider × strategy search.
import type { ProviderId } from '@darkroom/core'
import { serveTask } from '../lib/pool.js'
import { searchCapacity } from './search.js'
import type { CapacitySettings, CapacityStrategy } from './trial.js'

serveTask(
  (task: { provider: ProviderId; strategy: CapacityStrategy; settings: CapacitySettings }) =>
    searchCapacity(task.provider, task.strategy, task.settings),
)

export { abortReason, type Clock, systemClock } from './clock.js'
export { InFlight, SleeperQueue } from './sleeper-queue.js'
export { VirtualClock, type VirtualClockOptions } from './virtual-clock.js'

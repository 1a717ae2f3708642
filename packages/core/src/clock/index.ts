export { abortReason, type Clock, systemClock } from './clock.js'
export { VirtualClock, type VirtualClockOptions } from './virtual-clock.js'

export { abortReason, type Clock, startTimer, systemClock } from './clock.js'
export { VirtualClock, type VirtualClockOptions } from './virtual-clock.js'

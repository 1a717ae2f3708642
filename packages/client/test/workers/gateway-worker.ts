// The gateway's demo Worker entry, unchanged: every provider wired to its in-process emulator.
export { default } from '@darkroom/api/src/worker-demo.js'

/**
 * Lets the parent ask this child process for its resource use over IPC: `{ type: 'cpu' }` answers
 * `{ cpu }` (process.cpuUsage, microseconds); `{ type: 'memory' }` answers `{ memory }` after a
 * full garbage collection (the process must run with --expose-gc for that).
 */
export function answerUsageRequests(): void {
  process.on('message', async (message: { type?: string }) => {
    if (message.type === 'cpu') {
      process.send?.({ cpu: process.cpuUsage() })
    } else if (message.type === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc
      // Twice, with a pause between, so garbage whose finalizers ran in between is gone too.
      gc?.()
      await new Promise((r) => setTimeout(r, 100))
      gc?.()
      process.send?.({ memory: process.memoryUsage() })
    }
  })
}

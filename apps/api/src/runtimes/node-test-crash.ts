import type { JobStore } from '@darkroom/core'

/** Where a test may have the gateway die, around the journal of a keyed submit. */
const CRASH_POINTS = ['before-journal', 'after-journal'] as const

/**
 * A test hook, honoured by the Node entry only: with `DARKROOM_TEST_CRASH_AT` set, the process
 * SIGKILLs itself at that point of its first keyed submit: `before-journal`, when the provider
 * has answered but the answer is not journaled yet; `after-journal`, when it is journaled but the
 * job is not inserted. The restart tests prove both recover. Unset (always, outside those tests),
 * the store is returned as it is.
 */
export function withTestCrash(store: JobStore, at: string | undefined): JobStore {
  if (at === undefined) return store
  if (!(CRASH_POINTS as readonly string[]).includes(at)) {
    throw new Error(
      `DARKROOM_TEST_CRASH_AT is a test hook: ${CRASH_POINTS.join(' or ')}, got "${at}". Unset it.`,
    )
  }
  const journal = store.journalSubmit.bind(store)
  const crash: JobStore['journalSubmit'] = async (...args) => {
    if (at === 'after-journal') await journal(...args)
    process.kill(process.pid, 'SIGKILL')
    return new Promise<boolean>(() => undefined)
  }
  return new Proxy(store, {
    get(target, name) {
      if (name === 'journalSubmit') return crash
      const value = Reflect.get(target, name, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

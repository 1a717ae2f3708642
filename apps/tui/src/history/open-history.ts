import { defaultHistoryPath, HistoryStore } from './history-store.js'
import { JobBook } from './job-book.js'

/** An open history: the book the commands use, and how to finish with it. */
export interface OpenHistory {
  book: JobBook
  /** Waits for the pending writes, then closes the file. */
  close(): Promise<void>
}

/**
 * Opens the history of this environment (see `defaultHistoryPath`) and loads it. Warnings (a row
 * skipped, an old JSON history imported or left alone) go to `warn`; a file that cannot be the
 * history is refused with a `StoreError` naming it, and nothing is written to it.
 */
export async function openHistory(
  env: Record<string, string | undefined>,
  warn: (message: string) => void,
): Promise<OpenHistory> {
  const store = await HistoryStore.open(defaultHistoryPath(env), { onWarning: warn })
  const book = new JobBook(store, await store.load(), warn)
  return {
    book,
    async close() {
      await book.flush()
      await store.close()
    },
  }
}

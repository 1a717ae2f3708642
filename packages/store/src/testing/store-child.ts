// A second process for the store's tests, run with tsx by `children.ts`:
//   insert <path> <prefix> <count>  after a "go" line on stdin: opens the shared store, inserts
//                                   <count> jobs and updates each once, then exits
//   hold <path>                     opens the store exclusively, says "held", waits to be killed
//   open <path> [exclusive]         tries to open, prints what happened as one JSON line
import { createInterface } from 'node:readline'
import { openSqliteStore } from '../node/open-sqlite-store.js'
import { StoreError } from '../sql/store-error.js'
import { sampleJob } from './jobs.js'

const [command, path, ...rest] = process.argv.slice(2)
if (!command || !path) throw new Error('usage: store-child.ts insert|hold|open <path> ...')
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()

if (command === 'insert') {
  const [prefix = 'p', count = '10'] = rest
  console.log('ready')
  await lines.next()
  const store = await openSqliteStore(path)
  for (let i = 0; i < Number(count); i++) {
    const job = sampleJob(i, { owner: prefix, providerJobId: `${prefix}-${i}` })
    await store.insert(job)
    await store.update(job.key, { polls: 1 })
  }
  await store.close()
  console.log('done')
  process.exit(0)
} else if (command === 'hold') {
  await openSqliteStore(path, { exclusive: true })
  console.log('held')
  await lines.next()
} else if (command === 'open') {
  try {
    const store = await openSqliteStore(path, { exclusive: rest[0] === 'exclusive' })
    await store.close()
    console.log(JSON.stringify({ ok: true }))
  } catch (error) {
    if (!StoreError.isInstance(error)) throw error
    console.log(JSON.stringify({ ok: false, reason: error.reason, message: error.message }))
  }
  process.exit(0)
}

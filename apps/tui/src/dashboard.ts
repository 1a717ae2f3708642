// The `./dashboard` entry: what another program needs to draw the real dashboard, as the
// benchmark does (many jobs, a virtual terminal). The `darkroom` command does not use it.
export { type Connection, demoConnection } from './connect.js'
export { HistoryStore } from './history/history-store.js'
export { JobBook } from './history/job-book.js'
export type { AppProps } from './ui/app.js'
export type { ImageActions } from './ui/image-actions.js'
export { JobsController } from './ui/jobs-controller.js'
export { renderDashboard } from './ui/run-dashboard.js'

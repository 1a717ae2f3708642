import { render } from 'ink'
import type { Connection } from '../connect.js'
import type { JobBook } from '../history/job-book.js'
import { App } from './app.js'
import { systemImageActions } from './image-actions.js'
import { JobsController } from './jobs-controller.js'

/** Opens the dashboard until the user quits; resumes watching unfinished jobs first. */
export async function runDashboard(
  connection: Connection,
  book: JobBook,
  notice: string | null,
  saveDir: string,
): Promise<number> {
  const controller = new JobsController({
    client: connection.client,
    book,
    scope: connection.scope,
  })
  controller.resume()
  const instance = render(
    <App
      connection={connection}
      controller={controller}
      actions={systemImageActions(saveDir)}
      notice={notice}
    />,
  )
  await instance.waitUntilExit()
  controller.close()
  return 0
}

import { type Instance, type RenderOptions, render } from 'ink'
import type { Connection } from '../connect.js'
import type { JobBook } from '../history/job-book.js'
import { App, type AppProps } from './app.js'
import { enableBracketedPaste } from './bracketed-paste.js'
import { systemImageActions } from './image-actions.js'
import { JobsController } from './jobs-controller.js'

/**
 * Draws the dashboard; `options` are Ink's (where to draw, where keys come from, a render
 * callback). The command uses the terminal; the benchmark a virtual one.
 */
export function renderDashboard(props: AppProps, options?: RenderOptions): Instance {
  return render(<App {...props} />, options)
}

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
  const pasteOff = enableBracketedPaste(process.stdout)
  const instance = renderDashboard({
    connection,
    controller,
    actions: systemImageActions(saveDir),
    notice,
  })
  await instance.waitUntilExit()
  pasteOff()
  controller.close()
  return 0
}

import { Box, useApp, useStdout } from 'ink'
import { useCallback, useMemo, useReducer } from 'react'
import type { Connection } from '../connect.js'
import { FilterLine } from './filter-line.js'
import { Header } from './header.js'
import { HelpBar } from './help-bar.js'
import { useCommands } from './hooks/use-commands.js'
import { useImport } from './hooks/use-import.js'
import { useJobs } from './hooks/use-jobs.js'
import { useKeys } from './hooks/use-keys.js'
import { useProviders } from './hooks/use-providers.js'
import { useSubmit } from './hooks/use-submit.js'
import type { ImageActions } from './image-actions.js'
import { ImportForm } from './import-form.js'
import { JobDetail } from './job-detail.js'
import { JobList } from './job-list.js'
import type { JobsController } from './jobs-controller.js'
import { helpEntries } from './keys/key-map.js'
import { MessageLine } from './message-line.js'
import { previewSizeFor } from './preview-size.js'
import { SubmitForm } from './submit-form.js'
import { dashboardReducer, initialDashboardState, keysFor } from './views/dashboard-reducer.js'

/** Props of {@link App}. */
export interface AppProps {
  connection: Connection
  controller: JobsController
  actions: ImageActions
  /** A message to show on start (e.g. the history was set aside). Default none. */
  notice?: string | null | undefined
  /** Time source for ages (tests pass a fixed one). Default `Date.now`. */
  now?: () => number
  /** Re-renders ages this often. Default 1000 ms; 0 turns the ticker off (tests). */
  tickMs?: number
}

/** The dashboard: job list, submit form, import form and job detail. */
export function App({
  connection,
  controller,
  actions,
  notice = null,
  now = Date.now,
  tickMs = 1000,
}: AppProps) {
  const { exit } = useApp()
  const { stdout } = useStdout()
  const [state, dispatch] = useReducer(dashboardReducer, notice, initialDashboardState)
  useProviders(connection, dispatch)
  const { providers } = state
  const { jobs, shown } = useJobs(controller, state.list.filter, tickMs)
  const detail =
    state.view === 'detail' ? jobs.find((v) => v.entry.job.id === state.detail.id) : undefined
  const jobIds = useMemo(() => shown.map((v) => v.entry.job.id), [shown])
  useKeys(dispatch, {
    jobIds,
    canImport: connection.canImport,
    images: detail?.entry.job.images.length ?? 0,
  })
  const submit = useSubmit(connection, controller, dispatch)
  const importJob = useImport(connection, controller, dispatch)
  useCommands(state.effect, dispatch, {
    quit: () => exit(),
    submit: (e) => void submit(e.request),
    import: (e) => void importJob(e.request),
  })
  const imageDone = useCallback(() => dispatch({ type: 'image-done' }), [])

  const rows = Math.max(3, (stdout?.rows ?? 35) - 8)
  const columns = stdout?.columns ?? 120
  const previewSize = useMemo(
    () => previewSizeFor(columns, stdout?.rows ?? 35),
    [columns, stdout?.rows],
  )
  const listed = state.view === 'list' || state.view === 'filter'
  return (
    <Box flexDirection="column">
      <Header connection={connection} />
      <Box marginY={1} flexDirection="column">
        {listed && (
          <JobList
            jobs={shown}
            selected={Math.min(state.list.selected, Math.max(0, shown.length - 1))}
            height={rows}
            width={columns}
            filter={state.list.filter}
            now={now()}
          />
        )}
        {state.view === 'submit' && providers && (
          <SubmitForm providers={providers} state={state.submit} />
        )}
        {state.view === 'import' && providers && (
          <ImportForm providers={providers} state={state.import} />
        )}
        {detail && (
          <JobDetail
            view={detail}
            state={state.detail}
            onRequestDone={imageDone}
            client={connection.client}
            actions={actions}
            previewSize={previewSize}
          />
        )}
      </Box>
      {listed && <FilterLine filter={state.list.filter} typing={state.view === 'filter'} />}
      <MessageLine message={state.message} />
      <HelpBar entries={helpEntries(keysFor(state), state)} />
    </Box>
  )
}

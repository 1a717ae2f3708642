import type { ProviderInfo } from '@darkroom/client'
import { DarkroomError, encodeHandle, InvalidInputError, type ProviderId } from '@darkroom/core'
import { Box, Text, useApp, useInput, useStdout } from 'ink'
import { useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore } from 'react'
import type { Connection } from '../connect.js'
import { HelpBar } from './help-bar.js'
import type { ImageActions } from './image-actions.js'
import { ImportForm } from './import-form.js'
import { JobDetail } from './job-detail.js'
import { JobList } from './job-list.js'
import type { JobsController } from './jobs-controller.js'
import { initialListState, listReducer } from './list-state.js'
import { SubmitForm } from './submit-form.js'

/** Props of {@link App}. */
export interface AppProps {
  connection: Connection
  controller: JobsController
  actions: ImageActions
  /** A message to show on start (e.g. the history was set aside). */
  notice?: string | null | undefined
  /** Time source for ages (tests pass a fixed one). */
  now?: () => number
  /** Re-renders ages this often. Default 1000 ms; 0 turns the ticker off (tests). */
  tickMs?: number
}

/** Image previews in the detail view, in terminal cells. */
const PREVIEW_SIZE = { width: 40, height: 14 }

type View =
  | { name: 'list' }
  | { name: 'submit' }
  | { name: 'import' }
  | { name: 'detail'; id: string }

/**
 * Errors of a refused submit at the form's fields, from either transport (both throw core's
 * `InvalidInputError`). Issues about a part of the request, e.g. `(operation)`, are not a
 * field's: the error's message shows them.
 */
function fieldErrors(error: unknown): Record<string, string> {
  if (!InvalidInputError.isInstance(error)) return {}
  return Object.fromEntries(
    error.issues
      .filter((i) => !i.path.startsWith('('))
      .map((i) => [i.path.split('.')[0] ?? i.path, i.message]),
  )
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
  const jobs = useSyncExternalStore(
    (listener) => controller.subscribe(listener),
    () => controller.snapshot(),
  )
  const [view, setView] = useState<View>({ name: 'list' })
  const [list, dispatch] = useReducer(listReducer, initialListState)
  const shownCount = useRef(0)
  const { selected, filter, filtering } = list
  const [providers, setProviders] = useState<ProviderInfo[] | null>(null)
  const [message, setMessage] = useState<string | null>(notice)
  const [formErrors, setFormErrors] = useState<{
    fields?: Record<string, string>
    message?: string | null
  }>({})
  const [, setTick] = useState(0)

  useEffect(() => {
    connection.client.providers
      .list()
      .then(setProviders, (error: Error) =>
        setMessage(`Could not list providers: ${error.message}`),
      )
  }, [connection])
  useEffect(() => {
    if (!tickMs) return
    const timer = setInterval(() => setTick((t) => t + 1), tickMs)
    return () => clearInterval(timer)
  }, [tickMs])

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase()
    if (!needle) return jobs
    return jobs.filter((v) =>
      `${v.entry.job.provider} ${v.entry.job.operation} ${v.entry.job.state} ${v.entry.job.providerJobId}`
        .toLowerCase()
        .includes(needle),
    )
  }, [jobs, filter])
  const current = shown[Math.min(selected, shown.length - 1)]
  shownCount.current = shown.length

  useInput((input, key) => dispatch({ input, key, count: shownCount.current }), {
    isActive: view.name === 'list',
  })
  useEffect(() => {
    if (!list.command) return
    dispatch({ done: true })
    if (list.command === 'quit') exit()
    else if (list.command === 'open' && current)
      setView({ name: 'detail', id: current.entry.job.id })
    else if (list.command === 'new' && providers) {
      setFormErrors({})
      setView({ name: 'submit' })
    } else if (list.command === 'import' && providers) {
      if (connection.canImport) {
        setFormErrors({})
        setView({ name: 'import' })
      } else
        setMessage('Import needs direct provider access: it is not available through a gateway.')
    }
  }, [list.command, current, providers, connection, exit])

  const submit = async (request: {
    provider: string
    operation: string
    input: Record<string, unknown>
  }) => {
    try {
      const job = await connection.client.jobs.create({
        provider: request.provider as ProviderId,
        operation: request.operation,
        input: request.input,
      })
      controller.add(job)
      setView({ name: 'list' })
      setMessage(`Submitted ${job.provider}/${job.operation} ${job.providerJobId}`)
    } catch (error) {
      const fields = fieldErrors(error)
      setFormErrors({
        fields,
        message: Object.keys(fields).length
          ? null
          : DarkroomError.isInstance(error) || error instanceof Error
            ? (error as Error).message
            : String(error),
      })
    }
  }
  const importJob = async (request: {
    provider: string
    operation: string
    providerJobId: string
  }) => {
    try {
      const id = encodeHandle({
        provider: request.provider as ProviderId,
        operation: request.operation,
        providerJobId: request.providerJobId,
      })
      const job = await connection.client.jobs.get(id)
      controller.add(job)
      setView({ name: 'list' })
      setMessage(`Imported ${job.provider}/${job.operation} ${job.providerJobId}`)
    } catch (error) {
      setFormErrors({ message: (error as Error).message })
    }
  }

  const rows = Math.max(3, (stdout?.rows ?? 35) - 8)
  const detail = view.name === 'detail' ? jobs.find((v) => v.entry.job.id === view.id) : undefined
  const keys: [string, string][] =
    view.name === 'list'
      ? [
          ['n', 'new job'],
          ['↑↓', 'select'],
          ['enter', 'details'],
          ['i', 'import'],
          ['/', 'filter'],
          ['q', 'quit'],
        ]
      : view.name === 'detail'
        ? [
            ['←→', 'image'],
            ['o', 'open'],
            ['s', 'save'],
            ['esc', 'back'],
          ]
        : [
            ['enter', 'submit'],
            ['tab', 'next field'],
            ['←→', 'choose'],
            ['esc', 'cancel'],
          ]

  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        <Text bold>darkroom</Text>
        <Text
          color={connection.mode === 'demo' ? 'black' : undefined}
          backgroundColor={connection.mode === 'demo' ? 'yellow' : undefined}
        >
          {` ${connection.label} `}
        </Text>
      </Box>
      <Box marginY={1} flexDirection="column">
        {view.name === 'list' && (
          <JobList
            jobs={shown}
            selected={Math.min(selected, Math.max(0, shown.length - 1))}
            height={rows}
            now={now()}
          />
        )}
        {view.name === 'submit' && providers && (
          <SubmitForm
            providers={providers}
            onSubmit={submit}
            onCancel={() => setView({ name: 'list' })}
            serverErrors={formErrors.fields}
            serverMessage={formErrors.message}
          />
        )}
        {view.name === 'import' && providers && (
          <ImportForm
            providers={providers}
            onImport={importJob}
            onCancel={() => setView({ name: 'list' })}
            message={formErrors.message ?? null}
          />
        )}
        {view.name === 'detail' && detail && (
          <JobDetail
            view={detail}
            client={connection.client}
            actions={actions}
            onBack={() => setView({ name: 'list' })}
            previewSize={PREVIEW_SIZE}
          />
        )}
      </Box>
      {(filtering || filter) && view.name === 'list' && (
        <Text>{`filter: ${filter}${filtering ? '▏' : ''}`}</Text>
      )}
      {message && <Text color="yellow">{message}</Text>}
      <HelpBar keys={keys} />
    </Box>
  )
}

import type { DarkroomClient } from '@darkroom/client'
import { Box, Text } from 'ink'
import { duration, shownProgress } from '../cli/format.js'
import { useJobImage } from './hooks/use-job-image.js'
import type { ImageActions } from './image-actions.js'
import type { JobView } from './jobs-controller.js'
import { STATE_COLOR } from './theme.js'
import type { DetailState } from './views/detail-view.js'

/** Props of {@link JobDetail}. */
export interface JobDetailProps {
  view: JobView
  /** The image shown and what `o`/`s` asked for (the keys are the dashboard's). */
  state: DetailState
  /** Called once an open or save request is taken on. */
  onRequestDone(): void
  client: DarkroomClient
  actions: ImageActions
  /** Preview size in terminal cells. */
  previewSize: { width: number; height: number }
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Text>
      <Text dimColor>{label.padEnd(15)}</Text>
      {children}
    </Text>
  )
}

/** Every normalized field of a job, its raw provider status, warnings, errors and images. */
export function JobDetail({
  view,
  state,
  onRequestDone,
  client,
  actions,
  previewSize,
}: JobDetailProps) {
  const job = view.entry.job
  const { index } = state
  const count = job.images.length
  const progress = shownProgress(job)
  const { loaded, note } = useJobImage({
    job,
    index,
    request: state.request,
    onRequestDone,
    client,
    actions,
    previewSize,
  })

  return (
    <Box flexDirection="column">
      <Text bold>{`${job.provider} / ${job.operation}`}</Text>
      <Row label="id">{job.id.length > 90 ? `${job.id.slice(0, 87)}...` : job.id}</Row>
      <Row label="provider id">{job.providerJobId}</Row>
      <Row label="state">
        <Text color={STATE_COLOR[job.state]}>{job.state}</Text>
        {view.retrying && <Text color="magenta">{`  retrying: ${view.retrying}`}</Text>}
      </Row>
      <Row label="raw status">{job.providerStatus ?? '—'}</Row>
      <Row label="progress">{progress === null ? '—' : `${Math.round(progress * 100)}%`}</Row>
      <Row label="queue position">
        {job.queuePosition === null ? '—' : String(job.queuePosition)}
      </Row>
      <Row label="eta">
        {job.etaSeconds === null ? '—' : `${duration(job.etaSeconds)} (${job.etaSource})`}
      </Row>
      <Row label="message">{job.message ?? '—'}</Row>
      <Row label="created">{job.createdAt ?? '—'}</Row>
      <Row label="observed">{job.observedAt}</Row>
      <Row label="warnings">{job.warnings.length ? job.warnings.join(', ') : '—'}</Row>
      {job.error && (
        <Row label="error">
          <Text color="red">{`${job.error.code}${job.error.providerCode ? ` (${job.error.providerCode})` : ''}: ${job.error.message}${job.error.retryable ? ' — retryable' : ''}`}</Text>
        </Row>
      )}
      {view.failure && (
        <Row label="watch error">
          <Text color="red">{view.failure}</Text>
        </Row>
      )}
      <Row label="images">
        {count === 0
          ? '—'
          : job.images
              .map((img) => `#${img.index}${img.width ? ` ${img.width}×${img.height}` : ''}`)
              .join('  ')}
      </Row>
      {count > 0 && loaded?.index === index && (
        <Box flexDirection="column" marginTop={1}>
          <Text>{`image ${index + 1} of ${count}`}</Text>
          <Text>{loaded.preview}</Text>
        </Box>
      )}
      {note && <Text dimColor>{note}</Text>}
    </Box>
  )
}

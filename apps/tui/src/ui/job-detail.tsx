import type { DarkroomClient } from '@darkroom/client'
import { Box, Text, useInput } from 'ink'
import { useEffect, useRef, useState } from 'react'
import { duration } from '../cli/format.js'
import { type ImageActions, imageFileName } from './image-actions.js'
import type { JobView } from './jobs-controller.js'
import { STATE_COLOR } from './theme.js'

/** Props of {@link JobDetail}. */
export interface JobDetailProps {
  view: JobView
  client: DarkroomClient
  actions: ImageActions
  onBack(): void
  /** Preview size in terminal cells. */
  previewSize: { width: number; height: number }
}

interface Loaded {
  index: number
  bytes: Uint8Array
  mimeType: string
  preview: string
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
export function JobDetail({ view, client, actions, onBack, previewSize }: JobDetailProps) {
  const job = view.entry.job
  const [index, setIndex] = useState(0)
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const count = job.images.length
  // Read by the key handler, which may run before the re-render that follows a load.
  const current = useRef<{ loaded: Loaded | null; index: number }>({ loaded: null, index: 0 })
  current.current = { loaded, index }

  useEffect(() => {
    if (job.state !== 'succeeded' || count === 0) return
    let cancelled = false
    setNote('loading image…')
    client.jobs
      .image(job.id, index)
      .then(async (image) => {
        const preview = await actions
          .preview(image.bytes, previewSize)
          .catch(() => '(no preview in this terminal)')
        if (!cancelled) {
          setLoaded({ index, bytes: image.bytes, mimeType: image.mimeType, preview })
          setNote(null)
        }
      })
      .catch(
        (error: Error) => !cancelled && setNote(`could not load image ${index}: ${error.message}`),
      )
    return () => {
      cancelled = true
    }
  }, [job.id, job.state, index, count, client, actions, previewSize])

  useInput((input, key) => {
    if (key.escape || input === 'q' || key.backspace) return onBack()
    if (key.leftArrow && count > 0) setIndex((i) => (i - 1 + count) % count)
    if (key.rightArrow && count > 0) setIndex((i) => (i + 1) % count)
    const { loaded: image, index: at } = current.current
    if ((input === 'o' || input === 's') && image && image.index === at) {
      const name = imageFileName(job.providerJobId, at, image.mimeType)
      const action =
        input === 'o'
          ? actions.open(image.bytes, name).then(() => `opened ${name}`)
          : actions.save(image.bytes, name).then((path) => `saved ${path}`)
      action.then(setNote, (error: Error) =>
        setNote(`could not ${input === 'o' ? 'open' : 'save'} the image: ${error.message}`),
      )
    }
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
      <Row label="progress">
        {job.progress === null ? '—' : `${Math.round(job.progress * 100)}%`}
      </Row>
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

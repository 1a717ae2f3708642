// The README's example, verbatim between the markers (a test checks the README still says the
// same), as a function of the client so it runs unchanged against every transport.
import type { DarkroomClient, Job } from '../src/index.js'

export async function readmeExample(darkroom: DarkroomClient, log: (...args: unknown[]) => void) {
  // example:start
  const job = await darkroom.jobs.create({
    provider: 'speedpix',
    operation: 'txt2img',
    input: { prompt: 'a lighthouse at dusk', width: 512, height: 512 },
  })
  const done = await darkroom.jobs.wait(job.id, {
    onUpdate: (update) => log(update.state, update.progress, update.etaSeconds),
  })
  if (done.state === 'succeeded') {
    const { bytes, mimeType } = await darkroom.jobs.image(done.id, 0)
    log(`${mimeType}, ${bytes.byteLength} bytes`)
  } else {
    log(done.state, done.error?.message)
  }
  // example:end
  return { job, done } as { job: Job; done: Job }
}

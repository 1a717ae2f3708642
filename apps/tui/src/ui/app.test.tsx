import { DarkroomApiError, surfaceApiError } from '@darkroom/client'
import { InvalidInputError } from '@darkroom/core'
import { render } from 'ink-testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import { demoSetup, fakeActions, tick, until } from '../../test/helpers.js'
import { App } from './app.js'
import { JobsController } from './jobs-controller.js'

const KEY = {
  down: '\u001B[B',
  up: '\u001B[A',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
  backspace: '\u007F',
  tab: '\t',
}

let cleanup: (() => void)[] = []
afterEach(() => {
  for (const fn of cleanup) fn()
  cleanup = []
})

async function dashboard() {
  const setup = await demoSetup()
  const controller = new JobsController({
    client: setup.connection.client,
    book: setup.book,
    scope: setup.connection.scope,
    flushMs: 0,
  })
  const { actions, calls } = fakeActions()
  const ui = render(
    <App
      connection={setup.connection}
      controller={controller}
      actions={actions}
      tickMs={0}
      now={() => setup.clock.now()}
    />,
  )
  cleanup.push(() => {
    ui.unmount()
    controller.close()
  })
  await tick(50)
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      ui.stdin.write(k)
      await tick()
    }
  }
  return { ...setup, controller, ui, calls, type }
}

/** Moves the form to speedpix / txt2img (providers are listed aicontent, speedpix, aidge). */
async function openSpeedpixForm(d: Awaited<ReturnType<typeof dashboard>>) {
  const shows = (pattern: RegExp) => () => pattern.test(d.ui.lastFrame() ?? '')
  await until(shows(/new job/), 'the dashboard')
  await d.type('n')
  await until(shows(/New job/), 'the form')
  await d.type(KEY.up, KEY.up)
  await until(shows(/› provider/), 'focus on provider')
  await d.type(KEY.right)
  await until(shows(/‹ speedpix ›/), 'speedpix')
  await d.type(KEY.down, KEY.down)
  await until(shows(/› prompt/), 'focus on prompt')
}

describe('dashboard', () => {
  it('shows the demo marker, the empty list and the keys', async () => {
    const d = await dashboard()
    const frame = d.ui.lastFrame() ?? ''
    expect(frame).toContain('DEMO')
    expect(frame).toContain('No jobs')
    expect(frame).toContain('new job')
  })

  it('takes keys typed the moment a view is drawn, before React has run its effects', async () => {
    const d = await dashboard()
    const frame = () => d.ui.lastFrame() ?? ''
    await until(() => /new job/.test(frame()), 'the dashboard', undefined, frame)
    await d.connection.client.providers.list()
    await tick()
    d.ui.stdin.write('n')
    // Poll between React's own tasks rather than on a timer: the keys land right after the
    // form's first frame, where a listener subscribed by the form's effects would not be yet.
    for (let i = 0; i < 1000 && !/New job/.test(frame()); i++)
      await new Promise((r) => setImmediate(r))
    d.ui.stdin.write(KEY.up)
    d.ui.stdin.write(KEY.up)
    await tick()
    expect(frame()).toMatch(/› provider/)
  })

  it('opens the form for `n` typed as the providers arrive, before the redraw', async () => {
    const setup = await demoSetup()
    const real = setup.connection.client
    const providers = await real.providers.list()
    let release = () => {}
    const listed = new Promise<typeof providers>((resolve) => {
      release = () => resolve(providers)
    })
    const client = { ...real, providers: { ...real.providers, list: () => listed } }
    const controller = new JobsController({ client, book: setup.book, scope: 'test', flushMs: 0 })
    const { actions } = fakeActions()
    const ui = render(
      <App
        connection={{ ...setup.connection, client }}
        controller={controller}
        actions={actions}
        tickMs={0}
      />,
    )
    cleanup.push(() => {
      ui.unmount()
      controller.close()
    })
    await tick()
    release()
    // The providers are handed over (a microtask); React redraws for them later.
    await listed
    ui.stdin.write('n')
    await until(
      () => /New job/.test(ui.lastFrame() ?? ''),
      'the form',
      2000,
      () => ui.lastFrame() ?? '',
    )
  })

  it('shows an invalid value at its field and sends nothing until it is fixed', async () => {
    const d = await dashboard()
    await openSpeedpixForm(d)
    expect(d.ui.lastFrame()).toContain('txt2img')
    await d.type(KEY.enter)
    expect(d.ui.lastFrame()).toMatch(/prompt \*.*\n.*✗ required/)
    expect(d.controller.snapshot()).toHaveLength(0)
    await d.type(...'a red kite'.split(''))
    const widthRow = (d.ui.lastFrame() ?? '').split('\n').findIndex((l) => l.includes('width'))
    const promptRow = (d.ui.lastFrame() ?? '').split('\n').findIndex((l) => l.includes('prompt *'))
    expect(widthRow).toBeGreaterThan(promptRow)
    // Walk down to the width field and type something that is not a number.
    for (let i = 0; i < 10 && !/› width/.test(d.ui.lastFrame() ?? ''); i++) await d.type(KEY.down)
    await d.type('w', 'i', 'd', 'e')
    expect(d.ui.lastFrame()).toMatch(/✗ expected a whole number/)
    await d.type(KEY.enter)
    expect(d.controller.snapshot()).toHaveLength(0)
    await d.type(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, '2', '5', '6')
    await d.type(KEY.enter)
    await until(() => d.controller.snapshot().length === 1, 'the job to be submitted')
    await until(() => /speedpix\s+txt2img/.test(d.ui.lastFrame() ?? ''), 'the job row')
  })

  it("shows a refusal at its field, and one about the request as the form's message", async () => {
    const d = await dashboard()
    const gatewayRefusal = (path: string, message: string) =>
      surfaceApiError(
        new DarkroomApiError(`Darkroom gateway: POST /v1/jobs answered 400: ${message}.`, {
          status: 400,
          code: 'invalid_input',
          retryable: false,
          route: 'POST /v1/jobs',
          problem: {
            type: 'urn:darkroom:problem:invalid_input',
            title: 'Invalid input',
            status: 400,
            detail: `${message}.`,
            code: 'invalid_input',
            retryable: false,
            requestId: 'req-1',
            errors: [{ path, message }],
          },
        }),
      )
    const refusals = [
      gatewayRefusal('prompt', 'is refused by the gateway'),
      gatewayRefusal('(operation)', 'speedpix has no operation "txt2img" today'),
    ]
    // What the remote transport throws: core's InvalidInputError, whatever the transport.
    for (const refusal of refusals) expect(InvalidInputError.isInstance(refusal)).toBe(true)
    d.connection.client.jobs.create = async () => {
      throw refusals.shift()
    }
    await openSpeedpixForm(d)
    await d.type(...'a kite'.split(''), KEY.enter)
    await until(() => /✗ is refused by the gateway/.test(d.ui.lastFrame() ?? ''), 'the field error')
    await d.type(KEY.enter)
    await until(
      () => /has no operation "txt2img" today/.test(d.ui.lastFrame() ?? ''),
      'the message about the operation',
    )
    expect(d.controller.snapshot()).toHaveLength(0)
  })

  it('follows a job to succeeded, opens its detail with a preview, and saves the image', async () => {
    const d = await dashboard()
    await openSpeedpixForm(d)
    await d.type(...'a heron'.split(''), KEY.enter)
    await until(() => d.controller.snapshot().length === 1, 'the job to be submitted')
    await d.clock.run(async () => {
      for (let i = 0; i < 200 && d.controller.snapshot()[0]?.entry.job.state !== 'succeeded'; i++)
        await d.clock.advance(1000)
    })
    await until(() => /succeeded/.test(d.ui.lastFrame() ?? ''), 'succeeded on screen')
    await d.type(KEY.enter)
    await until(() => /\[preview \d+ bytes\]/.test(d.ui.lastFrame() ?? ''), 'the image preview')
    const detail = d.ui.lastFrame() ?? ''
    expect(detail).toContain('raw status')
    expect(detail).toContain('succeeded')
    expect(detail).toMatch(/\[preview \d+ bytes\]/)
    await d.type('s')
    await until(() => d.calls.length > 0, 'the save')
    await until(() => (d.ui.lastFrame() ?? '').includes('saved /saved/'), 'the saved note')
    expect(d.calls[0]).toMatch(/^save .*-0\.png$/)
    expect(d.ui.lastFrame()).toContain('saved /saved/')
    await d.type(KEY.esc)
    expect(d.ui.lastFrame()).toContain('PROVIDER')
  })

  it('filters the list, and shows an import error instead of crashing', async () => {
    const d = await dashboard()
    await openSpeedpixForm(d)
    await d.type(...'first'.split(''), KEY.enter)
    await until(() => d.controller.snapshot().length === 1, 'the job to be submitted')
    await d.type('/', 'a', 'i', 'd', 'g', 'e', KEY.enter)
    expect(d.ui.lastFrame()).toContain('No job matches "aidge". Press esc to clear the filter')
    await d.type(KEY.esc)
    expect(d.ui.lastFrame()).toMatch(/speedpix/)
    await d.type('i', ...'no-such-task'.split(''), KEY.enter)
    await until(() => /✗ /.test(d.ui.lastFrame() ?? ''), 'the import error')
    await d.type(KEY.esc)
    expect(d.ui.lastFrame()).toContain('PROVIDER')
  })
})

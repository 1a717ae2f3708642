// End to end: the real `pnpm start` in a 120×35 tmux terminal, driven by key presses. It runs
// in real time (a real terminal cannot be given a virtual clock); the job is kept short with a
// [[duration:1]] marker, and every wait polls the screen with a deadline.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const session = `darkroom-e2e-${process.pid}`
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'])
    return true
  } catch {
    return false
  }
})()

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' })
const screen = () => tmux('capture-pane', '-p', '-t', session)
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    last = screen()
    if (pattern.test(last)) return last
    await sleep(200)
  }
  throw new Error(`screen never showed ${pattern}; last screen:\n${last}`)
}

describe.skipIf(!hasTmux)('pnpm start in tmux', () => {
  afterAll(() => {
    try {
      tmux('kill-session', '-t', session)
    } catch {
      // already gone: the test quit the dashboard
    }
  })

  it('submits a job through the form, sees it succeed, opens its detail, and quits', async () => {
    const state = mkdtempSync(join(tmpdir(), 'darkroom-e2e-'))
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '120',
      '-y',
      '35',
      `cd '${root}' && DARKROOM_STATE_DIR='${state}' pnpm start; echo DARKROOM-EXITED-$?; sleep 30`,
    )
    await waitFor(/DEMO/, 60_000)
    // New job → provider speedpix → operation txt2img → prompt.
    keys('n')
    await waitFor(/New job/, 10_000)
    keys('Up', 'Up', 'Right', 'Down', 'Down')
    await waitFor(/speedpix/, 5000)
    keys('-l', 'a lighthouse at dusk [[duration:1]]')
    keys('Enter')
    await waitFor(/speedpix\s+txt2img/, 10_000)
    const list = await waitFor(/succeeded/, 60_000)
    keys('Enter')
    const detail = await waitFor(/image 1 of 1/, 30_000)
    expect(detail).toContain('raw status')
    expect(detail).toMatch(/state\s+succeeded/)
    const captures = join(import.meta.dirname, '..', 'test-captures')
    try {
      execFileSync('mkdir', ['-p', captures])
      writeFileSync(join(captures, 'dashboard.txt'), list)
      writeFileSync(join(captures, 'detail.txt'), detail)
    } catch {
      // captures are a convenience for humans; never fail the test on them
    }
    keys('Escape')
    await waitFor(/PROVIDER/, 5000)
    keys('q')
    expect(await waitFor(/DARKROOM-EXITED-\d+/, 15_000)).toContain('DARKROOM-EXITED-0')
  }, 180_000)
})

// End to end: the real `pnpm start` in tmux terminals, driven by key presses, read back with
// their escape codes. It runs in real time (a real terminal cannot be given a virtual clock);
// the job is kept short with a [[duration:1]] marker, and every wait polls the screen with a
// deadline.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const tui = join(root, 'apps/tui')
// Helpers that share a machine can give their sessions their own prefix.
const prefix = `${process.env.DARKROOM_E2E_TMUX_PREFIX ?? 'darkroom-e2e'}-${process.pid}`
const sessions: string[] = []
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'])
    return true
  } catch {
    return false
  }
})()

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** A Select Graphic Rendition sequence with `param` among its parameters. */
const sgr = (param: string) => new RegExp(`\u001b\\[(?:[0-9;]*;)?${param}(?:;[0-9;]*)?m`)
/** A colour: 30-37, 40-47, 90-97, 100-107, or 38/48 (256 or RGB). */
const COLOUR_SGR = sgr('(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])')
/** The preview's pixels: 256-colour or truecolor. */
const PIXEL_SGR = sgr('[34]8;[25];[0-9;]*')
/** Inverse video: the selected row. */
const INVERSE_SGR = sgr('7')

/**
 * What `pnpm start` runs (its `start` script), run from `dir` without pnpm: pnpm always starts
 * the command from the workspace root (its INIT_CWD), so only this way can a test tell that
 * images are saved where the command was started rather than where its package is. tsx is given
 * the package's tsconfig, which it would otherwise look for in `dir`; INIT_CWD is unset, as
 * `pnpm test` sets it for the tests, and tmux passes its own environment on.
 */
const direct = (dir: string) =>
  `cd '${dir}' && env -u INIT_CWD '${tui}/node_modules/.bin/tsx' --tsconfig '${tui}/tsconfig.json' --conditions=@darkroom/source '${tui}/src/bin.ts'`

/** `command` (default `pnpm start` at the root) in a new tmux terminal of `width`×`height`. */
function terminal(
  name: string,
  size: { width: number; height: number },
  env: Record<string, string>,
  start = `cd '${root}' && pnpm start`,
) {
  const session = `${prefix}-${name}`
  sessions.push(session)
  const vars = Object.entries(env)
    .map(([k, v]) => `export ${k}='${v}'; `)
    .join('')
  const command = `${vars}${start}; echo DARKROOM-EXITED-$?; sleep 30`
  const { width, height } = size
  tmux('new-session', '-d', '-s', session, '-x', String(width), '-y', String(height), command)
  const screen = (escapes = false) =>
    tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', session)
  const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k)
  const paste = (text: string) => {
    tmux('set-buffer', '-b', session, text)
    // -p: bracketed, as a terminal pastes into an application that asked for it.
    tmux('paste-buffer', '-p', '-d', '-b', session, '-t', session)
  }
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
  return { screen, keys, paste, waitFor }
}

describe.skipIf(!hasTmux)('pnpm start in tmux', () => {
  const state = mkdtempSync(join(tmpdir(), 'darkroom-e2e-'))
  const started = mkdtempSync(join(tmpdir(), 'darkroom-e2e-start-'))
  afterAll(() => {
    for (const session of sessions) {
      try {
        tmux('kill-session', '-t', session)
      } catch {
        // already gone: the test quit the dashboard
      }
    }
  })

  it('submits a job through the form in colour from the directory it was started in, takes bursts and a paste, previews, saves, and quits', async () => {
    const t = terminal(
      'main',
      { width: 120, height: 35 },
      { DARKROOM_STATE_DIR: state },
      direct(started),
    )
    await t.waitFor(/DEMO/, 60_000)
    expect(t.screen(true)).toMatch(COLOUR_SGR)
    // New job → provider speedpix → operation txt2img → prompt.
    t.keys('n')
    await t.waitFor(/New job/, 10_000)
    t.keys('Up', 'Up', 'Right', 'Down', 'Down')
    await t.waitFor(/speedpix/, 5000)
    t.keys('-l', 'typed too fast')
    await t.waitFor(/typed too fast/, 5000)
    // 300 Backspaces in one go: every one erases (they used to be typed as invisible characters).
    t.keys(...Array.from({ length: 300 }, () => 'BSpace'))
    await t.waitFor(/prompt \*\s+What to draw/, 5000)
    // A pasted line break is a space, not an Enter that submits half the prompt.
    t.paste('a lighthouse\nat dusk [[duration:1]]')
    const form = await t.waitFor(/a lighthouse at dusk \[\[duration:1\]\]/, 5000)
    expect(form).toContain('New job')
    expect(form).toMatch(/prompt \*\s+a lighthouse at dusk/)
    t.keys('Enter')
    await t.waitFor(/speedpix\s+txt2img/, 10_000)
    const list = await t.waitFor(/succeeded/, 60_000)
    // The selected row is highlighted (inverse video), the state in its colour.
    expect(t.screen(true)).toMatch(INVERSE_SGR)
    t.keys('Enter')
    const detail = await t.waitFor(/image 1 of 1/, 30_000)
    expect(detail).toContain('raw status')
    expect(detail).toMatch(/state\s+succeeded/)
    const coloured = t.screen(true)
    expect(coloured).toMatch(PIXEL_SGR)
    t.keys('s')
    const saves = join(started, 'darkroom-images')
    await t.waitFor(new RegExp(`saved ${saves}/\\S+-0\\.png`), 10_000)
    expect(readdirSync(saves)).toHaveLength(1)
    try {
      const captures = join(import.meta.dirname, '..', 'test-captures')
      mkdirSync(captures, { recursive: true })
      writeFileSync(join(captures, 'dashboard.txt'), list)
      writeFileSync(join(captures, 'detail.txt'), detail)
      writeFileSync(join(captures, 'detail.ansi'), coloured)
    } catch {
      // captures are a convenience for humans; never fail the test on them
    }
    t.keys('Escape')
    await t.waitFor(/PROVIDER/, 5000)
    t.keys('q')
    expect(await t.waitFor(/DARKROOM-EXITED-\d+/, 15_000)).toContain('DARKROOM-EXITED-0')
  }, 180_000)

  it('runs as `pnpm start`, honours NO_COLOR, and fits a 60×15 terminal by dropping columns', async () => {
    const t = terminal(
      'plain',
      { width: 60, height: 15 },
      { DARKROOM_STATE_DIR: state, NO_COLOR: '1' },
    )
    // The first test's job is in the history: one row under the heading.
    const screen = await t.waitFor(/speedpix\s+txt2img/, 60_000)
    expect(screen).toMatch(/^\s+PROVIDER\s+OPERATION\s+STATE\s+PROGRESS\s*$/m)
    expect(screen).toMatch(/^> speedpix\s+txt2img\s+succeeded\s+\[#+\] 100%\s*$/m)
    expect(t.screen(true)).not.toMatch(COLOUR_SGR)
    t.keys('/')
    t.keys('-l', 'nothing-like-it')
    await t.waitFor(/No job matches "nothing-like-it"/, 5000)
    // Esc ends typing, a second Esc clears the filter (each sent alone: ESC and a key in one
    // read are Alt+key).
    t.keys('Escape')
    await t.waitFor(/filter: nothing-like-it$/m, 5000)
    t.keys('Escape')
    await t.waitFor(/speedpix\s+txt2img/, 5000)
    t.keys('q')
    expect(await t.waitFor(/DARKROOM-EXITED-\d+/, 15_000)).toContain('DARKROOM-EXITED-0')
    expect(existsSync(join(root, 'apps/tui/darkroom-images'))).toBe(false)
  }, 120_000)
})

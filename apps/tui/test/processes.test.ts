// The `darkroom` command as separate processes in demo mode, as a user runs the README's examples:
// real processes on a temporary data directory, in real time only as far as processes take to
// start (every job is kept to a second with a [[duration:1]] marker).
import { execFile } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const APP = resolve(import.meta.dirname, '..')
const CREDENTIALS = /^(ALIBABA_CLOUD_|SPEEDPIX_|AIDGE_|DARKROOM_)/
// Root ignores file permissions; without these two capabilities it is held to them like anyone.
const AS_ANYONE = [
  '--inh-caps=-dac_override,-dac_read_search',
  '--bounding-set=-dac_override,-dac_read_search',
]

interface Run {
  code: number
  out: string
  err: string
}

/** Runs `darkroom ...args` in demo mode (no credentials) on the data directory `dir`. */
function darkroom(dir: string, args: string[], options: { asAnyone?: boolean } = {}): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CREDENTIALS.test(k)))
  const node = [process.execPath, '--conditions=@darkroom/source', '--import', 'tsx', 'src/bin.ts']
  const [command, ...rest] =
    options.asAnyone && process.getuid?.() === 0 ? ['setpriv', ...AS_ANYONE, ...node] : node
  return new Promise((done) => {
    execFile(
      command as string,
      [...rest, ...args],
      { cwd: APP, env: { ...env, DARKROOM_DATA_DIR: dir, NO_COLOR: '1' }, timeout: 90_000 },
      (error, out, err) => done({ code: error ? Number(error.code ?? 99) : 0, out, err }),
    )
  })
}

const submit = (dir: string, prompt: string) =>
  darkroom(dir, [
    '--json',
    'submit',
    '--provider',
    'speedpix',
    '--operation',
    'txt2img',
    '--prompt',
    `${prompt} [[duration:1]]`,
  ])

const idOf = (run: Run): string => {
  expect(run.code, run.err).toBe(0)
  return (JSON.parse(run.out) as { id: string }).id
}

describe('darkroom as separate commands in demo mode', { timeout: 180_000 }, () => {
  it('runs the README sequence: submit, status, watch, list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'darkroom-seq-'))
    const id = idOf(await submit(dir, 'a red kite'))
    const status = await darkroom(dir, ['status', id])
    expect(status.code, status.err).toBe(0)
    expect(status.out).toMatch(/speedpix\/txt2img {2}(queued|running|succeeded)/)
    const watch = await darkroom(dir, ['--json', 'watch', id])
    expect(watch.code, watch.err).toBe(0)
    expect(JSON.parse(watch.out)).toMatchObject({ id, state: 'succeeded' })
    expect(JSON.parse(watch.out).images).toHaveLength(1)
    const list = await darkroom(dir, ['list'])
    expect(list.code, list.err).toBe(0)
    expect(list.out).toContain(id)
    expect(list.out).toMatch(/speedpix\/txt2img {2}succeeded/)
  })

  it('loses no job to eight submits at once and a watch running beside them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'darkroom-many-'))
    const first = idOf(await submit(dir, 'the first'))
    const [watch, ...submits] = await Promise.all([
      darkroom(dir, ['--json', 'watch', first]),
      ...Array.from({ length: 8 }, (_, n) => submit(dir, `kite ${n}`)),
    ])
    expect(watch?.code, watch?.err).toBe(0)
    const ids = [first, ...submits.map(idOf)]
    expect(new Set(ids).size).toBe(9)
    const list = await darkroom(dir, ['--json', 'list'])
    expect(list.code, list.err).toBe(0)
    const listed = (JSON.parse(list.out) as { id: string; state: string }[]).map((j) => j.id)
    expect(listed.sort()).toEqual([...ids].sort())
    // The watch's final snapshot was written to the history, not lost to the submits' writes.
    const finished = JSON.parse(list.out).find((j: { id: string }) => j.id === first)
    expect(finished.state).toBe('succeeded')
  })

  it('refuses a history it may not read (root-owned after a sudo run), naming it, untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'darkroom-ro-'))
    const id = idOf(await submit(dir, 'kept'))
    const path = join(dir, 'history.db')
    chmodSync(path, 0o000)
    const before = readFileSync(path)
    for (const args of [
      ['list'],
      ['--json', 'submit', '--provider', 'speedpix', '--operation', 'txt2img', '--prompt', 'x'],
    ]) {
      const run = await darkroom(dir, args, { asAnyone: true })
      expect(run.code).toBe(3)
      expect(run.err).toContain(`The job history ${path}`)
      expect(run.err).toMatch(/may read and write the file/)
    }
    chmodSync(path, 0o600)
    expect(readFileSync(path).equals(before)).toBe(true)
    const list = await darkroom(dir, ['--json', 'list'])
    expect((JSON.parse(list.out) as { id: string }[]).map((j) => j.id)).toEqual([id])
  })
})

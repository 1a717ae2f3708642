import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliHarness } from '../../test/cli-harness.js'
import { EXIT } from './exit-codes.js'

const PNG = [0x89, 0x50, 0x4e, 0x47]
const kite = (count: string, ...more: string[]) => [
  '--json',
  'submit',
  '--provider',
  'speedpix',
  '--operation',
  'txt2img',
  '--prompt',
  'a kite',
  '--width',
  '256',
  '--height',
  '256',
  '--count',
  count,
  ...more,
]

/** A harness with one succeeded two-image job; `id` and `pid` (its provider job id). */
async function withJob() {
  const h = await cliHarness()
  expect(await h.run(...kite('2', '--wait'))).toBe(EXIT.ok)
  const job = JSON.parse(h.out.pop() as string) as { id: string; providerJobId: string }
  h.err.length = 0
  return { ...h, id: job.id, pid: job.providerJobId }
}

describe('darkroom image', () => {
  it('writes every image to the start directory as <provider-job-id>-<index>.<ext>, paths on stdout', async () => {
    const h = await withJob()
    expect(await h.run('image', h.id)).toBe(EXIT.ok)
    const names = [`${h.pid}-0.png`, `${h.pid}-1.png`]
    expect(h.out.pop()).toBe(names.map((n) => join(h.dir, n)).join('\n'))
    expect(readdirSync(h.dir)).toEqual(expect.arrayContaining(names))
    expect([...readFileSync(join(h.dir, names[0] as string)).subarray(0, 4)]).toEqual(PNG)
  })

  it('refuses to overwrite without --force, writing nothing; --force overwrites', async () => {
    const h = await withJob()
    expect(await h.run('image', h.id, '--index', '1')).toBe(EXIT.ok)
    expect(await h.run('image', h.id)).toBe(EXIT.badInput)
    expect(h.err.join('\n')).toMatch(/-1\.png already exists; add --force to overwrite/)
    expect(existsSync(join(h.dir, `${h.pid}-0.png`))).toBe(false)
    expect(await h.run('image', h.id, '--force')).toBe(EXIT.ok)
    expect(existsSync(join(h.dir, `${h.pid}-0.png`))).toBe(true)
  })

  it('writes one image as raw bytes to stdout with --out -, and asks for --index when there are more', async () => {
    const h = await withJob()
    expect(await h.run('image', h.id, '--out', '-')).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(
      /--out - writes one image, and .* has 2: add --index N \(one of 0, 1\)/,
    )
    expect(await h.run('image', h.id, '--out', '-', '--index', '1')).toBe(EXIT.ok)
    expect(h.raw).toHaveLength(1)
    expect([...(h.raw[0] as Uint8Array).subarray(0, 4)]).toEqual(PNG)
    expect(h.out).toEqual([])
  })

  it('takes a file name for one image and a directory (relative to the start) for several', async () => {
    const h = await withJob()
    expect(await h.run('image', h.id, '--index', '0', '--out', 'kite.png')).toBe(EXIT.ok)
    expect(existsSync(join(h.dir, 'kite.png'))).toBe(true)
    expect(await h.run('image', h.id, '--out', 'kites')).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(/has 2 images, so --out must be a directory: .*--out kites\//)
    expect(await h.run('image', h.id, '--out', 'kites/')).toBe(EXIT.ok)
    expect(readdirSync(join(h.dir, 'kites'))).toHaveLength(2)
    mkdirSync(join(h.dir, 'existing'))
    expect(await h.run('--json', 'image', h.id, '--index', '1', '--out', 'existing')).toBe(EXIT.ok)
    expect(JSON.parse(h.out.pop() as string)).toEqual([
      { index: 1, mimeType: 'image/png', path: join(h.dir, 'existing', `${h.pid}-1.png`) },
    ])
  })

  it('says what is wrong with a bad --index, an unfinished or a failed job', async () => {
    const h = await withJob()
    expect(await h.run('image', h.id, '--index', '2')).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(/--index must be one of 0, 1 \(the job has 2 images\), got "2"/)
    expect(await h.run(...kite('1'))).toBe(EXIT.ok)
    const queued = JSON.parse(h.out.pop() as string).id as string
    expect(await h.run('image', queued)).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(/is still (queued|running); `darkroom watch .* --out DIR`/)
    const doomed = kite('1', '--wait', '--prompt', 'doomed [[fail:failed]]')
    expect(await h.run(...doomed)).toBe(EXIT.jobFailed)
    const failed = JSON.parse(h.out.pop() as string).id as string
    expect(await h.run('image', failed)).toBe(EXIT.jobFailed)
    expect(h.err.pop()).toMatch(/has no images: it failed/)
  })
})

describe('--out on submit --wait and watch', () => {
  it('saves the images once the job succeeds, saying where on stderr', async () => {
    const h = await cliHarness()
    expect(await h.run(...kite('2', '--wait', '--out', 'out'))).toBe(EXIT.ok)
    const job = JSON.parse(h.out.pop() as string) as { id: string; providerJobId: string }
    const saved = h.err.filter((line) => line.startsWith('saved '))
    expect(saved).toEqual(
      [0, 1].map((i) => `saved ${join(h.dir, 'out', `${job.providerJobId}-${i}.png`)}`),
    )
    expect(await h.run('watch', job.id, '--out', 'again')).toBe(EXIT.ok)
    expect(readdirSync(join(h.dir, 'again'))).toHaveLength(2)
    expect(await h.run('watch', job.id, '--out', 'again')).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(/these files already exist: .*; add --force/)
  })

  it('refuses --out without --wait, and --out - where stdout carries the job', async () => {
    const h = await cliHarness()
    expect(await h.run(...kite('1', '--out', 'x'))).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(/--out saves the images once the job is done, so it needs --wait/)
    expect(await h.run(...kite('1', '--wait', '--out', '-'))).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(/--out - is for `darkroom image ID --out -`/)
  })
})

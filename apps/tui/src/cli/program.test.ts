import { describe, expect, it } from 'vitest'
import { cliHarness as harness } from '../../test/cli-harness.js'
import { EXIT } from './exit-codes.js'

describe('darkroom command line', () => {
  it('prints help instead of opening the dashboard without a TTY', async () => {
    const h = await harness()
    expect(await h.run()).toBe(EXIT.ok)
    expect(h.opened).toEqual([])
    expect(h.out.join('')).toMatch(/Usage: darkroom/)
    expect(h.out.join('')).toContain('Exit codes')
  })

  it('has --help on every subcommand', async () => {
    for (const command of ['submit', 'status', 'watch', 'image', 'list', 'emulator']) {
      const h = await harness()
      expect(await h.run(command, '--help')).toBe(EXIT.ok)
      expect(h.out.join('')).toContain(`Usage: darkroom ${command}`)
    }
  })

  it('submits with --wait and --json: machine-readable output only, exit 0 on success', async () => {
    const h = await harness()
    const code = await h.run(
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
      '--wait',
    )
    expect(code).toBe(EXIT.ok)
    expect(h.out).toHaveLength(1)
    const job = JSON.parse(h.out[0] as string)
    expect(job).toMatchObject({ provider: 'speedpix', operation: 'txt2img', state: 'succeeded' })
    expect(h.err.length).toBeGreaterThan(0) // progress went to stderr
  })

  it('exits 1 when the job fails', async () => {
    const h = await harness()
    const code = await h.run(
      '--json',
      'submit',
      '--provider',
      'speedpix',
      '--operation',
      'txt2img',
      '--prompt',
      'doomed [[fail:failed]]',
      '--wait',
    )
    expect(code).toBe(EXIT.jobFailed)
    expect(JSON.parse(h.out[0] as string).state).toBe('failed')
  })

  it('exits 2 on bad input, saying what was wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['submit', '--provider', 'speedpix'], /needs --operation/],
      [
        ['submit', '--provider', 'nope', '--operation', 'x'],
        /Allowed choices are aicontent, speedpix, aidge/,
      ],
      [['submit', '--provider', 'speedpix', '--operation', 'upscale'], /no operation "upscale"/],
      [
        ['submit', '--provider', 'speedpix', '--operation', 'txt2img', '--input', '{bad'],
        /--input is not valid JSON/,
      ],
      [
        [
          'submit',
          '--provider',
          'speedpix',
          '--operation',
          'txt2img',
          '--prompt',
          'x',
          '--width',
          'wide',
        ],
        /--width must be a whole number/,
      ],
      [
        [
          'submit',
          '--provider',
          'speedpix',
          '--operation',
          'txt2img',
          '--prompt',
          'x',
          '--width',
          '13',
        ],
        /width/,
      ],
      [['status', 'not-a-job-id'], /not a Darkroom job id/],
      [['frobnicate'], /unknown command/],
    ]
    for (const [argv, message] of cases) {
      const h = await harness()
      expect(await h.run(...argv), argv.join(' ')).toBe(EXIT.badInput)
      expect(h.err.join('\n')).toMatch(message)
    }
  })

  it('remembers submitted jobs: list, status and watch work on them', async () => {
    const h = await harness()
    await h.run(
      '--json',
      'submit',
      '--provider',
      'aidge',
      '--operation',
      'virtual-model',
      '--image-url',
      'https://example.com/a.png',
      '--input',
      '{"model":"WHITE"}',
    )
    const id = JSON.parse(h.out.pop() as string).id as string
    expect(await h.run('--json', 'list')).toBe(EXIT.ok)
    expect(JSON.parse(h.out.pop() as string).map((j: { id: string }) => j.id)).toEqual([id])
    expect(await h.run('--json', 'status', id)).toBe(EXIT.ok)
    expect(JSON.parse(h.out.pop() as string).id).toBe(id)
    expect(await h.run('--json', 'watch', id)).toBe(EXIT.ok)
    expect(JSON.parse(h.out.pop() as string).state).toBe('succeeded')
    expect(await h.run('list')).toBe(EXIT.ok)
    expect(h.out.pop()).toContain('aidge/virtual-model')
  })
})

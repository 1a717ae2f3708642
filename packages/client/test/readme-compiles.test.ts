// The README's TypeScript examples compile under `strict`, as a user's project would compile
// them. A block whose first line is `// Does not compile` must fail instead (none does today:
// the refused calls are shown with `@ts-expect-error`, which fails if the call compiles).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PACKAGE_DIR, tsBlocks, typeErrors } from './readme-compile.js'

const FAILS = '// Does not compile'
const blocks = tsBlocks(readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8'))

describe("the README's code", () => {
  it('shows the typed call, run, the escape hatch, webhook verification and error handling', () => {
    const all = blocks.join('\n')
    expect(blocks.length).toBeGreaterThanOrEqual(5)
    for (const part of [
      'darkroom.run(',
      'jobs.images(',
      'untypedRequest(',
      '@ts-expect-error',
      'verifyWebhook(',
    ]) {
      expect(all).toContain(part)
    }
    expect(all).toMatch(/InvalidInputError\.isInstance/)
  })

  it('compiles under strict, each block on its own; marked blocks fail', () => {
    // A mistake the check must catch, so a checker that sees nothing fails here.
    const canary = "import { createClient } from '@darkroom/client'\ncreateClient({ baseUrl: 1 })\n"
    const [canaryErrors = [], ...errors] = typeErrors([canary, ...blocks])
    expect(canaryErrors.join('\n')).toMatch(/line 2: .*number.*string/)
    for (const [i, block] of blocks.entries()) {
      const label = `README block ${i + 1}:\n${block}`
      if (block.startsWith(FAILS)) expect(errors[i], label).not.toEqual([])
      else expect(errors[i], label).toEqual([])
    }
  }, 120_000)
})

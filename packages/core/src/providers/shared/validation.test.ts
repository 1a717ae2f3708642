import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../errors/index.js'
import { PROVIDERS } from '../catalog.js'
import { parseInput, toInputIssues } from './validation.js'

describe('input issues', () => {
  it('name fields relative to the input, and the input itself (input)', () => {
    const schema = v.strictObject({ size: v.object({ width: v.number('must be a number') }) })
    const nested = v.safeParse(schema, { size: { width: 'wide' } })
    expect(toInputIssues(nested.issues ?? [])).toEqual([
      { path: 'size.width', message: 'must be a number' },
    ])
    expect(() => parseInput('speedpix', 'txt2img', schema, 'a string')).toThrow(
      /Invalid input for speedpix txt2img: \(input\): /,
    )
  })

  it.each(PROVIDERS.map((p) => [p.id, p] as const))(
    '%s refuses an unknown operation at (operation), naming its operations, sending nothing',
    async (id, definition) => {
      let sent = 0
      const fetch = (async () => {
        sent += 1
        return new Response('{}')
      }) as typeof globalThis.fetch
      const options = definition.fromEnv({
        [definition.env.credentials[0]]: 'key-id',
        [definition.env.credentials[1]]: 'key-secret',
      })
      const adapter = definition.create({ ...(options as object), fetch } as never)
      const error = await adapter.submit('upscale', {}).catch((e: unknown) => e)
      expect(InvalidInputError.isInstance(error)).toBe(true)
      const names = Object.keys(definition.operations).join(', ')
      const message = `${id} has no operation "upscale" (operations: ${names})`
      expect(error).toMatchObject({
        message: `${message}.`,
        provider: id,
        issues: [{ path: '(operation)', message }],
      })
      expect(sent).toBe(0)
    },
  )
})

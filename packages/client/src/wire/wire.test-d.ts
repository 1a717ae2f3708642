import type { InputIssue } from '@darkroom/core'
import type * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import type { CreateJobRequestSchema, InputIssueSchema, ProviderInfo } from './index.js'

describe('wire types', () => {
  it("a problem's issue is core's InputIssue", () => {
    expectTypeOf<v.InferOutput<typeof InputIssueSchema>>().toEqualTypeOf<InputIssue>()
  })

  it('a job request names a provider id, an operation and an input object', () => {
    expectTypeOf<v.InferOutput<typeof CreateJobRequestSchema>>().toEqualTypeOf<{
      provider: ProviderInfo['id']
      operation: string
      input: Record<string, unknown>
    }>()
  })
})

import type { InputIssue } from '@darkroom/core'
import type * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import type {
  CreateJobRequestSchema,
  InputIssueSchema,
  ProviderInfo,
  WebhookRequest,
} from './index.js'

describe('wire types', () => {
  it("a problem's issue is core's InputIssue", () => {
    expectTypeOf<v.InferOutput<typeof InputIssueSchema>>().toEqualTypeOf<InputIssue>()
  })

  it('a job request names a provider id, an operation, an input object and maybe a webhook', () => {
    expectTypeOf<v.InferOutput<typeof CreateJobRequestSchema>>().toEqualTypeOf<{
      provider: ProviderInfo['id']
      operation: string
      input: Record<string, unknown>
      webhook?: WebhookRequest
    }>()
    expectTypeOf<WebhookRequest>().toEqualTypeOf<{
      url: string
      events: ('job.succeeded' | 'job.failed' | 'job.canceled' | 'job.progress')[]
    }>()
  })
})

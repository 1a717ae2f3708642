import type { ProviderInfo } from '@darkroom/client'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoConnection } from '../../connect.js'
import type { Press } from '../keys/press.js'
import { dashboardReducer, initialDashboardState } from './dashboard-reducer.js'
import type { DashboardState, KeyContext } from './dashboard-state.js'
import { currentFields } from './submit-view.js'

const context: KeyContext = { jobIds: ['job-1', 'job-2'], canImport: true, images: 0 }
let providers: ProviderInfo[] = []
beforeAll(async () => {
  providers = await demoConnection(1).client.providers.list()
})

/** Presses in a row on the state each leaves, as fast typing does before any redraw. */
const press = (state: DashboardState, ...presses: (Press | string)[]) =>
  presses.reduce<DashboardState>(
    (s, p) =>
      dashboardReducer(s, {
        type: 'press',
        press: typeof p === 'string' ? { text: p } : p,
        context,
      }),
    state,
  )
const start = () =>
  dashboardReducer(initialDashboardState('history set aside'), { type: 'providers', providers })

describe('dashboardReducer', () => {
  it('sends a key typed right after `n` to the form it opened', () => {
    const s = press(start(), 'n', { key: 'up' }, { key: 'up' }, { key: 'right' })
    expect(s.view).toBe('submit')
    expect(s.submit.focus).toBe(0)
    expect(s.submit.providerIndex).toBe(1)
  })

  it('types a filter word with `i` and `q` in it into the filter, not into commands', () => {
    const s = press(start(), '/', 'q', 'u', 'i', 'e', 't', { key: 'enter' })
    expect(s).toMatchObject({ view: 'list', effect: null, list: { filter: 'quiet' } })
    expect(press(s, { key: 'esc' }).list.filter).toBe('')
    expect(press(s, 'q').effect).toEqual({ kind: 'quit' })
  })

  it('opens the selected job, and goes back to the list with q, Esc or Ctrl+H', () => {
    const s = press(start(), { key: 'down' }, { key: 'enter' })
    expect(s).toMatchObject({ view: 'detail', detail: { id: 'job-2', index: 0, request: null } })
    for (const back of [{ text: 'q' }, { key: 'esc' }, { key: 'backspace' }] as Press[])
      expect(press(s, back).view).toBe('list')
    expect(press(s, 's').detail.request).toBe('save')
  })

  it('asks for a submit only with every field valid, and takes the outcome back', () => {
    const empty = press(start(), 'n', { key: 'enter' })
    expect(empty.effect).toBeNull()
    expect(empty.submit.touched).toMatchObject({ modelId: true, prompt: true })
    const filled = press(empty, 'model-1', { key: 'tab' }, 'a heron', { key: 'enter' })
    expect(filled.submit.sending).toBe(true)
    expect(filled.effect).toMatchObject({
      kind: 'submit',
      request: { provider: 'aicontent', operation: 'inference', input: { prompt: 'a heron' } },
    })
    const refused = dashboardReducer(filled, {
      type: 'submit-failed',
      errors: { prompt: 'too short' },
      message: null,
    })
    expect(refused.submit).toMatchObject({ sending: false, serverErrors: { prompt: 'too short' } })
    const done = dashboardReducer(filled, { type: 'finished', message: 'Submitted it' })
    expect(done).toMatchObject({ view: 'list', message: 'Submitted it' })
    // Opening the form again starts it afresh.
    expect(press(done, 'n').submit.serverErrors).toEqual({})
  })

  it("shows every problem at once on Enter: the fields' own and the operation schema's", () => {
    const form = press(start(), 'n', { key: 'up' }, { key: 'up' }, { key: 'right' })
    const width = currentFields(providers, form.submit).fields.findIndex((f) => f.name === 'width')
    const tabs = Array.from({ length: width + 1 }, () => ({ key: 'tab' }) as Press)
    // An empty prompt (required) and a width that is in range but not a multiple of 8.
    const s = press(form, { key: 'down' }, ...tabs, '100', { key: 'enter' })
    expect(s.effect).toBeNull()
    expect(s.submit.serverErrors).toEqual({ width: expect.stringMatching(/multiple of 8/) })
    expect(s.submit.touched.prompt).toBe(true)
    expect(s.submit.focus).toBe(2)
    // Editing the width drops the error about its old value; fixed, the job is sent.
    const fixed = press(s, ...tabs.slice(0, width), { key: 'delete' }, '4', { key: 'enter' })
    expect(fixed.submit).toMatchObject({ serverErrors: {}, focus: 2 })
    expect(press(fixed, 'a kite', { key: 'enter' }).effect).toEqual({
      kind: 'submit',
      request: {
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a kite', width: 104 },
      },
    })
  })

  it('says why import is not offered through a gateway, and needs a provider job id', () => {
    const gateway = { ...context, canImport: false }
    const refused = dashboardReducer(start(), {
      type: 'press',
      press: { text: 'i' },
      context: gateway,
    })
    expect(refused).toMatchObject({
      view: 'list',
      message: expect.stringMatching(/direct provider/),
    })
    const form = press(start(), 'i', { key: 'enter' })
    expect(form.import.error).toBe('the provider job id is required')
    expect(press(form, ' task-9 ', { key: 'enter' }).effect).toMatchObject({
      kind: 'import',
      request: { provider: 'aicontent', operation: 'inference', providerJobId: 'task-9' },
    })
  })
})

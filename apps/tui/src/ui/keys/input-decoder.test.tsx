import { useInput } from 'ink'
import { render } from 'ink-testing-library'
import { describe, expect, it } from 'vitest'
import { tick } from '../../../test/helpers.js'
import { InputDecoder } from './input-decoder.js'
import type { Press } from './press.js'

/** Hands every `useInput` call to `decoder`, collecting the presses. */
function Probe({ decoder, presses }: { decoder: InputDecoder; presses: Press[] }) {
  useInput((input, key) => {
    presses.push(...decoder.decode(input, key))
  })
  return null
}

/** Raw terminal input through Ink's own parser and `useInput`, then the decoder. */
function decoded() {
  const presses: Press[] = []
  const ui = render(<Probe decoder={new InputDecoder()} presses={presses} />)
  const send = async (raw: string) => {
    ui.stdin.write(raw)
    await tick(30)
  }
  return { presses, send, ui }
}

describe('InputDecoder', () => {
  it('applies each key of a chunk: three Backspaces at once are three erases', async () => {
    const d = decoded()
    await d.send('\u007f\u007f\u007f')
    expect(d.presses).toEqual([{ key: 'delete' }, { key: 'delete' }, { key: 'delete' }])
    d.ui.unmount()
  })

  it('splits a typed burst into characters and keys, an emoji staying whole', async () => {
    const d = decoded()
    await d.send('ab👍🏽\r\n\t\bq\u0007')
    expect(d.presses).toEqual([
      { text: 'a' },
      { text: 'b' },
      { text: '👍🏽' },
      { key: 'enter' },
      { key: 'tab' },
      { key: 'backspace' },
      { text: 'q' },
    ])
    d.ui.unmount()
  })

  it('keeps single keys as Ink names them', async () => {
    const d = decoded()
    await d.send('\u001b[A')
    await d.send('\r')
    await d.send('x')
    expect(d.presses).toEqual([{ key: 'up' }, { key: 'enter' }, { text: 'x' }])
    d.ui.unmount()
  })

  it('makes a bracketed paste one text press, its line breaks and tabs spaces, never an Enter', async () => {
    const d = decoded()
    await d.send('\u001b[200~a lighthouse\r\nat dusk\tq\u001b[201~')
    expect(d.presses).toEqual([{ text: 'a lighthouse at dusk q' }])
    // A paste split over reads, with a read that is a lone CR.
    await d.send('\u001b[200~one')
    await d.send('\r')
    await d.send('two\u001b[201~')
    expect(d.presses.slice(1)).toEqual([{ text: 'one two' }])
    d.ui.unmount()
  })

  it('drops an empty paste', async () => {
    const d = decoded()
    await d.send('\u001b[200~\u001b[201~')
    await d.send('\u001b[200~\r\n\u001b[201~')
    expect(d.presses).toEqual([{ text: ' ' }])
    d.ui.unmount()
  })
})

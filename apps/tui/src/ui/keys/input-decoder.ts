import type { Key } from 'ink'
import { type Press, toPress } from './press.js'
import { cleanText, splitGraphemes } from './text-edit.js'

/**
 * The bracketed-paste markers as Ink hands them over: Ink splits input at ESC, parses
 * `ESC [200~` as a key it has no name for, and strips the ESC.
 */
const PASTE_START = '[200~'
const PASTE_END = '[201~'
/** A paste whose end marker never comes is let go at this size rather than held forever. */
const MAX_PASTE = 1 << 20

/** The keys a terminal sends as single control characters, when several arrive in one chunk. */
const CONTROL: Record<string, Press> = {
  '\r': { key: 'enter' },
  '\n': { key: 'enter' },
  '\t': { key: 'tab' },
  '\u007f': { key: 'delete' },
  '\b': { key: 'backspace' },
  '\u0003': { key: 'ctrl-c' },
}

const plain = (key: Key) =>
  !key.ctrl && !key.meta && !key.return && !key.tab && !key.backspace && !key.delete

/**
 * Turns what Ink's `useInput` hands over into key presses. Ink passes a chunk of input as one
 * string when the terminal delivers several keys at once (a burst of typing, a key repeat, keys
 * sent by a script): this applies each of them in order, so three Backspaces erase three
 * characters instead of inserting three invisible ones. A bracketed paste (`ESC [200~` … `ESC
 * [201~`, which the dashboard asks the terminal for) becomes one text press with its line breaks
 * and tabs as spaces, never an Enter that would submit half of it.
 */
export class InputDecoder {
  /** The paste so far, between its markers; null outside a paste. */
  private paste: string | null = null

  /** The presses for one `useInput` call, in order (none while a paste is still arriving). */
  decode(input: string, key: Key): Press[] {
    if (this.paste !== null) {
      if (input === PASTE_END && plain(key)) return this.endPaste()
      this.paste += key.return ? '\r' : key.tab ? '\t' : input
      return this.paste.length > MAX_PASTE ? this.endPaste() : []
    }
    if (input === PASTE_START && plain(key)) {
      this.paste = ''
      return []
    }
    const press = toPress(input, key)
    if (!press || 'key' in press) return press ? [press] : []
    return burst(press.text)
  }

  private endPaste(): Press[] {
    const text = cleanText(this.paste ?? '')
    this.paste = null
    return text ? [{ text }] : []
  }
}

/** Each key of a chunk typed faster than it was read: characters one by one, controls by name. */
function burst(text: string): Press[] {
  const presses: Press[] = []
  // CR LF is one grapheme cluster, so one Enter.
  for (const part of splitGraphemes(text)) {
    const control = CONTROL[part === '\r\n' ? '\r' : part]
    if (control) presses.push(control)
    else if (cleanText(part) === part) presses.push({ text: part })
  }
  return presses
}

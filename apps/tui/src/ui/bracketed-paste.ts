/** Asks the terminal to mark pastes (`ESC [200~` … `ESC [201~`); xterm's private mode 2004. */
const ON = '\u001b[?2004h'
const OFF = '\u001b[?2004l'

/**
 * Turns bracketed paste on for `stream` while the dashboard runs, so a paste arrives marked and
 * is typed as text (see `InputDecoder`) instead of as keys: a pasted line break would otherwise
 * be an Enter. Returns the function that turns it off again, which also runs if the process
 * exits first. A stream that is not a terminal is left alone.
 */
export function enableBracketedPaste(stream: NodeJS.WriteStream): () => void {
  if (!stream.isTTY) return () => {}
  const off = () => {
    process.off('exit', off)
    stream.write(OFF)
  }
  stream.write(ON)
  process.on('exit', off)
  return off
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** The grapheme clusters of `text`: what a user sees as characters (`👍🏽`, `é`, `🇯🇵` are one each). */
export function splitGraphemes(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment)
}

/** `text` without its last grapheme cluster, so Backspace never leaves half an emoji (`�`). */
export function eraseLast(text: string): string {
  const parts = splitGraphemes(text)
  parts.pop()
  return parts.join('')
}

/**
 * Text as a one-line field can hold it: line breaks (CR LF, CR or LF) and tabs become spaces, so
 * a pasted paragraph stays readable, and other control characters are dropped (they would be
 * invisible in the field, yet sent).
 */
export function cleanText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/\r\n|[\r\n\t]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
}

/** `value` with typed or pasted `text` appended, cleaned by {@link cleanText}. */
export function typeInto(value: string, text: string): string {
  return value + cleanText(text)
}

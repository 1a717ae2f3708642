/** Image previews in the detail view, in terminal cells, at most. */
const PREVIEW_SIZE = { width: 40, height: 14 }
/**
 * Rows the rest of the detail screen takes: the header and its margins, 13 rows of fields, the
 * image line, the note under the preview (where `s` says where it saved), the message line and
 * a help bar that may wrap. More and the note would be pushed off the screen.
 */
const DETAIL_ROWS = 23

/** The preview that fits under the detail's fields: smaller on a small terminal, 0 rows if none. */
export function previewSizeFor(columns: number, rows: number): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(PREVIEW_SIZE.width, columns - 2)),
    height: Math.max(0, Math.min(PREVIEW_SIZE.height, rows - DETAIL_ROWS)),
  }
}

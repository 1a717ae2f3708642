/** Image previews in the detail view, in terminal cells, at most. */
const PREVIEW_SIZE = { width: 40, height: 14 }
/** Rows the detail view's fields and the dashboard's header, message and help bar take. */
const DETAIL_ROWS = 21

/** The preview that fits under the detail's fields: smaller on a small terminal, 0 rows if none. */
export function previewSizeFor(columns: number, rows: number): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(PREVIEW_SIZE.width, columns - 2)),
    height: Math.max(0, Math.min(PREVIEW_SIZE.height, rows - DETAIL_ROWS)),
  }
}

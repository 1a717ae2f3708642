/** The form's image fields: a value there may be a local file, uploaded on submit. */
export const IMAGE_FIELDS: ReadonlySet<string> = new Set(['imageUrl', 'imageUrls', 'imageBase64'])

/**
 * Whether a value of an image field names a local file rather than a URL or base64: an absolute,
 * `./`, `../` or `~/` path, or a name ending in an image extension.
 */
export function isLocalImagePath(value: string): boolean {
  if (/^(https?:|data:)/i.test(value)) return false
  return /^(\/|\.\.?\/|~\/)/.test(value) || /\.(png|jpe?g|webp|gif)$/i.test(value)
}

/** A 1×1 PNG, base64: what stands in for a local file in `imageBase64` while checking. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

/**
 * The input as the operation's schema should judge it before the upload: each local file path in
 * an image field stands in as what the upload will put there (a URL, or base64), so a path is
 * not refused for not being a URL yet.
 */
export function withUploadPlaceholders(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input }
  for (const [field, value] of Object.entries(input)) {
    if (!IMAGE_FIELDS.has(field)) continue
    const stand = (item: unknown) =>
      typeof item === 'string' && isLocalImagePath(item)
        ? field === 'imageBase64'
          ? PNG_BASE64
          : 'https://upload.invalid/image.png'
        : item
    out[field] = Array.isArray(value) ? value.map(stand) : stand(value)
  }
  return out
}

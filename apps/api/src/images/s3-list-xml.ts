/** The fields of one ListObjectsV2 page that the sweep needs. */
export interface S3ListPage {
  /** The object keys of the page, in S3's order, entities decoded. */
  keys: string[]
  /** The token of the next page; null on the last one. */
  nextToken: string | null
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Decodes XML character data; an entity XML does not define is an error, not a guess. */
function decodeText(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#\d+|[a-z]+);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new Error('a bare "&" in character data')
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)))
    const named = ENTITIES[entity]
    if (named === undefined) throw new Error(`the unknown entity "${whole}"`)
    return named
  })
}

/** The text of each `<name>…</name>` directly in `xml` (no attributes, no nesting of `name`). */
function elements(xml: string, name: string): string[] {
  const found: string[] = []
  const pattern = new RegExp(`<${name}>([\\s\\S]*?)</${name}>|<${name}\\s*/>`, 'g')
  for (const match of xml.matchAll(pattern)) found.push(match[1] ?? '')
  return found
}

/** The single `<name>` of `xml`, or null when absent; more than one is an error. */
function single(xml: string, name: string): string | null {
  const found = elements(xml, name)
  if (found.length > 1) throw new Error(`more than one <${name}>`)
  return found[0] === undefined ? null : decodeText(found[0])
}

/**
 * Reads a ListObjectsV2 answer (`<ListBucketResult>`): the keys of its `<Contents>` and, when
 * `<IsTruncated>` is true, its `<NextContinuationToken>`. Node has no DOMParser, and S3's
 * answer is a flat, fixed shape, so a strict reader of these few elements is enough; anything
 * else (another root, a truncated page without a token, a `<Contents>` without one `<Key>`)
 * throws, so a sweep never acts on a page it misread.
 */
export function parseListPage(xml: string): S3ListPage {
  const body = xml.replace(/^\uFEFF?\s*(<\?xml[^?]*\?>)?\s*/, '')
  const root = /^<ListBucketResult(\s[^>]*)?>([\s\S]*)<\/ListBucketResult>\s*$/.exec(body)
  if (!root) throw new Error('the answer is not a <ListBucketResult> document')
  const inner = root[2] ?? ''
  const keys = elements(inner, 'Contents').map((contents) => {
    const key = single(contents, 'Key')
    if (key === null) throw new Error('a <Contents> without a <Key>')
    return key
  })
  const truncated = single(inner, 'IsTruncated')
  if (truncated !== 'true' && truncated !== 'false')
    throw new Error(`<IsTruncated> is "${truncated ?? 'missing'}", not true or false`)
  if (truncated === 'false') return { keys, nextToken: null }
  const nextToken = single(inner, 'NextContinuationToken')
  if (!nextToken) throw new Error('a truncated page without a <NextContinuationToken>')
  return { keys, nextToken }
}

/** S3's error code from an error answer (`<Error><Code>…</Code>`), or null when it has none. */
export function errorCodeOf(xml: string): string | null {
  try {
    const code = single(elements(xml, 'Error')[0] ?? '', 'Code')
    return code && /^[A-Za-z0-9.]{1,64}$/.test(code) ? code : null
  } catch {
    return null
  }
}

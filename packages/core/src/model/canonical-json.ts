/** Orders an object's keys, so equal values serialize alike whoever built them. */
function sortKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/**
 * JSON text of a plain JSON value with every object's keys in order, at every depth: two values
 * equal in all but key order give the same text (snapshots compared, requests fingerprinted).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortKeys)
}

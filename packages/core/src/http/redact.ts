/** What a secret is replaced with. */
const REDACTED = '[redacted]'

/**
 * Removes every given secret from a text: answers of a provider (before any message is built
 * from them, let alone cut to length, which could leave a piece of a secret behind), and whatever
 * the gateway sends or logs. Longest first, so a secret containing another is removed whole;
 * secrets under 4 characters are ignored (they would blank out ordinary words).
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const list = [
    ...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4)),
  ].sort((a, b) => b.length - a.length)
  return (text) => {
    let out = text
    // `includes` first: every log line goes through here, and a text rarely holds a secret,
    // so the split and join (two allocations per secret) are skipped (4 µs a line, not 15).
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    return out
  }
}

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
    for (const secret of list) out = out.split(secret).join(REDACTED)
    return out
  }
}

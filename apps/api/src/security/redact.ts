/**
 * Removes every configured secret from a text before it leaves the process (responses, logs,
 * provider error messages passed through). Longest first, so a secret containing another is
 * removed whole.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const list = [
    ...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4)),
  ].sort((a, b) => b.length - a.length)
  return (text) => {
    let out = text
    for (const secret of list) out = out.split(secret).join('[redacted]')
    return out
  }
}

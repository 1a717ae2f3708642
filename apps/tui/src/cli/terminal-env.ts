/** The variables this module reads and changes (the process's own, or a test's). */
export type TerminalEnv = Record<string, string | undefined>

/**
 * The variables that make Ink believe it runs in CI (its `is-in-ci`), where it draws only the
 * last frame. Chalk's `supports-color` reads `CI` too, and any value of it, even `false`, means
 * "no colour": so they are removed rather than set to `false`.
 */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const

/**
 * Prepares the environment for the dashboard, before Ink or any colour library is loaded (they
 * read it once, when loaded). The dashboard only opens on a real terminal, so:
 * - live redrawing stays on: the CI markers are removed, so even a terminal opened from a CI
 *   job (or `.ci/run`, which sets `CI=true`) redraws and keeps its colours;
 * - colour follows the usual conventions: `NO_COLOR` (non-empty) turns it off and wins over
 *   `FORCE_COLOR`; `FORCE_COLOR` (0-3) is kept as given; otherwise the terminal's own `TERM` and
 *   `COLORTERM` decide, as chalk reads them.
 *
 * Returns what was removed, so a caller can say so when debugging.
 */
export function prepareDashboardEnv(env: TerminalEnv): string[] {
  const removed: string[] = []
  for (const name of CI_VARIABLES) {
    if (name in env) {
      delete env[name]
      removed.push(name)
    }
  }
  applyNoColor(env)
  return removed
}

/**
 * `NO_COLOR` (any non-empty value, see no-color.org) as chalk understands it: `FORCE_COLOR=0`.
 * Chalk's own `supports-color` does not read `NO_COLOR`.
 */
export function applyNoColor(env: TerminalEnv): void {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') env.FORCE_COLOR = '0'
}

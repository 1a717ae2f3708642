const MARKER = Symbol.for('darkroom.api.config-error')

/** A configuration error: names the variable and says what to do. Stops start-up. */
export class ConfigError extends Error {
  /** @internal identifies these errors across bundles. */
  readonly [MARKER] = true

  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }

  /** True for a `ConfigError`, from any copy of this module. */
  static isInstance(error: unknown): error is ConfigError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    )
  }
}

/** The environment a runtime entry hands over: variable names to their values. */
export type Env = Record<string, string | undefined>

/** A yes/no variable: 1/true/yes or 0/false/no (unset and empty are no). */
export function flag(env: Env, name: string): boolean {
  const value = env[name]?.trim().toLowerCase()
  if (value === undefined || value === '' || value === '0' || value === 'false' || value === 'no')
    return false
  if (value === '1' || value === 'true' || value === 'yes') return true
  throw new ConfigError(`${name} must be 1/true/yes or 0/false/no, got "${env[name]}".`)
}

/**
 * A whole-number variable within `[min, max]`, or `fallback` when unset or empty. `unit` names
 * what it counts in the message (`bytes`, `ms`, `connections`).
 */
export function wholeNumber(
  env: Env,
  name: string,
  range: { min: number; max: number; fallback: number; unit: string },
): number {
  const raw = env[name]?.trim()
  if (!raw) return range.fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new ConfigError(
      `${name} must be a whole number of ${range.unit} from ${range.min} to ${range.max}, got "${raw}".`,
    )
  }
  return value
}

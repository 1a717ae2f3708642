import type { CommonAdapterOptions } from '../providers/shared/adapter-options.js'
import type { OperationSpec, ProviderAdapter } from './adapter.js'

/** An environment to read configuration from: variable name to value (a plain object). */
export type Env = Readonly<Record<string, string | undefined>>

/** The environment variables one provider is configured with. */
export interface ProviderEnvNames {
  /** The two credential variables, both required when either is set (e.g. key id and secret). */
  credentials: readonly [string, string]
  /** The variable that replaces the provider's base URL (emulators, proxies). */
  baseUrl: string
}

/**
 * One provider as the rest of Darkroom sees it: everything a surface (gateway, client, terminal,
 * emulator wiring, benchmarks, OpenAPI) needs, so none of them switches on a provider id. The
 * catalogue (`providers/catalog.ts`) lists one per provider.
 */
export interface ProviderDefinition<
  Id extends string = string,
  Options extends CommonAdapterOptions = CommonAdapterOptions,
  Operations extends Readonly<Record<string, OperationSpec>> = Readonly<
    Record<string, OperationSpec>
  >,
> {
  /** The provider's id, as in `Job.provider`. */
  readonly id: Id
  /** A human name, e.g. "Alibaba Cloud AI Content". */
  readonly label: string
  /**
   * The operations it runs, by name: static specs, no adapter needed to read them. Typed per
   * provider (`Operations`) so each operation's name and input type are known at compile time.
   */
  readonly operations: Operations
  /** The adapter factory: credentials plus the options every adapter takes. */
  create(options: Options): ProviderAdapter
  /** The environment variables of {@link fromEnv}. */
  readonly env: ProviderEnvNames
  /**
   * Reads the provider's credentials and base URL from an environment (pure: pass
   * `process.env`, a Worker's `env`, or a test's object). Null when none of its credential
   * variables is set; throws a `ConfigurationError` naming the variable when one is set without
   * the other or the base URL is not an absolute http(s) URL.
   */
  fromEnv(env: Env): Options | null
  /** The secrets in `options`, for redaction from answers and logs. */
  secrets(options: Options): string[]
}

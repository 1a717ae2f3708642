// The pieces of `cloudflare:workers` and `cloudflare:test` these tests use, as
// vitest-pool-workers provides them inside workerd (its own .d.ts pulls in workers-types, which
// would replace the DOM and Node globals the rest of the project is checked against).
declare module 'cloudflare:workers' {
  export const exports: { default: { fetch(request: Request): Promise<Response> } }
  /** The main Worker's bindings (wrangler.demo.jsonc). */
  export const env: Record<string, unknown>
}

declare module 'cloudflare:test' {
  /** Runs the object's alarm now, if one is set; true when one ran. */
  export function runDurableObjectAlarm(stub: unknown): Promise<boolean>
  /** Every object created in the namespace so far. */
  export function listDurableObjectIds(namespace: unknown): Promise<{ toString(): string }[]>
  /** Runs `callback` inside the object `stub` points to, with its instance and state. */
  export function runInDurableObject<R>(
    stub: unknown,
    callback: (
      instance: unknown,
      state: {
        storage: {
          sql: {
            exec(query: string, ...bindings: unknown[]): { toArray(): Record<string, unknown>[] }
          }
        }
      },
    ) => R | Promise<R>,
  ): Promise<R>
  /** Resets every Durable Object instance, keeping their storage (an eviction). */
  export function abortAllDurableObjects(): Promise<void>
}

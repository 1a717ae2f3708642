// The few pieces of workerd's `cloudflare:workers` module the Durable Object uses, typed by hand:
// @cloudflare/workers-types would replace the DOM and Node globals every other file here is
// checked against. The names and shapes are Cloudflare's.
declare module 'cloudflare:workers' {
  /** A SQLite-backed Durable Object's storage (the parts used here). */
  export interface DurableObjectStorage {
    readonly sql: {
      exec(
        query: string,
        ...bindings: (string | number | null | ArrayBuffer)[]
      ): { toArray(): Record<string, unknown>[] }
    }
    transactionSync<T>(work: () => T): T
    get<T = unknown>(key: string): Promise<T | undefined>
    put(key: string, value: unknown): Promise<void>
    getAlarm(): Promise<number | null>
    setAlarm(scheduledTime: number): Promise<void>
    deleteAlarm(): Promise<void>
  }

  /** What a Durable Object is constructed with: its storage and its input gate. */
  export interface DurableObjectState {
    readonly storage: DurableObjectStorage
    readonly id: { toString(): string; readonly name?: string | undefined }
    blockConcurrencyWhile<T>(work: () => Promise<T>): Promise<T>
    waitUntil(promise: Promise<unknown>): void
  }

  /** A Durable Object's id, from `idFromName`. */
  export interface DurableObjectId {
    toString(): string
  }

  /** A binding to a Durable Object class; `Stub` is the object's RPC surface. */
  export interface DurableObjectNamespace<Stub = unknown> {
    idFromName(name: string): DurableObjectId
    get(id: DurableObjectId): Stub
  }

  /** Base class of a Durable Object whose public methods are callable over RPC. */
  export abstract class DurableObject<Env = unknown> {
    protected readonly ctx: DurableObjectState
    protected readonly env: Env
    constructor(ctx: DurableObjectState, env: Env)
  }
}

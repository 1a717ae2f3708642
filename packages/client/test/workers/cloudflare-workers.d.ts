// The one piece of `cloudflare:workers` these tests use: the Worker's own exports, as
// vitest-pool-workers provides them inside workerd.
declare module 'cloudflare:workers' {
  export const exports: { default: { fetch(request: Request): Promise<Response> } }
}

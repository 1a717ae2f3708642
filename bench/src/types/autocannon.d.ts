// The part of autocannon's API the gateway benchmark uses (the package ships no types).
declare module 'autocannon' {
  export interface RequestParams {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
  }
  export interface Options {
    url: string
    connections?: number
    pipelining?: number
    duration?: number
    amount?: number
    method?: string
    headers?: Record<string, string>
    body?: string
    requests?: Array<RequestParams & { setupRequest?: (req: RequestParams) => RequestParams }>
  }
  export interface Histogram {
    average: number
    mean: number
    p50: number
    p90: number
    p99: number
    max: number
    total: number
  }
  export interface Result {
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    duration: number
    connections: number
  }
  export interface Instance {
    on(
      event: 'response',
      listener: (
        client: unknown,
        statusCode: number,
        bytes: number,
        responseTimeMs: number,
      ) => void,
    ): Instance
  }
  function autocannon(options: Options): Promise<Result>
  function autocannon(
    options: Options,
    done: (error: Error | null, result: Result) => void,
  ): Instance
  export default autocannon
}

// autocannon ships no types and @types/autocannon is not a dependency: this declares only the
// part of its programmatic API (v9) that bench/lib/load.ts uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  namespace autocannon {
    type RequestParams = {
      method?: string
      path?: string
      headers?: Record<string, string>
      body?: string | Buffer
    }

    type Request = RequestParams & {
      /** Called before every request when present; returning a falsy value skips it. */
      setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams
    }

    type Options = {
      url: string
      connections?: number
      duration?: number
      pipelining?: number
      timeout?: number
      headers?: Record<string, string>
      requests?: Request[]
    }

    type Histogram = {
      average: number
      mean: number
      stddev: number
      min: number
      max: number
      total: number
      p50: number
      p99: number
    }

    type Result = {
      duration: number
      errors: number
      timeouts: number
      mismatches: number
      non2xx: number
      resets: number
      statusCodeStats: Record<string, { count: number }>
      requests: Histogram & { sent: number }
      latency: Histogram
      throughput: Histogram
    }

    /** The running instance: emits `response` (client, status, bytes, ms) and resolves. */
    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance
  export = autocannon
}

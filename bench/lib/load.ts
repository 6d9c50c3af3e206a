import autocannon from 'autocannon'
import { createLatencyRecorder } from './stats.js'

/** What one benchmark sends: fixed method and headers, and a path/body built per request. */
export type RequestPlan = {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  readonly headers: Readonly<Record<string, string>>
  /** Builds the next request (random id, unique userName, ...); called once per request. */
  next(): { path: string; body?: string }
}

export type LoadOptions = {
  readonly url: string
  readonly plan: RequestPlan
  readonly connections: number
  readonly durationSeconds: number
}

/** One measured window. Latencies are exact (see stats.ts); counts are over the whole window. */
export type LoadResult = {
  readonly requestsPerSecond: number
  readonly requests: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly non2xx: number
  /** Socket errors, timeouts and resets: requests that never got an answer. */
  readonly errors: number
  readonly statusCodes: Readonly<Record<string, number>>
  readonly seconds: number
}

/**
 * Runs autocannon against `url` for a fixed duration with `connections` keep-alive connections,
 * one request in flight on each (no pipelining: IdPs do not pipeline).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { plan } = options
  const latencies = createLatencyRecorder()
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    pipelining: 1,
    timeout: 10,
    headers: { ...plan.headers },
    requests: [
      {
        method: plan.method,
        setupRequest: (request) => {
          const next = plan.next()
          return next.body === undefined
            ? { ...request, path: next.path }
            : { ...request, path: next.path, body: next.body }
        },
      },
    ],
  })
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.record(ms)
  })
  const result = await instance
  const statusCodes: Record<string, number> = {}
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count
  return {
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
    p50Ms: latencies.percentile(50),
    p99Ms: latencies.percentile(99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts + result.resets,
    statusCodes,
    seconds: result.duration,
  }
}

/**
 * Sends a few requests of the plan one by one before any load, and throws with the status and
 * body of the first unexpected answer: a broken setup then fails in a second, readably, instead
 * of as a column of non-2xx counts after a minute of load.
 */
export async function preflight(url: string, plan: RequestPlan): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const request = plan.next()
    const response = await fetch(`${url}${request.path}`, {
      method: plan.method,
      headers: plan.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    })
    const body = await response.text()
    if (response.status < 200 || response.status > 299) {
      throw new Error(
        `preflight ${plan.method} ${request.path} answered ${response.status}: ${body.slice(0, 500)}`,
      )
    }
  }
}

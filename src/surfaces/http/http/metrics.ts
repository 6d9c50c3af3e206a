import type { FastifyInstance } from 'fastify'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

export type Metrics = { registry: Registry }

/**
 * Prometheus metrics at /metrics: process defaults plus request duration by method, route template
 * and status (route templates, not raw URLs, so ids never explode the label set).
 */
export function installMetrics(
  server: FastifyInstance,
  readings: { openDepartureBursts?: () => Promise<number> } = {},
): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'rollcall_' })
  const { openDepartureBursts } = readings
  if (openDepartureBursts)
    new Gauge({
      name: 'rollcall_departure_bursts_open',
      help: 'Departure bursts holding offboardings until an admin decides (the departure gate).',
      registers: [registry],
      async collect() {
        this.set(await openDepartureBursts())
      },
    })
  const duration = new Histogram({
    name: 'rollcall_http_request_duration_seconds',
    help: 'HTTP request duration in seconds.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const errors = new Counter({
    name: 'rollcall_http_server_errors_total',
    help: 'Responses with a 5xx status.',
    labelNames: ['route'] as const,
    registers: [registry],
  })
  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
    if (reply.statusCode >= 500) errors.inc({ route })
  })
  server.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType)
    return registry.metrics()
  })
  return { registry }
}

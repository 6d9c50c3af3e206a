import { setTimeout as delay } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { seededRandom } from './random.js'

/**
 * Fault injection shared by the emulators: a request rate limit answered with 429 and
 * `Retry-After`, random 5xx, connection resets (before the work, and after it so the answer is
 * lost), slow answers, and list pages that come back short. Seeded, so a run can be replayed.
 */
export type FaultOptions = {
  seed?: number
  /** Requests per second the app allows (a token bucket); absent: unlimited. */
  rateLimitPerSecond?: number
  /** Bucket size; defaults to one second's worth. */
  rateLimitBurst?: number
  /**
   * Share of requests answered 429 with `Retry-After: 1` whatever the rate (an app throttling
   * for reasons of its own): unlike the bucket above, it fires however slowly the client sends.
   */
  rateLimitRate?: number
  /** Share of requests answered 500/502/503 without doing the work. */
  errorRate?: number
  /** Share of connections reset: half before the work, half after it (the answer is lost). */
  resetRate?: number
  slowRate?: number
  slowMs?: number
  /** Share of list pages (not the last) that lose some or all of their resources. */
  shortPageRate?: number
}

export type FaultStats = {
  /** Every request that reached the app, 429s included. */
  requests: number
  /** Requests the rate limit let through. */
  admitted: number
  rateLimited: number
  errors: number
  resetsBefore: number
  resetsAfter: number
  slow: number
  shortPages: number
}

export type Faults = {
  readonly stats: FaultStats
  /** Changes the faults from now on (tests seed data first, then turn faults on). */
  set(options: FaultOptions): void
  /** The list handler asks whether this page comes back short. */
  shortPage(): boolean
  install(app: FastifyInstance, appliesTo: (url: string) => boolean): void
}

export function createFaults(initial: FaultOptions = {}, now: () => number = Date.now): Faults {
  return new FaultInjector(initial, now)
}

class FaultInjector implements Faults {
  readonly stats: FaultStats = {
    requests: 0,
    admitted: 0,
    rateLimited: 0,
    errors: 0,
    resetsBefore: 0,
    resetsAfter: 0,
    slow: 0,
    shortPages: 0,
  }
  private options: FaultOptions = {}
  private random: () => number = Math.random
  private readonly bucket = { tokens: 0, at: 0 }
  private readonly lostAnswers = new WeakSet<FastifyRequest>()

  constructor(
    initial: FaultOptions,
    private readonly now: () => number,
  ) {
    this.set(initial)
  }

  set(options: FaultOptions): void {
    this.options = options
    this.random = seededRandom(options.seed ?? 1)
    this.bucket.tokens = options.rateLimitBurst ?? options.rateLimitPerSecond ?? 0
    this.bucket.at = this.now()
  }

  shortPage(): boolean {
    const short = this.random() < (this.options.shortPageRate ?? 0)
    if (short) this.stats.shortPages += 1
    return short
  }

  install(app: FastifyInstance, appliesTo: (url: string) => boolean): void {
    app.addHook('onRequest', async (request, reply) => {
      if (appliesTo(request.url)) return this.onRequest(request, reply)
    })
    app.addHook('onSend', async (request, _reply, payload) => {
      if (this.lostAnswers.has(request)) {
        // The work is done and committed; the client never hears about it.
        this.stats.resetsAfter += 1
        request.raw.socket.destroy()
      }
      return payload
    })
  }

  private async onRequest(request: FastifyRequest, reply: FastifyReply) {
    this.stats.requests += 1
    // Only rolled when set, so the seeded sequence of the other faults stays as it was.
    const rate = this.options.rateLimitRate ?? 0
    const throttled = rate > 0 && this.random() < rate
    const waitMs = throttled ? 1000 : this.take()
    if (waitMs > 0) {
      this.stats.rateLimited += 1
      // RFC 9110 §10.2.3: delay-seconds is an integer; round up so a client that obeys succeeds.
      const seconds = String(Math.max(1, Math.ceil(waitMs / 1000)))
      return reply.code(429).header('retry-after', seconds).send(problem(429, 'Too many requests'))
    }
    this.stats.admitted += 1
    const roll = this.random()
    const resetRate = this.options.resetRate ?? 0
    if (roll < resetRate / 2) {
      this.stats.resetsBefore += 1
      reply.hijack()
      request.raw.socket.destroy()
      return
    }
    if (roll < resetRate) this.lostAnswers.add(request)
    else if (roll < resetRate + (this.options.errorRate ?? 0)) {
      this.stats.errors += 1
      const status = [500, 502, 503][Math.floor(this.random() * 3)] ?? 503
      return reply.code(status).send(problem(status, 'Injected server error'))
    }
    if (this.random() < (this.options.slowRate ?? 0)) {
      this.stats.slow += 1
      await delay(this.options.slowMs ?? 200)
    }
  }

  /** 0 when a request may go, else the milliseconds until one may (a token bucket). */
  private take(): number {
    const rate = this.options.rateLimitPerSecond
    if (!rate) return 0
    const at = this.now()
    const capacity = this.options.rateLimitBurst ?? rate
    this.bucket.tokens = Math.min(
      capacity,
      this.bucket.tokens + ((at - this.bucket.at) / 1000) * rate,
    )
    this.bucket.at = at
    if (this.bucket.tokens >= 1) {
      this.bucket.tokens -= 1
      return 0
    }
    return Math.ceil(((1 - this.bucket.tokens) / rate) * 1000)
  }
}

function problem(status: number, detail: string) {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(status),
    detail,
  }
}

import { type BackoffPolicy, DEFAULT_BACKOFF, fullJitterBackoff } from '../../../shared/backoff.js'
import type { Clock } from '../../../shared/clock.js'
import type { Logger } from '../../../shared/logger.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type { RateLimitHint } from '../../catalog/index.js'
import {
  CONNECTOR_ERROR_CODES,
  ConnectorError,
  classifyHttpResponse,
  isRetryableClass,
} from '../connector-errors.js'
import type { Authenticator } from './auth.js'
import {
  type BreakerOptions,
  type BreakerOutcome,
  type BreakerSnapshot,
  type CircuitBreaker,
  createCircuitBreaker,
  type QuarantineReason,
} from './circuit-breaker.js'
import { parseRateLimitHeaders } from './rate-limit-headers.js'
import type { Sleep } from './sleep.js'
import {
  type BucketSnapshot,
  type BucketTuning,
  createTokenBucket,
  type TokenBucket,
} from './token-bucket.js'
import {
  abortedError,
  type FetchLike,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  loggableUrl,
  scrub,
  secretValues,
  send,
} from './transport.js'

export type { HttpMethod, HttpRequest, HttpResponse } from './transport.js'

export type HttpClientDeps = {
  fetch: FetchLike
  clock: Clock
  /** Uniform in [0, 1); jitter for backoff. */
  random: () => number
  sleep: Sleep
  log: Logger
}

export type HttpClientOptions = {
  /** Names the connection in logs; never a secret. */
  connectionId: string
  rateLimit: RateLimitHint
  authenticate?: Authenticator
  maxAttempts?: number
  backoff?: BackoffPolicy
  timeoutMs?: number
  /** A wait longer than this is not slept through: the error goes back so a job reschedules. */
  maxInlineWaitMs?: number
  breaker?: Partial<BreakerOptions>
  bucket?: Partial<BucketTuning>
  /**
   * A bucket shared with other connections that draw on the same quota (Okta's limits are
   * org-wide: every connector of one org in a workspace shares one); replaces `rateLimit`/`bucket`.
   */
  sharedBucket?: TokenBucket
}

export interface HttpClient {
  request(request: HttpRequest): Promise<Result<HttpResponse, ConnectorError>>
  /** Whether the connection is quarantined, why and since when. */
  health(): BreakerSnapshot
  /** An operator retried a quarantined connection: the next request is a probe. */
  retryConnection(): void
  rate(): BucketSnapshot
}

/** Methods RFC 9110 §9.2.2 calls idempotent: repeating them cannot do the work twice. */
const IDEMPOTENT = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE'])

type Attempt = {
  number: number
  refreshedAuth: boolean
  secrets: string[]
  /** The auth headers the last try sent: a 401 invalidates the credential they carried. */
  sentAuth: Record<string, string>
}

type Outcome = { response: HttpResponse } | { error: ConnectorError; status?: number }

/**
 * The shared HTTP client of one connection: token bucket, circuit breaker, timeouts and retries.
 * Only `transient` and `rate_limited` failures are retried (never a 400/401/403/404/409), waiting
 * `Retry-After` when the app gives one and full-jitter backoff otherwise. Headers and bodies are
 * never logged; URLs are logged without their query.
 */
export function createHttpClient(deps: HttpClientDeps, options: HttpClientOptions): HttpClient {
  return new ConnectionHttpClient(deps, options)
}

type Settings = {
  maxAttempts: number
  backoff: BackoffPolicy
  timeoutMs: number
  maxInlineWaitMs: number
}

class ConnectionHttpClient implements HttpClient {
  private readonly deps: HttpClientDeps
  private readonly authenticate: Authenticator | undefined
  private readonly bucket: TokenBucket
  private readonly breaker: CircuitBreaker
  private readonly log: Logger
  private readonly settings: Settings

  constructor(deps: HttpClientDeps, options: HttpClientOptions) {
    this.deps = deps
    this.authenticate = options.authenticate
    this.bucket = options.sharedBucket ?? createTokenBucket(deps, options.rateLimit, options.bucket)
    this.breaker = createCircuitBreaker(deps.clock, options.breaker)
    this.log = deps.log.child({ connectionId: options.connectionId })
    this.settings = {
      maxAttempts: options.maxAttempts ?? 4,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxInlineWaitMs: options.maxInlineWaitMs ?? 60_000,
    }
  }

  async request(request: HttpRequest): Promise<Result<HttpResponse, ConnectorError>> {
    const attempt: Attempt = { number: 0, refreshedAuth: false, secrets: [], sentAuth: {} }
    for (;;) {
      const gate = this.breaker.check()
      if (!gate.allowed) return err(quarantinedError(gate.reason, gate.retryAt, this.deps.clock))
      const outcome = await this.loggedAttempt(request, attempt)
      if ('response' in outcome) {
        this.record('success', gate.probe)
        this.bucket.onSuccess()
        return ok({ ...outcome.response, attempts: attempt.number + 1 })
      }
      const next = await this.afterFailure(request, outcome.error, attempt, gate.probe)
      if (next !== 'retry') return err(next)
    }
  }

  health(): BreakerSnapshot {
    return this.breaker.snapshot()
  }

  retryConnection(): void {
    this.breaker.retry()
  }

  rate(): BucketSnapshot {
    return this.bucket.snapshot()
  }

  private async attemptOnce(request: HttpRequest, attempt: Attempt): Promise<Outcome> {
    if (!(await this.bucket.acquire(request.signal))) return { error: abortedError() }
    const auth = this.authenticate ? await this.authenticate.headers(request.signal) : ok({})
    if (!auth.ok) return { error: auth.error }
    attempt.secrets = secretValues(auth.value)
    attempt.sentAuth = auth.value
    const timeoutMs = request.timeoutMs ?? this.settings.timeoutMs
    const sent = await send(this.deps.fetch, request, auth.value, timeoutMs)
    if (!sent.ok) return { error: sent.error }
    const { status, headers, body } = sent.value
    const now = this.deps.clock.now().getTime()
    this.bucket.observe(parseRateLimitHeaders(headers, now))
    const failure = classifyHttpResponse(status, headers, body, now)
    return failure ? { error: failure, status } : { response: sent.value }
  }

  private async loggedAttempt(request: HttpRequest, attempt: Attempt): Promise<Outcome> {
    const started = this.deps.clock.now().getTime()
    const outcome = await this.attemptOnce(request, attempt)
    const durationMs = this.deps.clock.now().getTime() - started
    logAttempt(this.log, request, attempt.number, durationMs, outcome)
    if (!('error' in outcome)) return outcome
    return { ...outcome, error: scrub(outcome.error, attempt.secrets) }
  }

  /** Decides what a failed attempt leads to: another attempt, or the error to return. */
  private async afterFailure(
    request: HttpRequest,
    error: ConnectorError,
    attempt: Attempt,
    probe: boolean,
  ): Promise<'retry' | ConnectorError> {
    if (error.code === CONNECTOR_ERROR_CODES.aborted) {
      this.record('cancelled', probe)
      return error
    }
    // A 401 with a cached OAuth token often means it expired early (or the app revoked it):
    // fetch a new one and repeat the request, once; a second 401 is the answer.
    if (error.class === 'unauthorized' && this.authenticate?.invalidate && !attempt.refreshedAuth) {
      this.authenticate.invalidate(attempt.sentAuth)
      attempt.refreshedAuth = true
      this.record('cancelled', probe)
      return 'retry'
    }
    this.record(error.class, probe)
    if (error.class === 'rate_limited') this.bucket.onThrottled(error.retryAfterMs)
    const waitMs = this.retryWait(request, error, attempt)
    if (waitMs === undefined) return error
    this.log.info({ errorClass: error.class, waitMs, attempt: attempt.number }, 'retrying request')
    await this.deps.sleep(waitMs, request.signal)
    if (request.signal?.aborted) return abortedError()
    attempt.number += 1
    return 'retry'
  }

  private retryWait(request: HttpRequest, error: ConnectorError, attempt: Attempt) {
    if (!isRetryableClass(error.class)) return undefined
    const repeatable = IDEMPOTENT.has(request.method) || request.idempotencyKey !== undefined
    // A non-idempotent request is repeated only when the app refused it outright (429).
    if (!repeatable && error.class !== 'rate_limited') return undefined
    if (attempt.number + 1 >= this.settings.maxAttempts) return undefined
    const backoff = fullJitterBackoff(attempt.number, this.settings.backoff, this.deps.random)
    const waitMs = error.retryAfterMs ?? backoff
    return waitMs > this.settings.maxInlineWaitMs ? undefined : waitMs
  }

  /** Records into the breaker and logs quarantine transitions (the reason, never a credential). */
  private record(outcome: BreakerOutcome, probe: boolean): void {
    const before = this.breaker.snapshot().state
    this.breaker.record(outcome, probe)
    const after = this.breaker.snapshot()
    if (after.state === 'open' && before !== 'open') {
      this.log.warn({ reason: after.reason }, 'connection quarantined')
    } else if (after.state === 'closed' && before !== 'closed') {
      this.log.info('connection recovered')
    }
  }
}

function logAttempt(
  log: Logger,
  request: HttpRequest,
  attempt: number,
  durationMs: number,
  outcome: Outcome,
): void {
  const status = 'response' in outcome ? outcome.response.status : outcome.status
  const failure = 'error' in outcome ? outcome.error : undefined
  log.debug(
    {
      method: request.method,
      url: loggableUrl(request.url),
      attempt,
      durationMs,
      ...(status === undefined ? {} : { status }),
      ...(failure ? { errorClass: failure.class, errorCode: failure.code } : {}),
    },
    'connector request',
  )
}

function quarantinedError(
  reason: QuarantineReason,
  retryAt: Date | undefined,
  clock: Clock,
): ConnectorError {
  const waitMs = retryAt ? Math.max(0, retryAt.getTime() - clock.now().getTime()) : undefined
  return new ConnectorError({
    // Bad credentials stay what they are: waiting will not fix them, a person must.
    class: reason === 'error_rate' ? 'transient' : reason,
    code: CONNECTOR_ERROR_CODES.quarantined,
    message: `quarantined: ${reason}`,
    ...(waitMs === undefined ? {} : { retryAfterMs: waitMs }),
  })
}

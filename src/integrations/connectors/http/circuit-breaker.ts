import type { Clock } from '../../../shared/clock.js'
import type { ConnectorErrorClass } from '../connector-errors.js'

/** Why a connection is quarantined. */
export type QuarantineReason = 'unauthorized' | 'forbidden' | 'error_rate'

export type BreakerOptions = {
  /** Rolling window over which the error rate is measured. */
  windowMs: number
  /** Fewest requests in the window before the error rate counts (no tripping on 1 of 1). */
  minRequests: number
  /** Error rate (0..1) at or above which the breaker opens. */
  errorRateThreshold: number
  /** First cool-down before a half-open probe, after an error-rate trip. */
  coolDownMs: number
  /** Cool-downs double after each failed probe, up to this. */
  maxCoolDownMs: number
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  windowMs: 60_000,
  minRequests: 10,
  errorRateThreshold: 0.5,
  coolDownMs: 30_000,
  maxCoolDownMs: 10 * 60_000,
}

export type BreakerSnapshot =
  | { state: 'closed' }
  | { state: 'open'; reason: QuarantineReason; since: Date; retryAt?: Date }
  | { state: 'half_open'; reason: QuarantineReason; since: Date }

export type BreakerDecision =
  | { allowed: true; probe: boolean }
  | { allowed: false; reason: QuarantineReason; since: Date; retryAt?: Date }

/** What one attempt ended as: success, a failure class, or cancelled before an answer. */
export type BreakerOutcome = 'success' | 'cancelled' | ConnectorErrorClass

/**
 * A per-connection circuit breaker. Bad credentials (401/403) open it at once and keep it open
 * until someone retries explicitly: no amount of waiting fixes a revoked token. A high rate of
 * transient failures opens it for a cool-down, after which one probe may go through (half-open).
 */
export interface CircuitBreaker {
  /** Asks to send a request; a half-open breaker lets exactly one probe through. */
  check(): BreakerDecision
  /** Records how an allowed request ended; `probe` as `check` said when it was allowed. */
  record(outcome: BreakerOutcome, probe?: boolean): void
  /** An operator retried the connection (new credentials, fixed allowlist): allow a probe. */
  retry(): void
  snapshot(): BreakerSnapshot
}

type Bucket = { startMs: number; ok: number; failed: number }

const SLOTS = 12

export function createCircuitBreaker(
  clock: Clock,
  overrides: Partial<BreakerOptions> = {},
): CircuitBreaker {
  return new ConnectionBreaker(clock, { ...DEFAULT_BREAKER_OPTIONS, ...overrides })
}

class ConnectionBreaker implements CircuitBreaker {
  private state: BreakerSnapshot = { state: 'closed' }
  private probeInFlight = false
  private coolDownMs: number
  private window: Bucket[] = []
  private readonly clock: Clock
  private readonly options: BreakerOptions

  constructor(clock: Clock, options: BreakerOptions) {
    this.clock = clock
    this.options = options
    this.coolDownMs = options.coolDownMs
  }

  check(): BreakerDecision {
    const state = this.current()
    this.state = state
    if (state.state === 'closed') return { allowed: true, probe: false }
    if (state.state === 'half_open' && !this.probeInFlight) {
      this.probeInFlight = true
      return { allowed: true, probe: true }
    }
    const retryAt = state.state === 'open' ? state.retryAt : undefined
    return {
      allowed: false,
      reason: state.reason,
      since: state.since,
      ...(retryAt ? { retryAt } : {}),
    }
  }

  record(outcome: BreakerOutcome, probe = false): void {
    if (this.state.state === 'half_open') {
      // Stragglers allowed before the trip say nothing about the connection now.
      if (probe) this.recordProbe(outcome, this.state.reason)
      return
    }
    if (this.state.state === 'open' || outcome === 'cancelled') return
    if (outcome === 'unauthorized' || outcome === 'forbidden') {
      this.open(outcome)
      return
    }
    // Only transient failures say the connection is unhealthy; a 404 or 409 is an answer.
    if (this.tally(outcome === 'transient')) this.open('error_rate')
  }

  retry(): void {
    if (this.state.state !== 'open') return
    this.state = { state: 'half_open', reason: this.state.reason, since: this.state.since }
    this.probeInFlight = false
  }

  snapshot(): BreakerSnapshot {
    return this.current()
  }

  /** The state as of now: an open breaker whose cool-down has passed is half-open. */
  private current(): BreakerSnapshot {
    const state = this.state
    if (state.state === 'open' && state.retryAt && this.now() >= state.retryAt.getTime()) {
      return { state: 'half_open', reason: state.reason, since: state.since }
    }
    return state
  }

  private open(reason: QuarantineReason): void {
    const since = new Date(this.now())
    // Bad credentials wait for a person; an error-rate trip heals itself after a cool-down.
    this.state =
      reason === 'error_rate'
        ? { state: 'open', reason, since, retryAt: new Date(since.getTime() + this.coolDownMs) }
        : { state: 'open', reason, since }
    this.probeInFlight = false
    this.window = []
  }

  private recordProbe(outcome: BreakerOutcome, reason: QuarantineReason): void {
    this.probeInFlight = false
    if (outcome === 'cancelled') return
    if (outcome === 'unauthorized' || outcome === 'forbidden') {
      this.open(outcome)
    } else if (outcome === 'transient') {
      this.coolDownMs = Math.min(this.options.maxCoolDownMs, this.coolDownMs * 2)
      this.open(reason)
    } else {
      this.state = { state: 'closed' }
      this.coolDownMs = this.options.coolDownMs
    }
  }

  /** Counts one outcome in the rolling window; true when the error rate crosses the threshold. */
  private tally(failed: boolean): boolean {
    const at = this.now()
    const slotMs = Math.max(1, Math.floor(this.options.windowMs / SLOTS))
    this.window = this.window.filter((bucket) => bucket.startMs > at - this.options.windowMs)
    const startMs = at - (at % slotMs)
    let bucket = this.window.find((b) => b.startMs === startMs)
    if (!bucket) {
      bucket = { startMs, ok: 0, failed: 0 }
      this.window.push(bucket)
    }
    if (failed) bucket.failed += 1
    else bucket.ok += 1
    const failures = this.window.reduce((sum, b) => sum + b.failed, 0)
    const total = this.window.reduce((sum, b) => sum + b.ok + b.failed, 0)
    return total >= this.options.minRequests && failures / total >= this.options.errorRateThreshold
  }

  private now(): number {
    return this.clock.now().getTime()
  }
}

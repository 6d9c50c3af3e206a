import type { Clock } from '../../../shared/clock.js'
import type { RateLimitHint } from '../../catalog/index.js'
import type { RateLimitObservation } from './rate-limit-headers.js'
import type { Sleep } from './sleep.js'

/**
 * Knobs of the adaptive bucket. The defaults are deliberately timid: a provisioning run that takes
 * a few minutes longer costs nothing, while a request storm can get a customer's token revoked.
 */
export type BucketTuning = {
  /** Start rate when the app documents no limit (Sana): one request a second. */
  undocumentedStartPerSecond: number
  /** Highest rate reached by creeping up when the app documents no limit and reports none. */
  undocumentedCeilingPerSecond: number
  /** Share of a documented or reported quota we use; quotas are often org-wide and shared. */
  quotaShare: number
  /** Lowest rate the bucket ever drops to. */
  floorPerSecond: number
  /** Multiplicative decrease on a 429 (the "MD" of AIMD). */
  decreaseFactor: number
  /** Successes in a row before one additive increase. */
  increaseAfterSuccesses: number
  /** Additive increase, as a share of the ceiling. */
  increaseStepShare: number
  /** Burst size, in seconds' worth of the current rate (at least one token). */
  burstSeconds: number
}

export const DEFAULT_BUCKET_TUNING: BucketTuning = {
  undocumentedStartPerSecond: 1,
  undocumentedCeilingPerSecond: 10,
  quotaShare: 0.8,
  floorPerSecond: 1 / 60,
  decreaseFactor: 0.5,
  increaseAfterSuccesses: 20,
  increaseStepShare: 0.1,
  burstSeconds: 1,
}

export type BucketSnapshot = {
  ratePerSecond: number
  ceilingPerSecond: number
  capacity: number
  tokens: number
  pausedUntil?: Date
}

/** A per-connection token bucket whose rate adapts to what the app says (AIMD). */
export interface TokenBucket {
  /** Waits for a token; false when `signal` aborted first. */
  acquire(signal?: AbortSignal): Promise<boolean>
  /** Takes a token now and returns 0, or returns how many ms until one is due. */
  tryTake(): number
  /** Feeds what a response said about the quota. */
  observe(observation: RateLimitObservation): void
  /** The app throttled us (429): halve the rate, empty the bucket, honour the wait. */
  onThrottled(retryAfterMs?: number): void
  /** A request went through: after enough in a row, creep the rate back up. */
  onSuccess(): void
  snapshot(): BucketSnapshot
}

export function createTokenBucket(
  deps: { clock: Clock; sleep: Sleep },
  hint: RateLimitHint,
  overrides: Partial<BucketTuning> = {},
): TokenBucket {
  return new AdaptiveTokenBucket(deps, hint, { ...DEFAULT_BUCKET_TUNING, ...overrides })
}

class AdaptiveTokenBucket implements TokenBucket {
  private rate: number
  private ceiling: number
  private tokens: number
  private updatedMs: number
  private pausedUntilMs = 0
  /** Until then, further throttles do not decrease the rate again (see onThrottled). */
  private quietUntilMs = 0
  private streak = 0
  /** The pace the app's remaining/reset allows, valid until the window resets. */
  private window: { capPerSecond: number; untilMs: number } | undefined

  private readonly deps: { clock: Clock; sleep: Sleep }
  private readonly tuning: BucketTuning

  constructor(deps: { clock: Clock; sleep: Sleep }, hint: RateLimitHint, tuning: BucketTuning) {
    this.deps = deps
    this.tuning = tuning
    const start = startingRates(hint, tuning)
    this.rate = start.rate
    this.ceiling = start.ceiling
    this.tokens = capacityOf(start.rate, tuning)
    this.updatedMs = this.now()
  }

  async acquire(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false
      const waitMs = this.tryTake()
      if (waitMs === 0) return true
      await this.deps.sleep(waitMs, signal)
    }
  }

  tryTake(): number {
    const at = this.now()
    if (at < this.pausedUntilMs) return this.pausedUntilMs - at
    this.refill(at)
    if (this.tokens >= 1) {
      this.tokens -= 1
      return 0
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.effectiveRate(at)) * 1000))
  }

  observe(observation: RateLimitObservation): void {
    const { limit, remaining, resetAtMs, windowMs } = observation
    const at = this.now()
    this.refill(at)
    // A quota the app states (IETF RateLimit-Policy) replaces our guess or the documented figure.
    if (limit !== undefined && windowMs !== undefined && windowMs > 0) {
      const stated = (limit / (windowMs / 1000)) * this.tuning.quotaShare
      this.ceiling = Math.max(this.tuning.floorPerSecond, stated)
      this.rate = Math.min(this.rate, this.ceiling)
    }
    if (remaining === undefined) return
    // Never spend tokens the app says we no longer have.
    this.tokens = Math.min(this.tokens, remaining)
    if (resetAtMs === undefined || resetAtMs <= at) return
    if (remaining === 0) this.pausedUntilMs = Math.max(this.pausedUntilMs, resetAtMs)
    // Spread what is left over the rest of the window, until the window resets.
    this.window = { capPerSecond: remaining / ((resetAtMs - at) / 1000), untilMs: resetAtMs }
  }

  /**
   * A 429: slow down once per overload, not once per answer. The answers to requests already in
   * flight when the first 429 arrived describe the same overload, so throttles within one pacing
   * interval of the last decrease (at least a second) only pause; decreasing for each of them
   * collapsed the rate to its floor after one burst, and one request a minute never recovers.
   * The same rule as TCP's one window reduction per round trip (RFC 5681 §3.2, RFC 6582 §3.2).
   */
  onThrottled(retryAfterMs?: number): void {
    const at = this.now()
    this.refill(at)
    if (at >= this.quietUntilMs) {
      this.rate = Math.max(this.tuning.floorPerSecond, this.rate * this.tuning.decreaseFactor)
      this.quietUntilMs = at + Math.max(1000, 1000 / this.rate)
    }
    this.tokens = 0
    this.streak = 0
    if (retryAfterMs !== undefined) {
      this.pausedUntilMs = Math.max(this.pausedUntilMs, at + retryAfterMs)
    }
  }

  onSuccess(): void {
    this.streak += 1
    if (this.streak < this.tuning.increaseAfterSuccesses) return
    this.streak = 0
    this.rate = Math.min(this.ceiling, this.rate + this.ceiling * this.tuning.increaseStepShare)
  }

  snapshot(): BucketSnapshot {
    const at = this.now()
    this.refill(at)
    const rate = this.effectiveRate(at)
    return {
      ratePerSecond: rate,
      ceilingPerSecond: this.ceiling,
      capacity: capacityOf(rate, this.tuning),
      tokens: this.tokens,
      ...(this.pausedUntilMs > at ? { pausedUntil: new Date(this.pausedUntilMs) } : {}),
    }
  }

  private now(): number {
    return this.deps.clock.now().getTime()
  }

  private effectiveRate(at: number): number {
    const cap = this.window && at < this.window.untilMs ? this.window.capPerSecond : Infinity
    return Math.max(this.tuning.floorPerSecond, Math.min(this.rate, cap))
  }

  private refill(at: number): void {
    const rate = this.effectiveRate(at)
    const elapsedSeconds = Math.max(0, at - this.updatedMs) / 1000
    this.tokens = Math.min(capacityOf(rate, this.tuning), this.tokens + elapsedSeconds * rate)
    this.updatedMs = Math.max(this.updatedMs, at)
  }
}

/** Documented limits start at their share; undocumented ones start slow and may creep up. */
function startingRates(hint: RateLimitHint, tuning: BucketTuning) {
  if (!hint.documented) {
    return { rate: tuning.undocumentedStartPerSecond, ceiling: tuning.undocumentedCeilingPerSecond }
  }
  const perSecond = (hint.requests / (hint.windowMs / 1000)) * tuning.quotaShare
  const rate = Math.max(tuning.floorPerSecond, perSecond)
  return { rate, ceiling: rate }
}

function capacityOf(rate: number, tuning: BucketTuning): number {
  return Math.max(1, Math.floor(rate * tuning.burstSeconds))
}

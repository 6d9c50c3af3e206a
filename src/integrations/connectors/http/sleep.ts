import { setTimeout as delay } from 'node:timers/promises'

/**
 * Waits `ms` milliseconds. Injected everywhere a connector waits (backoff, Retry-After, the token
 * bucket) so tests advance a fake clock instead of sleeping. Resolves early, never rejects, when
 * `signal` aborts; callers check `signal.aborted` afterwards.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

/** The real sleep, for the composition root. */
export const systemSleep: Sleep = async (ms, signal) => {
  if (ms <= 0 || signal?.aborted) return
  try {
    await delay(ms, undefined, signal ? { signal } : undefined)
  } catch (error) {
    // An abort ends the wait early by design; anything else is a bug worth surfacing.
    if (!(error instanceof Error && error.name === 'AbortError')) throw error
  }
}

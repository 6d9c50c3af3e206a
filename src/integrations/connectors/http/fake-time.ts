import { fixedClock } from '../../../shared/clock.js'
import type { Sleep } from './sleep.js'

/**
 * A clock that only moves when something sleeps, and a sleep that moves it instead of waiting.
 * Tests of backoff, Retry-After and the token bucket run in no real time with it (STYLE §4.9:
 * fixed clock, no sleeps), and `sleeps` shows every wait that was asked for.
 */
export function fakeTime(start: string = '2026-01-01T00:00:00.000Z') {
  const clock = fixedClock(start)
  const sleeps: number[] = []
  const sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) return
    sleeps.push(ms)
    clock.advance(Math.max(0, ms))
  }
  return { clock, sleep, sleeps, nowMs: () => clock.now().getTime() }
}

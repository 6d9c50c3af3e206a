import type { Safety } from '../sources/source-config.js'

export type GoneCheck = {
  /** Records the full listing returned. */
  readonly seen: number
  /** Live records the listing did not return: what would be marked gone. */
  readonly missing: number
  /** How many the source had: its live records before this run, or its last full count. */
  readonly previous: number
}

export type SafetyDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly message: string }

/**
 * The safety rule (DESIGN: "a source that suddenly returns no people must never wipe an app"): a
 * full sync marks people gone only when it would mark at most `maxGoneShare` of what the source
 * had, or `minGoneAllowed` people, whichever is more. An empty listing never marks anyone. Past
 * that the run is held and reported; an admin who knows the drop is real confirms it.
 */
export function checkGone(check: GoneCheck, safety: Safety, accepted: boolean): SafetyDecision {
  if (accepted || check.missing === 0) return { ok: true }
  if (check.seen === 0) {
    return {
      ok: false,
      message: `the source returned nobody; ${check.missing} people would be marked gone`,
    }
  }
  const allowed = Math.max(safety.minGoneAllowed, Math.floor(safety.maxGoneShare * check.previous))
  if (check.missing <= allowed) return { ok: true }
  return {
    ok: false,
    message: `${check.missing} of ${check.previous} people would be marked gone (at most ${allowed} allowed); nothing was marked. Re-run with --accept-gone if the drop is real`,
  }
}

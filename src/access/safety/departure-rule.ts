/**
 * The mass-departure rule (issue 13): how many people one source may lose within a sliding
 * window before every further departure-driven deactivation waits for an admin. Pure, so the
 * gate, the docs and the tests share it.
 */
export type DepartureThresholds = {
  /** More than this share of the source's people within the window trips the gate. */
  readonly maxShare: number
  /** More than this many people within the window trips the gate, whatever the share. */
  readonly maxCount: number
  /** The sliding window, in minutes. */
  readonly windowMinutes: number
}

export const DEFAULT_DEPARTURE_THRESHOLDS: DepartureThresholds = {
  maxShare: 0.1,
  maxCount: 25,
  windowMinutes: 15,
}

export type DepartureTally = {
  readonly sourceName: string
  /** Distinct people the source said left within the window. */
  readonly departures: number
  /** Everyone the source has ever contributed (0 when unknown: then only the count applies). */
  readonly population: number
}

/**
 * The reason in words when the tally trips the rule, else undefined. One leaver never trips it
 * (a single departure goes out at once, even from a source of five people).
 */
export function burstReason(
  tally: DepartureTally,
  thresholds: DepartureThresholds,
): string | undefined {
  const { departures, population } = tally
  if (departures < 2) return undefined
  const overCount = departures > thresholds.maxCount
  const overShare = population > 0 && departures > thresholds.maxShare * population
  if (!overCount && !overShare) return undefined
  const share =
    population > 0 ? ` of ${population} (${Math.round((100 * departures) / population)}%)` : ''
  return (
    `${tally.sourceName} said ${departures}${share} people left within ` +
    `${thresholds.windowMinutes} minutes, more than the limit of ` +
    `${Math.round(thresholds.maxShare * 100)}% or ${thresholds.maxCount} people: ` +
    'their offboarding waits for an admin to approve it (a misconfigured scope or a wrong tenant looks like this).'
  )
}

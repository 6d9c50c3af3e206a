import type { Clock } from '../../../shared/clock.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type { ConnectorError } from '../connector-errors.js'
import type { Secret } from '../secret.js'
import { abortedError } from './transport.js'

/** An access token as the token endpoint issued it (RFC 6749 §5.1). */
export type IssuedToken = {
  readonly token: Secret
  /** `expires_in`, in ms, measured from when the answer arrived. */
  readonly lifetimeMs: number
}

/**
 * Which cache entry a token belongs to: one per connection, and a new credential version (new
 * client id, secret or scope) replaces the entry so a token of the old credentials is never used.
 */
export type TokenSlot = { readonly connectionId: string; readonly version: string }

export type TokenCache = {
  /**
   * The slot's token while it is fresh; otherwise one call of `fetch`, shared by every caller
   * that arrives while it runs. `signal` ends only this caller's wait, not the shared request.
   */
  get(
    slot: TokenSlot,
    fetch: () => Promise<Result<IssuedToken, ConnectorError>>,
    signal?: AbortSignal,
  ): Promise<Result<Secret, ConnectorError>>
  /**
   * The app refused `rejected` (a 401): forget it, unless a caller already replaced it with a
   * newer token, which must survive the late 401s of requests that carried the old one.
   */
  invalidate(slot: TokenSlot, rejected: string): void
}

/** The most a token is refreshed ahead of its expiry (long-lived tokens). */
export const MAX_REFRESH_MARGIN_MS = 60_000

/**
 * How long before expiry a token counts as stale: 60 s at most, a quarter of its lifetime at
 * most. The margin covers the time between the token endpoint stamping the expiry and the app
 * checking it on a request we are about to send (the network both ways, a slow answer, a retry
 * inside one job); it is not for clock skew, since the expiry is measured on our own clock from
 * the moment the answer arrived. A fixed 60 s margin made a 60 s token stale on arrival, so
 * every request fetched one; a quarter keeps 75% of any lifetime usable (a 10 s token is reused
 * for 7.5 s) while still leaving seconds for the request in flight. A 401 is the backstop.
 */
export function refreshMarginMs(lifetimeMs: number, maxMarginMs = MAX_REFRESH_MARGIN_MS): number {
  return Math.max(0, Math.min(maxMarginMs, lifetimeMs / 4))
}

type Entry = {
  version: string
  token?: Secret
  refreshAtMs: number
  pending?: Promise<Result<Secret, ConnectorError>>
}

/**
 * The access tokens of every connection of the process, so all jobs and workers of one
 * connection share one token and one token request (single flight). The composition root makes
 * one (the connector registry); nothing here is module state (STYLE §4.6).
 */
export function createTokenCache(deps: { clock: Clock; maxMarginMs?: number }): TokenCache {
  const entries = new Map<string, Entry>()
  const nowMs = () => deps.clock.now().getTime()

  function entryFor(slot: TokenSlot): Entry {
    const entry = entries.get(slot.connectionId)
    if (entry?.version === slot.version) return entry
    const fresh: Entry = { version: slot.version, refreshAtMs: 0 }
    entries.set(slot.connectionId, fresh)
    return fresh
  }

  function refresh(entry: Entry, fetch: () => Promise<Result<IssuedToken, ConnectorError>>) {
    entry.pending ??= fetch()
      .then((issued): Result<Secret, ConnectorError> => {
        if (!issued.ok) return issued
        const { token, lifetimeMs } = issued.value
        entry.token = token
        entry.refreshAtMs = nowMs() + lifetimeMs - refreshMarginMs(lifetimeMs, deps.maxMarginMs)
        return ok(token)
      })
      .finally(() => {
        entry.pending = undefined
      })
    return entry.pending
  }

  return {
    async get(slot, fetch, signal) {
      const entry = entryFor(slot)
      if (entry.token && nowMs() < entry.refreshAtMs) return ok(entry.token)
      return untilAborted(refresh(entry, fetch), signal)
    },
    invalidate(slot, rejected) {
      const entry = entries.get(slot.connectionId)
      if (entry?.version !== slot.version || !entry.token) return
      if (entry.token.reveal() === rejected) entry.token = undefined
    },
  }
}

/** Waits for `work`, or stops waiting (with an aborted error) when this caller's signal fires. */
function untilAborted<T>(
  work: Promise<Result<T, ConnectorError>>,
  signal: AbortSignal | undefined,
): Promise<Result<T, ConnectorError>> {
  if (!signal) return work
  if (signal.aborted) return Promise.resolve(err(abortedError()))
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(err(abortedError()))
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import { latestSeq, listEvents, type StoredEvent, toWireEvent } from '../events/index.js'
import { type Db, decodeJson, type Row, type Transact } from '../store/index.js'
import { SIGNATURE_HEADER, signatureHeader, TIMESTAMP_HEADER } from './webhook-signature.js'
import {
  advanceWebhook,
  claimWebhook,
  dueWebhookIds,
  insertDelivery,
  releaseWebhook,
} from './webhooks-store.js'

export type DispatchSettings = {
  /** Attempts at one event before it is abandoned (recorded, and replayable). */
  readonly maxAttempts: number
  readonly timeoutMs: number
  readonly backoffBaseMs: number
  readonly backoffMaxMs: number
  /** Events sent to one subscription per round before the others get their turn. */
  readonly batch: number
}

export type DispatcherDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly secretBox: SecretBox
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>
  /** In [0, 1): the jitter of backoffs (injected, so tests are deterministic). */
  readonly random: () => number
  readonly log: Logger
  /** This process, as the holder of subscription leases. */
  readonly holder: string
  readonly settings: DispatchSettings
}

type Outcome = {
  ok: boolean
  httpStatus: number | null
  error: string | null
  retryAfterMs?: number
}

/**
 * Backoff before attempt `attempt + 1`: exponential from the base, capped, with "equal jitter"
 * (half fixed, half random) so subscribers that failed together do not retry together; a
 * receiver's Retry-After (RFC 9110 §10.2.3) is honoured up to the cap.
 */
export function backoffMs(
  settings: Pick<DispatchSettings, 'backoffBaseMs' | 'backoffMaxMs'>,
  attempt: number,
  random: number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (attempt - 1))
  const jittered = ceiling / 2 + (random * ceiling) / 2
  return Math.min(settings.backoffMaxMs, Math.max(jittered, retryAfterMs ?? 0))
}

/**
 * Sends the events of every due subscription, in order, one event per request, signed. The
 * subscription's cursor moves in the same transaction as the delivery's log row, so a crash at
 * any point re-sends at most the event in flight (at-least-once: receivers dedupe by event id)
 * and never skips one. A lease keeps two processes off one subscription.
 */
export function createWebhookDispatcher(deps: DispatcherDeps) {
  const leaseMs = () => deps.settings.timeoutMs * 2 + 30_000
  const iso = (ms: number) => new Date(ms).toISOString()

  async function claim(id: string): Promise<Row<'webhooks'> | undefined> {
    const now = deps.clock.now().getTime()
    return claimWebhook(deps.db, id, {
      holder: deps.holder,
      until: iso(now + leaseMs()),
      now: iso(now),
    })
  }

  async function send(row: Row<'webhooks'>, event: StoredEvent): Promise<Outcome> {
    const body = JSON.stringify({ ...toWireEvent(event), workspaceId: row.workspace_id })
    const timestamp = Math.floor(deps.clock.now().getTime() / 1000)
    const secret = deps.secretBox.open(row.secret_sealed, `webhook:${row.id}`)
    try {
      const response = await deps.fetch(row.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.settings.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Rollcall-Webhooks/1',
          'rollcall-webhook-id': row.id,
          'rollcall-event-id': event.id,
          'rollcall-event-type': event.type,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, body),
        },
      })
      await response.body?.cancel()
      if (response.ok) return { ok: true, httpStatus: response.status, error: null }
      const retryAfterMs = retryAfter(response.headers.get('retry-after'), deps.clock.now())
      return {
        ok: false,
        httpStatus: response.status,
        error: `HTTP ${response.status}`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      }
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      return { ok: false, httpStatus: null, error: message.slice(0, 500) }
    }
  }

  /** Records one attempt and moves the cursor (or schedules the retry); false: stop here. */
  async function settle(
    row: Row<'webhooks'>,
    event: StoredEvent,
    attempt: number,
    outcome: Outcome,
    durationMs: number,
  ): Promise<boolean> {
    const nowMs = deps.clock.now().getTime()
    const last = attempt >= deps.settings.maxAttempts
    const status = outcome.ok ? 'succeeded' : last ? 'abandoned' : 'failed'
    const moves = status !== 'failed'
    const wait = backoffMs(deps.settings, attempt, deps.random(), outcome.retryAfterMs)
    return deps.transact(async (trx) => {
      const held = await advanceWebhook(
        trx,
        row.id,
        deps.holder,
        moves
          ? { cursor: event.seq, attempts: 0, next_attempt_at: null }
          : { attempts: attempt, next_attempt_at: iso(nowMs + wait) },
        iso(nowMs + leaseMs()),
      )
      // The lease was lost (this process stalled past it): the new holder owns the cursor.
      if (!held) return false
      await insertDelivery(trx, {
        id: deps.ids.next(),
        webhook_id: row.id,
        workspace_id: row.workspace_id,
        event_seq: event.seq,
        event_id: event.id,
        event_type: event.type,
        attempt,
        status,
        http_status: outcome.httpStatus,
        error: outcome.error,
        duration_ms: durationMs,
        at: iso(nowMs),
      })
      return moves
    })
  }

  async function drain(row: Row<'webhooks'>): Promise<number> {
    // Re-read under the lease: it may have been disabled or failed elsewhere since the query.
    const now = deps.clock.now().toISOString()
    if (row.enabled !== 1 || (row.next_attempt_at !== null && row.next_attempt_at > now)) return 0
    const events = await listEvents(deps.db, {
      workspaceId: row.workspace_id,
      afterSeq: Number(row.cursor),
      limit: deps.settings.batch,
      types: decodeJson<string[]>(row.event_types),
    })
    let attempts = row.attempts
    let sent = 0
    for (const event of events) {
      const started = performance.now()
      const outcome = await send(row, event)
      const took = Math.round(performance.now() - started)
      if (!(await settle(row, event, attempts + 1, outcome, took))) break
      attempts = 0
      sent += 1
    }
    return sent
  }

  return {
    /** One round: every enabled subscription whose next attempt is due, in parallel. */
    async deliverDue(): Promise<{ sent: number }> {
      const now = deps.clock.now().toISOString()
      // Subscriptions already at the head of the log have nothing to send: an idle round is
      // two indexed reads, however many subscriptions there are.
      const head = await latestSeq(deps.db)
      const due = await dueWebhookIds(deps.db, head, now)
      const counts = await Promise.all(
        due.map(async ({ id }) => {
          const row = await claim(id)
          if (!row) return 0
          try {
            return await drain(row)
          } catch (error) {
            deps.log.error({ err: error, webhookId: id }, 'webhook delivery round failed')
            return 0
          } finally {
            await releaseWebhook(deps.db, id, deps.holder)
          }
        }),
      )
      return { sent: counts.reduce((a, b) => a + b, 0) }
    },
  }
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from now. */
function retryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime())
}

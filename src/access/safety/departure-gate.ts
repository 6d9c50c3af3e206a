import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import {
  type DepartureBurst,
  decideBurst,
  departuresBySource,
  findBurst,
  insertBurst,
  latestBursts,
  listBursts,
  peopleOfBurst,
  sourceOf,
  toBurst,
} from './bursts-store.js'
import { burstReason, type DepartureThresholds } from './departure-rule.js'
import { safetyErrors } from './safety-errors.js'

export type DepartureGateDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly audit: AuditLog
  readonly events: EventLog
  readonly thresholds: DepartureThresholds
}

export type DepartureGate = ReturnType<typeof createDepartureGate>

/** Why a person's deactivations wait: the burst that holds them. */
export type GateHold = { readonly burstId: string; readonly reason: string }

/**
 * The one safety gate every departure-driven deactivation passes (issue 13): automatic
 * offboarding, manual offboarding and reconcile plans all ask it who is held. It counts, per
 * source and workspace, the distinct people the source said left within a sliding window; when
 * the count breaks the rule it opens a burst (stored, so a restart keeps it) that holds the
 * deactivations of everyone that source lost since the window began, until an admin approves
 * or rejects it. One leaver alone never trips it.
 */
export function createDepartureGate(deps: DepartureGateDeps) {
  const windowMs = deps.thresholds.windowMinutes * 60_000

  /** Opens a burst for each source over the rule now; returns the workspace's open bursts. */
  async function evaluate(workspaceId: string): Promise<DepartureBurst[]> {
    const now = deps.clock.now()
    const latest = await latestBursts(deps.db, workspaceId)
    const since = new Date(now.getTime() - windowMs).toISOString()
    for (const [sourceId] of await departuresBySource(deps.db, workspaceId, since)) {
      const previous = latest.get(sourceId)
      if (previous?.status === 'open') continue
      // A decided burst covers its own departures: count only what came after the decision.
      const from = previous?.decidedAt && previous.decidedAt > since ? previous.decidedAt : since
      const opened = await openIfOver(workspaceId, sourceId, from, now.toISOString())
      if (opened) latest.set(sourceId, opened)
    }
    return [...latest.values()].filter((b) => b.status === 'open')
  }

  async function openIfOver(
    workspaceId: string,
    sourceId: string,
    windowStart: string,
    now: string,
  ): Promise<DepartureBurst | undefined> {
    const departures = (await departuresBySource(deps.db, workspaceId, windowStart)).get(sourceId)
    const source = await sourceOf(deps.db, sourceId)
    const tally = {
      sourceName: source.name,
      departures: departures ?? 0,
      population: source.population,
    }
    const reason = burstReason(tally, deps.thresholds)
    if (!reason) return undefined
    const row = {
      ...{ id: deps.ids.next(), workspace_id: workspaceId, source_id: sourceId },
      ...{ source_name: source.name, window_start: windowStart, opened_at: now },
      ...{
        departures: tally.departures,
        population: tally.population,
        reason,
        status: 'open' as const,
      },
    }
    return deps.transact(async (trx) => {
      const inserted = await insertBurst(trx, row)
      // Another process opened it first: theirs holds the same people.
      if (!inserted) return undefined
      await recordOpened(deps, trx, toBurst(inserted), workspaceId)
      return toBurst(inserted)
    })
  }

  /** Of these people (all when omitted), who is held by an open burst, and why. */
  async function holds(
    workspaceId: string,
    personIds?: readonly string[],
  ): Promise<Map<string, GateHold>> {
    const held = new Map<string, GateHold>()
    for (const burst of await evaluate(workspaceId)) {
      for (const personId of await peopleOfBurst(deps.db, workspaceId, burst, personIds))
        held.set(personId, { burstId: burst.id, reason: burst.reason })
    }
    return held
  }

  async function get(workspaceId: string, burstId: string): Promise<DepartureBurst> {
    const row = await findBurst(deps.db, workspaceId, burstId)
    if (!row) throw safetyErrors.error('DEPARTURE_BURST_NOT_FOUND')
    return toBurst(row)
  }

  /** Records an admin's decision on an open burst; the caller releases or rejects its holds. */
  async function decide(
    workspaceId: string,
    burstId: string,
    decision: { status: 'approved' | 'rejected'; actor: Actor; reason: string },
  ): Promise<DepartureBurst> {
    const burst = await get(workspaceId, burstId)
    if (burst.status !== 'open')
      throw safetyErrors.error('DEPARTURE_BURST_DECIDED', `This burst was already ${burst.status}.`)
    const now = deps.clock.now().toISOString()
    await deps.transact(async (trx) => {
      await decideBurst(trx, burstId, {
        status: decision.status,
        decided_by: JSON.stringify(decision.actor),
        decided_at: now,
        decision_reason: decision.reason,
      })
      await deps.audit.record(trx, {
        workspaceId,
        actor: decision.actor,
        action: `safety.departure_burst_${decision.status}`,
        target: { type: 'departure_burst', id: burstId },
        after: { source: burst.sourceName, departures: burst.departures, reason: decision.reason },
      })
    })
    return get(workspaceId, burstId)
  }

  return {
    evaluate,
    holds,
    get,
    decide,
    /** People the burst holds (its source's departures since the window began). */
    people: (workspaceId: string, burst: DepartureBurst) =>
      peopleOfBurst(deps.db, workspaceId, burst),
    /** The workspace's bursts, newest first (the console's banner shows the open ones). */
    async list(workspaceId: string, status?: DepartureBurst['status']): Promise<DepartureBurst[]> {
      const rows = await listBursts(deps.db, workspaceId, status)
      return rows.map(toBurst)
    },
  }
}

/** The hub raises it: an audit entry and a `safety.departure_burst` event (webhooks, console). */
async function recordOpened(
  deps: Pick<DepartureGateDeps, 'audit' | 'events'>,
  trx: Db,
  burst: DepartureBurst,
  workspaceId: string,
): Promise<void> {
  await deps.audit.record(trx, {
    workspaceId,
    actor: { type: 'system', id: 'departure-gate' },
    action: 'safety.departure_burst_opened',
    target: { type: 'departure_burst', id: burst.id },
    after: { source: burst.sourceName, departures: burst.departures, reason: burst.reason },
  })
  await deps.events.append(trx, {
    workspaceId,
    sourceId: burst.sourceId,
    type: 'safety.departure_burst',
    subject: { type: 'departure_burst', id: burst.id },
    data: {
      burstId: burst.id,
      source: burst.sourceName,
      departures: burst.departures,
      population: burst.population,
      reason: burst.reason,
    },
  })
}

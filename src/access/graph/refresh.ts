import type { Connector } from '../../integrations/connectors/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { linkStateCounts } from './accounts-store.js'
import type { LinkScope } from './correlate-accounts.js'
import { writePage } from './refresh-page.js'
import { checkRemovals, countMissing, markMissingRemoved } from './refresh-removals.js'
import type { GraphSnapshots, SnapshotState } from './snapshots-store.js'
import type { RefreshCounts, RefreshReport } from './types.js'

export type RefreshDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly events: EventLog
  readonly audit: AuditLog
  readonly snapshots: GraphSnapshots
}

export type RefreshOptions = {
  readonly trigger: 'cli' | 'api' | 'schedule'
  readonly actor: Actor
  /** Confirms removals the safety rule held (the accounts really are gone). */
  readonly acceptGone?: boolean
  readonly signal?: AbortSignal
  readonly onProgress?: (counts: RefreshCounts) => void
  /** Renews the app's refresh lease between pages; false stops the refresh. */
  readonly renew: () => Promise<boolean>
}

type Failure = { code: string; message: string }

/**
 * One refresh of an app's accounts (a graph snapshot): list every page through the app's
 * connector from the checkpoint, write each page with the snapshot's counts and cursor in one
 * transaction (so a failed or killed refresh resumes after the last page written), then mark
 * what the complete listing no longer returned as removed, within the removal safety rule.
 */
export async function runRefresh(
  deps: RefreshDeps,
  scope: LinkScope,
  connector: Connector,
  snapshot: SnapshotState,
  options: RefreshOptions,
): Promise<RefreshReport> {
  const counts: RefreshCounts = { ...snapshot.counts }
  const report = (status: RefreshReport['status'], error?: Failure): RefreshReport => ({
    snapshotId: snapshot.id,
    appId: scope.appId,
    status,
    counts,
    ...(error ? { error } : {}),
    ...(snapshot.resumed ? { resumed: true } : {}),
  })
  const listed = await listAll(deps, scope, connector, snapshot, counts, options)
  if (!listed.ok) {
    await finish(deps, scope, snapshot, counts, options, 'failed', listed.error)
    return report('failed', listed.error)
  }
  const sweep = { ...scope, snapshotId: snapshot.id, now: deps.clock.now().toISOString() }
  const { missing, live } = await countMissing(deps, sweep)
  const safe = checkRemovals({ listed: counts.listed, missing, live }, options.acceptGone === true)
  if (!safe.ok) {
    const error = { code: 'GRAPH_REFRESH_HELD', message: safe.message }
    await finish(deps, scope, snapshot, counts, options, 'held', error)
    return report('held', error)
  }
  await markMissingRemoved(deps, sweep, counts)
  await finish(deps, scope, snapshot, counts, options, 'succeeded')
  return report('succeeded')
}

async function listAll(
  deps: RefreshDeps,
  scope: LinkScope,
  connector: Connector,
  snapshot: SnapshotState,
  counts: RefreshCounts,
  options: RefreshOptions,
): Promise<{ ok: true } | { ok: false; error: Failure }> {
  let cursor = snapshot.checkpoint.cursor
  const seen = new Set<string>()
  do {
    if (!(await options.renew()))
      return {
        ok: false,
        error: { code: 'GRAPH_LEASE_LOST', message: 'another process took over' },
      }
    const page = await connector.listAccounts({
      ...(cursor ? { cursor } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })
    if (!page.ok)
      return { ok: false, error: { code: page.error.code, message: page.error.message } }
    const next = page.value.nextCursor
    const now = deps.clock.now().toISOString()
    const context = { scope, snapshotId: snapshot.id, now, ids: deps.ids, events: deps.events }
    await deps.transact(async (trx) => {
      await writePage(trx, context, page.value.items, counts)
      counts.pages += 1
      await deps.snapshots.progress(trx, snapshot.id, counts, next ? { cursor: next } : {})
    })
    options.onProgress?.(counts)
    // A cursor that comes back twice would loop forever; ending quietly would look complete.
    if (next !== undefined && seen.has(next))
      return {
        ok: false,
        error: { code: 'GRAPH_CURSOR_LOOP', message: 'the app repeated a cursor' },
      }
    if (next !== undefined) seen.add(next)
    cursor = next
  } while (cursor !== undefined)
  return { ok: true }
}

/** Closes the snapshot with the app's link states as they now stand, and audits it. */
async function finish(
  deps: RefreshDeps,
  scope: LinkScope,
  snapshot: SnapshotState,
  counts: RefreshCounts,
  options: RefreshOptions,
  status: RefreshReport['status'],
  error?: Failure,
): Promise<void> {
  const states = await linkStateCounts(deps.db, scope.appId)
  for (const state of ['linked', 'orphan', 'ambiguous'] as const)
    counts[state] = Number(states.find((s) => s.link_state === state)?.n ?? 0)
  await deps.transact(async (trx) => {
    await deps.snapshots.finish(trx, snapshot.id, status, counts, error)
    await deps.audit.record(trx, {
      workspaceId: scope.workspaceId,
      actor: options.actor,
      action: `graph.refresh_${status}`,
      target: { type: 'app', id: scope.appId },
      after: {
        snapshotId: snapshot.id,
        trigger: options.trigger,
        counts,
        ...(error ? { error } : {}),
      },
    })
  })
}

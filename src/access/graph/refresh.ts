import { type Connector, canListEntitlements } from '../../integrations/connectors/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { linkStateCounts } from './accounts-store.js'
import { checkGrantRemovals, markMissingGrantsRemoved } from './refresh-grant-removals.js'
import { type Failure, type Listing, listPages } from './refresh-listing.js'
import { type RefreshScope, refreshListings } from './refresh-listings.js'
import { checkRemovals, countMissing, markMissingRemoved } from './refresh-removals.js'
import type { GraphSnapshots, RefreshPhase, SnapshotState } from './snapshots-store.js'
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
  /**
   * Grants Rollcall itself removed since the last listing (a plan's applied removals): not
   * counted against the sudden-drop rule, which is there for removals nobody asked for.
   */
  readonly expectedGrantRemovals?: number
  readonly signal?: AbortSignal
  /** Items per listing page (accounts, entitlements, grants); the connector's own by default. */
  readonly pageSize?: number
  readonly onProgress?: (counts: RefreshCounts) => void
  /** Renews the app's refresh lease between pages; false stops the refresh. */
  readonly renew: () => Promise<boolean>
}

/**
 * One refresh of an app (a graph snapshot): list its accounts page by page through the app's
 * connector from the checkpoint, then, when the connector lists them, its entitlements and their
 * grants, each page written with the snapshot's counts and checkpoint in one transaction (so a
 * failed or killed refresh resumes after the last page written, in its phase); then mark what
 * the complete listing no longer returned as removed, within the removal safety rule, which
 * weighs accounts and grants alike: if either would lose too many, nothing is removed.
 */
export async function runRefresh(
  deps: RefreshDeps,
  scope: RefreshScope,
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
  const safe = await checkSweep(deps, sweep, counts, options)
  if (!safe.ok) {
    const error = { code: 'GRAPH_REFRESH_HELD', message: safe.message }
    await finish(deps, scope, snapshot, counts, options, 'held', error)
    return report('held', error)
  }
  await markMissingRemoved(deps, sweep, counts)
  if (counts.entitlements) await markMissingGrantsRemoved(deps, sweep, counts.entitlements)
  await finish(deps, scope, snapshot, counts, options, 'succeeded')
  return report('succeeded')
}

type Sweep = { workspaceId: string; appId: string; snapshotId: string; now: string }

/** The removal safety rule over the accounts, then the grants: the first that holds says why. */
async function checkSweep(
  deps: RefreshDeps,
  sweep: Sweep,
  counts: RefreshCounts,
  options: Pick<RefreshOptions, 'acceptGone' | 'expectedGrantRemovals'>,
) {
  const accepted = options.acceptGone === true
  const { missing, live } = await countMissing(deps, sweep)
  const accounts = checkRemovals({ listed: counts.listed, missing, live }, accepted)
  if (!accounts.ok || !counts.entitlements) return accounts
  const expected = options.expectedGrantRemovals ?? 0
  return checkGrantRemovals(deps, sweep, counts.entitlements, { accepted, expected })
}

const PHASES: readonly RefreshPhase[] = ['accounts', 'entitlements', 'grants', 'listed']

/** Each listing from the checkpoint's phase (and cursor) on: accounts, entitlements, grants. */
async function listAll(
  deps: RefreshDeps,
  scope: RefreshScope,
  connector: Connector,
  snapshot: SnapshotState,
  counts: RefreshCounts,
  options: RefreshOptions,
): Promise<{ ok: true } | { ok: false; error: Failure }> {
  const lister = canListEntitlements(connector) ? connector : undefined
  const pages = refreshListings(deps, scope, snapshot.id, connector, counts, {
    lister,
    pageSize: options.pageSize,
  })
  const resumeAt = PHASES.indexOf(snapshot.checkpoint.phase ?? 'accounts')
  const run = { ...options, snapshotId: snapshot.id, counts }
  const step = async <T>(listing: Listing<T> | undefined) => {
    const at = listing ? PHASES.indexOf(listing.phase) : -1
    if (!listing || at < resumeAt) return { ok: true as const }
    const cursor = at === resumeAt ? snapshot.checkpoint.cursor : undefined
    return listPages(deps, run, listing, cursor)
  }
  const accounts = await step(pages.accounts)
  if (!accounts.ok) return accounts
  const entitlements = await step(pages.entitlements)
  if (!entitlements.ok) return entitlements
  return step(pages.grants)
}

/** Closes the snapshot with the app's link states as they now stand, and audits it. */
async function finish(
  deps: RefreshDeps,
  scope: RefreshScope,
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

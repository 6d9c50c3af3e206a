import { getCatalogEntry } from '../../integrations/catalog/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import { createLeases } from '../../platform/jobs/index.js'
import { type Db, type Dialect, decodeJson, type Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { App, AppsService } from '../apps/index.js'
import { listCandidates } from './candidates-store.js'
import { listAccountChanges } from './changes-store.js'
import type { LinkScope } from './correlate-accounts.js'
import type { GrantChange, GrantChangeKind } from './entitlement-types.js'
import { listGrantChanges } from './grants-store.js'
import { graphErrors } from './graph-errors.js'
import { type AccountQuery, listAccounts } from './graph-store.js'
import { linkByHand, requireAccount, resolvePerson, unlinkByHand } from './links.js'
import { recorrelateApp } from './recorrelate.js'
import { type RefreshOptions, runRefresh } from './refresh.js'
import { graphSnapshots } from './snapshots-store.js'
import type { AccountChange, RefreshCounts, RefreshReport } from './types.js'

export type GraphDeps = {
  readonly db: Db
  readonly dialect: Dialect
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly events: EventLog
  readonly audit: AuditLog
  readonly apps: Pick<AppsService, 'list' | 'get' | 'connector'>
  /** Names this process in leases. */
  readonly holder: string
}

export type RefreshRequest = Omit<RefreshOptions, 'renew' | 'onProgress'> & {
  readonly onProgress?: (app: App, counts: RefreshCounts) => void
}

const LEASE_MS = 5 * 60_000

export type GraphService = ReturnType<typeof createGraphService>

/**
 * The identity graph: accounts of every connected app (refreshed by listing through each app's
 * connector, CSV imports included for apps without an API), their links to people by
 * correlation rule or by hand, ambiguities, and what each refresh changed.
 */
export function createGraphService(deps: GraphDeps) {
  const snapshots = graphSnapshots(deps.db, deps)
  const leases = createLeases(deps.db, deps.clock)
  const linkDeps = {
    ...{ db: deps.db, transact: deps.transact, clock: deps.clock },
    ...{ audit: deps.audit, events: deps.events },
  }
  const scopeOf = (app: App): LinkScope => ({
    workspaceId: app.workspaceId,
    appId: app.id,
    correlation: app.correlation,
    dialect: deps.dialect,
  })

  async function refreshApp(app: App, request: RefreshRequest): Promise<RefreshReport> {
    const lease = `graph:${app.id}`
    const holder = `${deps.holder}/${deps.ids.next()}`
    if (!(await leases.acquire(lease, holder, LEASE_MS)))
      throw graphErrors.error('GRAPH_REFRESH_RUNNING', `A refresh of ${app.name} is running.`)
    try {
      const snapshot = await snapshots.start(app, request.trigger)
      const connector = await deps.apps.connector(app.workspaceId, app.id)
      if (!connector.ok) {
        const error = { code: connector.error.code, message: connector.error.message }
        await deps.transact((trx) =>
          snapshots.finish(trx, snapshot.id, 'failed', snapshot.counts, error),
        )
        return {
          snapshotId: snapshot.id,
          appId: app.id,
          status: 'failed',
          counts: snapshot.counts,
          error,
        }
      }
      const scope = { ...scopeOf(app), entry: getCatalogEntry(app.catalogId) }
      return await runRefresh({ ...deps, snapshots }, scope, connector.value, snapshot, {
        ...request,
        renew: () => leases.acquire(lease, holder, LEASE_MS),
        onProgress: (counts) => request.onProgress?.(app, counts),
      })
    } finally {
      await leases.release(lease, holder)
    }
  }

  return {
    /** Lists one app's accounts into the graph (a snapshot); resumes a failed one. */
    async refreshApp(workspaceId: string, appId: string, request: RefreshRequest) {
      return refreshApp(await deps.apps.get(workspaceId, appId), request)
    },

    /** Every app of a workspace, one after the other; a failure does not stop the rest. */
    async refreshWorkspace(workspaceId: string, request: RefreshRequest): Promise<RefreshReport[]> {
      const reports: RefreshReport[] = []
      for (const app of await deps.apps.list(workspaceId))
        reports.push(await refreshApp(app, request))
      return reports
    },

    /**
     * Decides again for accounts nobody is linked to (orphans, ambiguities): people change
     * between refreshes (a new hire arrives, a duplicate person is merged). Returns how many
     * accounts changed state. Reconciliation runs it first.
     */
    async recorrelate(workspaceId: string, appIds: readonly string[]): Promise<number> {
      let changed = 0
      for (const appId of appIds) {
        const app = await deps.apps.get(workspaceId, appId)
        changed += await recorrelateApp(deps, scopeOf(app))
      }
      return changed
    },

    accounts: (workspaceId: string, query: AccountQuery) =>
      listAccounts(deps.db, workspaceId, query),
    account: (workspaceId: string, id: string) => requireAccount(deps.db, workspaceId, id),

    /** The people an ambiguous account matches, and by which rule. */
    async candidates(workspaceId: string, accountId: string) {
      await requireAccount(deps.db, workspaceId, accountId)
      const rows = await listCandidates(deps.db, accountId)
      return rows.map((r) => ({ personId: r.person_id, rule: r.rule }))
    },

    resolvePerson: (workspaceId: string, ref: string) => resolvePerson(deps.db, workspaceId, ref),

    async link(workspaceId: string, accountId: string, personRef: string, actor: Actor) {
      const account = await requireAccount(deps.db, workspaceId, accountId)
      const person = await resolvePerson(deps.db, workspaceId, personRef)
      await linkByHand(linkDeps, account, person.id, actor)
      return requireAccount(deps.db, workspaceId, accountId)
    },

    async unlink(workspaceId: string, accountId: string, actor: Actor, automatic = false) {
      const account = await requireAccount(deps.db, workspaceId, accountId)
      await unlinkByHand(linkDeps, account, actor, automatic)
      return requireAccount(deps.db, workspaceId, accountId)
    },

    /** What a refresh of the app changed: the latest one, or the snapshot given. */
    async changes(workspaceId: string, appId: string, snapshotId?: string) {
      await deps.apps.get(workspaceId, appId)
      const snapshot = snapshotId
        ? await snapshots.find(appId, snapshotId)
        : await snapshots.latest(appId)
      if (!snapshot && snapshotId)
        throw graphErrors.error(
          'GRAPH_SNAPSHOT_NOT_FOUND',
          `No snapshot '${snapshotId}' of this app.`,
        )
      if (!snapshot) return { snapshot: null, changes: [] }
      const rows = await listAccountChanges(deps.db, snapshot.id)
      const changes: AccountChange[] = rows.map((r) => ({
        snapshotId: r.snapshot_id,
        accountId: r.account_id,
        change: r.change as AccountChange['change'],
        before: r.before === null ? null : decodeJson(r.before),
        after: r.after === null ? null : decodeJson(r.after),
        at: r.at,
      }))
      return {
        snapshot: {
          id: snapshot.id,
          status: snapshot.status,
          counts: decodeJson<RefreshCounts>(snapshot.counts),
          startedAt: snapshot.started_at,
          finishedAt: snapshot.finished_at,
        },
        changes,
      }
    },

    latestSnapshot: (appId: string) => snapshots.latest(appId),

    /** What a refresh of the app changed in its grants: the latest one, or the snapshot given. */
    async grantChanges(workspaceId: string, appId: string, snapshotId?: string) {
      await deps.apps.get(workspaceId, appId)
      const snapshot = snapshotId
        ? await snapshots.find(appId, snapshotId)
        : await snapshots.latest(appId)
      if (!snapshot && snapshotId)
        throw graphErrors.error(
          'GRAPH_SNAPSHOT_NOT_FOUND',
          `No snapshot '${snapshotId}' of this app.`,
        )
      if (!snapshot) return []
      const rows = await listGrantChanges(deps.db, snapshot.id)
      return rows.map(
        (r): GrantChange => ({
          snapshotId: r.snapshot_id,
          entitlementId: r.entitlement_id,
          accountId: r.account_id,
          change: r.change as GrantChangeKind,
          at: r.at,
        }),
      )
    },
  }
}

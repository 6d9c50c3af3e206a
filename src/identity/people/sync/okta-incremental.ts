import type { OktaConnector } from '../../../integrations/connectors/index.js'
import type { Row } from '../../../platform/store/index.js'
import type { JsonSql } from '../../../protocol/scim-sql/index.js'
import type { ApplyContext } from '../people-writer.js'
import type { GroupName } from '../person-record.js'
import { failure, loadMemberships, type Memberships, oktaRecord } from '../sources/okta-reader.js'
import type { SyncFailure } from '../sources/reader.js'
import type { StoredOktaConfig } from '../sources/source-config.js'
import { currentRecord, recordsWithGroups } from '../sources/source-record-store.js'
import { groupsOf, withGroups } from '../sources/source-records.js'
import { sourceStore } from '../sources/source-store.js'
import type { SourceKind, SyncCounts, SyncReport } from '../types.js'
import type { EngineDeps, RunOptions } from './full-sync.js'
import type { RunState } from './sync-run-store.js'

type Changed = { groups: Map<string, GroupName>; memberships: Memberships }

/**
 * An incremental Okta sync: users whose `lastUpdated` is after `since` (Okta's `filter`, which
 * reads up-to-date data; developer.okta.com/docs/reference/user-query), and groups whose members
 * or profile changed since then (`lastMembershipUpdated`), whose members' `groups` are
 * recomputed. It never marks anyone gone: a deleted Okta user simply stops being listed, which
 * only a complete full sync can tell.
 */
export async function runOktaIncremental(
  deps: EngineDeps & { json: JsonSql },
  source: Row<'sources'>,
  okta: OktaConnector,
  config: StoredOktaConfig,
  run: RunState,
  options: RunOptions & { since: string },
): Promise<SyncReport> {
  const context: ApplyContext = {
    source: { id: source.id, workspaceId: source.workspace_id, kind: source.kind as SourceKind },
    runId: run.id,
    actor: options.actor,
  }
  const counts: SyncCounts = { ...run.counts }
  const report = (status: SyncReport['status'], error?: SyncFailure): SyncReport => ({
    runId: run.id,
    sourceId: source.id,
    kind: 'okta',
    mode: 'incremental',
    status,
    counts,
    ...(error ? { error } : {}),
  })
  const done = await syncChanges(deps, context, okta, config, options, counts)
  if (!done.ok) {
    await deps.runs.finish(run.id, 'failed', counts, done.error)
    return report('failed', done.error)
  }
  await sourceStore(deps.db).markSynced(source.id, {
    startedAt: run.startedAt,
    updatedAt: deps.now(),
  })
  await deps.runs.finish(run.id, 'succeeded', counts)
  options.onProgress?.({ sourceId: source.id, phase: 'done', counts })
  return report('succeeded')
}

async function syncChanges(
  deps: EngineDeps & { json: JsonSql },
  context: ApplyContext,
  okta: OktaConnector,
  config: StoredOktaConfig,
  options: RunOptions & { since: string },
  counts: SyncCounts,
): Promise<{ ok: true } | { ok: false; error: SyncFailure }> {
  const since = `"${options.since}"`
  const signal = options.signal ? { signal: options.signal } : {}
  let changed: Changed = { groups: new Map(), memberships: new Map() }
  if (config.groups) {
    const loaded = await loadMemberships(okta, {
      ...signal,
      filter: `lastMembershipUpdated gt ${since} or lastUpdated gt ${since}`,
    })
    if (!loaded.ok) return loaded
    changed = loaded.value
  }
  const touched = new Set<string>()
  let cursor: string | undefined
  do {
    const page = await okta.listUsers({
      ...signal,
      ...(cursor ? { cursor } : {}),
      ...(config.search
        ? { search: `(${config.search}) and lastUpdated gt ${since}` }
        : { filter: `lastUpdated gt ${since}` }),
    })
    if (!page.ok) return { ok: false, error: failure(page.error) }
    await deps.transact(async (trx) => {
      for (const user of page.value.items) {
        const previous = await currentRecord(trx, context.source.id, user.id)
        const record = oktaRecord(
          user,
          regroup(previous ? groupsOf(previous.resource) : [], user.id, changed),
        )
        if (!record.ok) {
          counts.skipped += 1
          continue
        }
        counts[await deps.writer.applyRecord(trx, context, record.value)] += 1
        counts.seen += 1
        touched.add(user.id)
      }
      counts.pages += 1
    })
    options.onProgress?.({ sourceId: context.source.id, phase: 'listing', counts })
    cursor = page.value.nextCursor
  } while (cursor !== undefined)
  await regroupMembers(deps, context, changed, touched, counts)
  return { ok: true }
}

/** A user's groups: the unchanged ones it had, plus the changed ones it is a member of now. */
function regroup(previous: readonly GroupName[], userId: string, changed: Changed): GroupName[] {
  const kept = previous.filter((g) => !changed.groups.has(g.value))
  return [...kept, ...(changed.memberships.get(userId) ?? [])]
}

/** People who joined or left a changed group without being updated themselves. */
async function regroupMembers(
  deps: EngineDeps & { json: JsonSql },
  context: ApplyContext,
  changed: Changed,
  touched: ReadonlySet<string>,
  counts: SyncCounts,
): Promise<void> {
  if (changed.groups.size === 0) return
  await deps.transact(async (trx) => {
    const former = await recordsWithGroups(trx, deps.json, context.source.id, [
      ...changed.groups.keys(),
    ])
    const keys = new Set([...former.map((r) => r.key), ...changed.memberships.keys()])
    for (const key of keys) {
      if (touched.has(key)) continue
      const record = await currentRecord(trx, context.source.id, key)
      if (!record) continue
      const next = withGroups(record, regroup(groupsOf(record.resource), key, changed))
      counts[await deps.writer.applyRecord(trx, context, next)] += 1
    }
  })
}

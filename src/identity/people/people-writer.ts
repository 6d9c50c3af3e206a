import type { AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import { type Db, type Dialect, decodeJson } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { jsonEqual } from '../../shared/json.js'
import { clearAmbiguity, saveAmbiguity } from './ambiguity-store.js'
import { type Candidate, correlate, matchedOn } from './correlate.js'
import { lockPeopleOf, peopleStore } from './people-store.js'
import { recordPersonChange } from './person-changes.js'
import { mergePerson } from './person-merge.js'
import { correlationKeys } from './person-record.js'
import {
  insertRecordRow,
  loadRecordRow,
  personsTakenBySource,
  recordsToMerge,
  updateRecordRow,
} from './sources/source-record-store.js'
import type { ApplyContext, ApplyOutcome, Person, SourceRecord } from './types.js'

export type PeopleWriterDeps = {
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly audit: AuditLog
  readonly events: EventLog
  readonly dialect: Dialect
}

export type { ApplyContext, SourceRef } from './types.js'

export type PeopleWriter = ReturnType<typeof createPeopleWriter>

/**
 * Writes what sources say into people, inside the caller's transaction: the source record, the
 * correlation (or an ambiguity), the merged person, its events and its audit entry commit
 * together. People writes of one workspace are serialised (an advisory lock on PostgreSQL; SQLite
 * has one writer), so two sources that bring the same new person cannot both create them.
 */
export function createPeopleWriter(deps: PeopleWriterDeps) {
  const lock = async (trx: Db, workspaceId: string) => {
    if (deps.dialect !== 'postgres') return
    await lockPeopleOf(trx, workspaceId)
  }

  return {
    /** Upserts one record and the person it belongs to. */
    async applyRecord(trx: Db, context: ApplyContext, record: SourceRecord): Promise<ApplyOutcome> {
      await lock(trx, context.source.workspaceId)
      const now = deps.clock.now().toISOString()
      const existing = await loadRecordRow(trx, context.source.id, record.key)
      const same =
        existing &&
        existing.gone_at === null &&
        jsonEqual(decodeJson(existing.record), record.resource)
      if (same && existing.person_id !== null) {
        await markSeen(trx, context, record.key, now)
        return 'unchanged'
      }
      await saveRecord(trx, context, record, now, existing !== undefined)
      const personId = existing?.person_id ?? (await this.link(trx, context, record, now))
      if (personId === undefined) return 'ambiguous'
      return recompute(trx, deps, context, personId, now)
    },

    /** Correlates an unlinked record: links it to a person, a new one, or records an ambiguity. */
    async link(trx: Db, context: ApplyContext, record: SourceRecord, now: string) {
      const candidates = await candidatesFor(trx, context, record)
      const decision = correlate(candidates)
      if (decision.kind === 'ambiguous') {
        await recordAmbiguity(trx, context, record.key, decision, now)
        return undefined
      }
      const personId = decision.kind === 'match' ? decision.personId : deps.ids.next()
      await updateRecordRow(trx, context.source.id, record.key, { person_id: personId })
      await clearAmbiguity(trx, context.source.id, record.key)
      return personId
    },

    /** The source says the record is gone (a trusted full sync, or a delete event). */
    async markGone(trx: Db, context: ApplyContext, key: string): Promise<'gone' | 'unchanged'> {
      await lock(trx, context.source.workspaceId)
      const existing = await loadRecordRow(trx, context.source.id, key)
      if (!existing || existing.gone_at !== null) return 'unchanged'
      const now = deps.clock.now().toISOString()
      await updateRecordRow(trx, context.source.id, key, { gone_at: now, updated_at: now })
      if (existing.person_id) await recompute(trx, deps, context, existing.person_id, now)
      return 'gone'
    },
  }
}

async function markSeen(trx: Db, context: ApplyContext, key: string, now: string) {
  if (context.runId === null) return
  await updateRecordRow(trx, context.source.id, key, {
    seen_run_id: context.runId,
    updated_at: now,
  })
}

async function saveRecord(
  trx: Db,
  context: ApplyContext,
  record: SourceRecord,
  now: string,
  exists: boolean,
): Promise<void> {
  const values = {
    record: JSON.stringify(record.resource),
    gone_at: null,
    updated_at: now,
    ...(context.runId === null ? {} : { seen_run_id: context.runId }),
  }
  if (exists) {
    await updateRecordRow(trx, context.source.id, record.key, values)
    return
  }
  await insertRecordRow(trx, {
    source_id: context.source.id,
    record_key: record.key,
    workspace_id: context.source.workspaceId,
    person_id: null,
    created_at: now,
    seen_run_id: context.runId,
    ...values,
  })
}

async function candidatesFor(
  trx: Db,
  context: ApplyContext,
  record: SourceRecord,
): Promise<Candidate[]> {
  const keys = correlationKeys(record.resource)
  const found = await peopleStore(trx).byIdentifiers(context.source.workspaceId, keys)
  const emailHits = new Set(found.byEmail.map((p) => p.id))
  const people = new Map([...found.direct, ...found.byEmail].map((p) => [p.id, p]))
  if (people.size === 0) return []
  const takenIds = await personsTakenBySource(trx, context.source.id, record.key, [
    ...people.keys(),
  ])
  return [...people.values()].map((person) => ({
    personId: person.id,
    matchedOn: matchedOn(keys, person, emailHits.has(person.id)),
    takenBySameSource: takenIds.has(person.id),
  }))
}

async function recordAmbiguity(
  trx: Db,
  context: ApplyContext,
  key: string,
  decision: { candidates: readonly Candidate[]; reason: string },
  now: string,
): Promise<void> {
  const candidates = JSON.stringify(
    decision.candidates.map((c) => ({ personId: c.personId, matchedOn: c.matchedOn })),
  )
  await saveAmbiguity(trx, {
    sourceId: context.source.id,
    recordKey: key,
    workspaceId: context.source.workspaceId,
    candidates,
    reason: decision.reason,
    now,
  })
}

/** Merges every record of the person again and writes the result when it changed. */
async function recompute(
  trx: Db,
  deps: PeopleWriterDeps,
  context: ApplyContext,
  personId: string,
  now: string,
): Promise<ApplyOutcome> {
  const rows = await recordsToMerge(trx, personId)
  const merged = mergePerson(
    rows.map((row) => ({
      resource: decodeJson(row.record),
      gone: row.gone_at !== null,
      priority: row.priority,
      order: `${row.created_at}|${row.id}`,
    })),
  )
  if (!merged) return 'unchanged'
  const store = peopleStore(trx)
  const before = await store.load(context.source.workspaceId, personId)
  if (before && before.status === merged.status && jsonEqual(before.resource, merged.resource)) {
    return 'unchanged'
  }
  const after: Person = {
    ...(before ?? blankPerson(personId, context.source.workspaceId, now)),
    resource: merged.resource,
    status: merged.status,
    goneAt: merged.status === 'gone' ? (before?.goneAt ?? now) : null,
    version: (before?.version ?? 0) + 1,
    updatedAt: now,
  }
  if (before) await store.update(after, !jsonEqual(before.resource.emails, after.resource.emails))
  else await store.insert(after)
  await recordPersonChange(trx, deps, context, before, after)
  return before ? 'updated' : 'created'
}

function blankPerson(id: string, workspaceId: string, now: string): Person {
  return {
    id,
    workspaceId,
    userName: '',
    externalId: null,
    displayName: null,
    primaryEmail: null,
    active: true,
    status: 'active',
    goneAt: null,
    resource: {},
    version: 0,
    createdAt: now,
    updatedAt: now,
  }
}

import type { Actor } from '../../../platform/audit/index.js'
import { listEvents, type StoredEvent } from '../../../platform/events/index.js'
import type { Db, Dialect, Row, Transact } from '../../../platform/store/index.js'
import { decodeJson } from '../../../platform/store/index.js'
import { jsonSqlFor } from '../../../protocol/scim-sql/index.js'
import { isRecord } from '../../../shared/json.js'
import type { DirectoryReader } from '../../directory/index.js'
import type { ApplyContext, PeopleWriter } from '../people-writer.js'
import { directoryRecord } from '../sources/scim-reader.js'
import type { StoredScimConfig } from '../sources/source-config.js'
import { liveKeys, recordsWithGroups } from '../sources/source-record-store.js'
import { sourceStore } from '../sources/source-store.js'

const BATCH = 500

export type EventDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly dialect: Dialect
  readonly writer: PeopleWriter
  readonly directories: DirectoryReader
}

const ACTOR: Actor = { type: 'system', id: 'scim-events' }

/**
 * What a batch of directory events asks for: users to re-read; `groups` renamed or deleted, whose
 * holders (every user under them, through nested groups) to re-read; `moved` members of groups,
 * whose own users (through nested groups) to re-read; or the whole directory gone.
 */
type Work = {
  users: Set<string>
  groups: Set<string>
  moved: Set<string>
  directoryDeleted: boolean
}

/**
 * Applies a SCIM directory's events to people, after the source's cursor, in one transaction
 * with the cursor itself: the cursor moves only if it still is where this batch started
 * (compare-and-set), so a second process or a restart never applies a batch twice. Events say
 * *what* changed; the current state is re-read from the directory, so applying one late or twice
 * converges on the same person.
 */
export async function applyDirectoryEvents(
  deps: EventDeps,
  source: Row<'sources'>,
): Promise<number> {
  const from = source.event_cursor ?? 0
  const directoryId = decodeJson<StoredScimConfig>(source.config).directoryId
  const events = await listEvents(deps.db, {
    workspaceId: source.workspace_id,
    afterSeq: from,
    limit: BATCH,
    sourceId: directoryId,
  })
  const last = events.at(-1)
  if (!last) return 0
  const work = collect(events)
  await deps
    .transact(async (trx) => {
      if (!(await sourceStore(trx).moveEventCursor(source.id, from, last.seq))) {
        throw new CursorMoved()
      }
      const context: ApplyContext = {
        source: { id: source.id, workspaceId: source.workspace_id, kind: 'scim' },
        runId: null,
        actor: ACTOR,
      }
      await apply(trx, deps, context, directoryId, work)
    })
    .catch((error: unknown) => {
      // Someone else applied this batch first: nothing to do.
      if (!(error instanceof CursorMoved)) throw error
    })
  return events.length
}

class CursorMoved extends Error {}

function collect(events: readonly StoredEvent[]): Work {
  const work: Work = {
    users: new Set(),
    groups: new Set(),
    moved: new Set(),
    directoryDeleted: false,
  }
  for (const event of events) {
    if (event.type === 'scim.directory.deleted') work.directoryDeleted = true
    else if (event.type.startsWith('scim.user.')) work.users.add(event.subject.id)
    else if (event.type === 'scim.group.members_changed') {
      // A user added or removed is re-read; a group added or removed carries the users under it
      // (through nested groups) into or out of this group and every group above it.
      for (const id of changedMembers(event.data)) {
        work.users.add(id)
        work.moved.add(id)
      }
    } else if (event.type === 'scim.group.deleted' || renamed(event)) {
      work.groups.add(event.subject.id)
    }
  }
  return work
}

/**
 * A group update that changed its name (record-change.ts says so); older events without the flag
 * count as renames, which only costs a re-read.
 */
function renamed(event: StoredEvent): boolean {
  if (event.type !== 'scim.group.updated') return false
  return !isRecord(event.data) || event.data.displayNameChanged !== false
}

/** The ids a members_changed event added or removed (record-change.ts writes both lists). */
function changedMembers(data: unknown): string[] {
  if (!isRecord(data)) return []
  return [data.added, data.removed].flatMap((list) =>
    Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [],
  )
}

async function apply(
  trx: Db,
  deps: EventDeps,
  context: ApplyContext,
  directoryId: string,
  work: Work,
) {
  if (work.directoryDeleted) {
    // The directory (and every user in it) is gone: an explicit delete of every record.
    for (const key of await liveKeys(trx, context.source.id))
      await deps.writer.markGone(trx, context, key)
    return
  }
  // A renamed or deleted group changes the `groups` of everyone under it, nested groups included:
  // those the directory has under it now, and those whose record still lists it (a deleted group
  // has no members left to walk). A moved group changes those of the users under it.
  const groups = [...work.groups]
  const under = await deps.directories.memberIds(trx, directoryId, [...groups, ...work.moved])
  for (const id of under) work.users.add(id)
  const listed = await recordsWithGroups(trx, jsonSqlFor(deps.dialect), context.source.id, groups)
  for (const record of listed) work.users.add(record.key)
  const ids = [...work.users]
  for (let start = 0; start < ids.length; start += BATCH) {
    const chunk = ids.slice(start, start + BATCH)
    const users = await deps.directories.usersWithIds(trx, directoryId, chunk)
    const found = new Set(users.map((user) => user.id))
    for (const user of users) {
      const record = directoryRecord(user)
      if (record.ok) await deps.writer.applyRecord(trx, context, record.value)
    }
    // Deleted (or a group's id): only a record this source has can be gone.
    for (const id of chunk) if (!found.has(id)) await deps.writer.markGone(trx, context, id)
  }
}

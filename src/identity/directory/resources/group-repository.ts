import { type Db, type Dialect, decodeJson, type Row } from '../../../platform/store/index.js'
import { groupResourceSchema, type ScimResource } from '../../../protocol/scim/schemas/index.js'
import type { Clock } from '../../../shared/clock.js'
import { isRecord } from '../../../shared/json.js'
import type { Logger } from '../../../shared/logger.js'
import { listRows } from './list-query-store.js'
import { createPageAnchors } from './page-anchors.js'
import type { ResourceRepository, StoredResource } from './types.js'

type Member = { value: string; type: string; display: string | null }

/** Groups: the resource JSON without members; members in their own table (large groups, fast diffs). */
export function createGroupRepository(
  dialect: Dialect,
  deps: { clock: Clock; log: Pick<Logger, 'warn'> },
): ResourceRepository {
  const anchors = createPageAnchors({ table: 'scim_groups', ...deps })
  return {
    kind: 'group',
    schema: groupResourceSchema,

    async load(db, directoryId, id, options) {
      let query = db
        .selectFrom('scim_groups')
        .selectAll()
        .where('id', '=', id)
        .where('directory_id', '=', directoryId)
      if (options.forUpdate && dialect === 'postgres') query = query.forUpdate()
      const row = await query.executeTakeFirst()
      if (!row) return undefined
      const members = options.withRelated ? await loadMembers(db, [id]) : undefined
      return toStored(row, members?.get(id))
    },

    async insert(db, directoryId, record) {
      await db.insertInto('scim_groups').values(groupRow(directoryId, record)).execute()
      await insertMembers(db, directoryId, record.id, membersOf(record.resource))
    },

    async update(db, directoryId, record, previous) {
      const {
        id: _id,
        directory_id: _dir,
        created_at: _created,
        ...columns
      } = groupRow(directoryId, record)
      await db.updateTable('scim_groups').set(columns).where('id', '=', record.id).execute()
      await syncMembers(
        db,
        directoryId,
        record.id,
        membersOf(previous.resource),
        membersOf(record.resource),
      )
    },

    async remove(db, _directoryId, id) {
      await db.deleteFrom('scim_groups').where('id', '=', id).execute()
    },

    async list(db, directoryId, query) {
      const { total, rows } = await listRows(db, {
        table: 'scim_groups',
        kind: 'group',
        schema: groupResourceSchema,
        dialect,
        directoryId,
        query,
        anchors,
      })
      const members =
        query.withRelated && rows.length > 0
          ? await loadMembers(
              db,
              rows.map((r) => r.id),
            )
          : undefined
      return {
        total,
        items: rows.map((row) => toStored(row as Row<'scim_groups'>, members?.get(row.id))),
      }
    },
  }
}

/** The members of a canonical group resource (already validated by the service). */
export function membersOf(resource: ScimResource): Member[] {
  const members = Array.isArray(resource.members) ? resource.members : []
  return members.flatMap((m: unknown) =>
    isRecord(m) && typeof m.value === 'string'
      ? [
          {
            value: m.value,
            type: typeof m.type === 'string' ? m.type : 'User',
            display: typeof m.display === 'string' ? m.display : null,
          },
        ]
      : [],
  )
}

function groupRow(directoryId: string, record: StoredResource) {
  const { members: _members, ...rest } = record.resource
  const displayName = String(record.resource.displayName)
  return {
    id: record.id,
    directory_id: directoryId,
    display_name: displayName,
    display_name_key: displayName.toLowerCase(),
    external_id: typeof rest.externalId === 'string' ? rest.externalId : null,
    resource: JSON.stringify(rest),
    version: record.version,
    created_at: record.created,
    updated_at: record.lastModified,
  }
}

async function insertMembers(
  db: Db,
  directoryId: string,
  groupId: string,
  members: readonly Member[],
): Promise<void> {
  // Chunked: SQLite binds at most 32766 parameters per statement.
  for (let start = 0; start < members.length; start += 500) {
    const chunk = members.slice(start, start + 500).map((m) => ({
      directory_id: directoryId,
      group_id: groupId,
      member_id: m.value,
      member_type: m.type,
      display: m.display,
    }))
    await db.insertInto('scim_group_members').values(chunk).execute()
  }
}

async function syncMembers(
  db: Db,
  directoryId: string,
  groupId: string,
  before: readonly Member[],
  after: readonly Member[],
): Promise<void> {
  const previous = new Map(before.map((m) => [m.value, m]))
  const next = new Map(after.map((m) => [m.value, m]))
  const removed = before.filter((m) => !next.has(m.value)).map((m) => m.value)
  const changed = after.filter((m) => {
    const old = previous.get(m.value)
    return old !== undefined && (old.display !== m.display || old.type !== m.type)
  })
  for (let start = 0; start < removed.length; start += 500) {
    await db
      .deleteFrom('scim_group_members')
      .where('group_id', '=', groupId)
      .where('member_id', 'in', removed.slice(start, start + 500))
      .execute()
  }
  for (const member of changed) {
    await db
      .updateTable('scim_group_members')
      .set({ display: member.display, member_type: member.type })
      .where('group_id', '=', groupId)
      .where('member_id', '=', member.value)
      .execute()
  }
  await insertMembers(
    db,
    directoryId,
    groupId,
    after.filter((m) => !previous.has(m.value)),
  )
}

async function loadMembers(db: Db, groupIds: readonly string[]): Promise<Map<string, Member[]>> {
  const rows = await db
    .selectFrom('scim_group_members')
    .select(['group_id', 'member_id', 'member_type', 'display'])
    .where('group_id', 'in', groupIds)
    .orderBy('group_id')
    .orderBy('member_id')
    .execute()
  const byGroup = new Map<string, Member[]>(groupIds.map((id) => [id, []]))
  for (const row of rows)
    byGroup
      .get(row.group_id)
      ?.push({ value: row.member_id, type: row.member_type, display: row.display })
  return byGroup
}

function toStored(row: Row<'scim_groups'>, members: Member[] | undefined): StoredResource {
  const resource = decodeJson<ScimResource>(row.resource)
  if (members && members.length > 0) {
    resource.members = members.map((m) => ({
      value: m.value,
      type: m.type,
      ...(m.display !== null ? { display: m.display } : {}),
    }))
  }
  return {
    id: row.id,
    resource,
    version: row.version,
    created: row.created_at,
    lastModified: row.updated_at,
  }
}

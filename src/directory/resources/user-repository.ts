import { type ScimResource, userResourceSchema } from '../../scim/schemas/index.js'
import { isRecord } from '../../shared/json.js'
import { type Db, type Dialect, decodeJson, type Row } from '../../store/index.js'
import { listRows } from './list-query.js'
import type { GroupRef, ResourceRepository, StoredResource } from './types.js'

/** Users: indexed columns derived from the resource, emails in their own table for filters. */
export function createUserRepository(dialect: Dialect): ResourceRepository {
  return {
    kind: 'user',
    schema: userResourceSchema,

    async load(db, directoryId, id, options) {
      let query = db
        .selectFrom('scim_users')
        .selectAll()
        .where('id', '=', id)
        .where('directory_id', '=', directoryId)
      if (options.forUpdate && dialect === 'postgres') query = query.forUpdate()
      const row = await query.executeTakeFirst()
      if (!row) return undefined
      const groups = options.withRelated ? await loadGroups(db, [id]) : undefined
      return toStored(row, groups?.get(id) ?? (groups ? [] : undefined))
    },

    async insert(db, directoryId, record) {
      await db.insertInto('scim_users').values(userRow(directoryId, record)).execute()
      await insertEmails(db, directoryId, record)
    },

    async update(db, directoryId, record, previous) {
      const {
        id: _id,
        directory_id: _dir,
        created_at: _created,
        ...columns
      } = userRow(directoryId, record)
      await db.updateTable('scim_users').set(columns).where('id', '=', record.id).execute()
      if (JSON.stringify(previous.resource.emails) !== JSON.stringify(record.resource.emails)) {
        await db.deleteFrom('scim_user_emails').where('user_id', '=', record.id).execute()
        await insertEmails(db, directoryId, record)
      }
    },

    async remove(db, _directoryId, id) {
      await db.deleteFrom('scim_users').where('id', '=', id).execute()
    },

    async list(db, directoryId, query) {
      const { total, rows } = await listRows(db, {
        table: 'scim_users',
        kind: 'user',
        schema: userResourceSchema,
        dialect,
        directoryId,
        query,
      })
      const groups =
        query.withRelated && rows.length > 0
          ? await loadGroups(
              db,
              rows.map((r) => r.id),
            )
          : undefined
      return {
        total,
        items: rows.map((row) =>
          toStored(row as Row<'scim_users'>, groups?.get(row.id) ?? (groups ? [] : undefined)),
        ),
      }
    },
  }
}

function userRow(directoryId: string, record: StoredResource) {
  const resource = record.resource
  const userName = String(resource.userName)
  return {
    id: record.id,
    directory_id: directoryId,
    user_name: userName,
    user_name_key: userName.toLowerCase(),
    external_id: typeof resource.externalId === 'string' ? resource.externalId : null,
    display_name: typeof resource.displayName === 'string' ? resource.displayName : null,
    active: resource.active === false ? 0 : 1,
    resource: JSON.stringify(resource),
    version: record.version,
    created_at: record.created,
    updated_at: record.lastModified,
  }
}

async function insertEmails(db: Db, directoryId: string, record: StoredResource): Promise<void> {
  const emails = Array.isArray(record.resource.emails) ? record.resource.emails : []
  const rows = emails.flatMap((email: unknown, position: number) =>
    isRecord(email) && typeof email.value === 'string'
      ? [
          {
            directory_id: directoryId,
            user_id: record.id,
            position,
            value_key: email.value.toLowerCase(),
            type: typeof email.type === 'string' ? email.type : null,
            is_primary: typeof email.primary === 'boolean' ? (email.primary ? 1 : 0) : null,
          },
        ]
      : [],
  )
  if (rows.length > 0) await db.insertInto('scim_user_emails').values(rows).execute()
}

/** Group memberships of users, for the readOnly `groups` attribute. */
async function loadGroups(db: Db, userIds: readonly string[]): Promise<Map<string, GroupRef[]>> {
  const rows = await db
    .selectFrom('scim_group_members as m')
    .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
    .select(['m.member_id', 'g.id', 'g.display_name'])
    .where('m.member_id', 'in', userIds)
    .orderBy('g.display_name_key')
    .execute()
  const byUser = new Map<string, GroupRef[]>()
  for (const row of rows) {
    const list = byUser.get(row.member_id) ?? []
    list.push({ value: row.id, display: row.display_name })
    byUser.set(row.member_id, list)
  }
  return byUser
}

function toStored(row: Row<'scim_users'>, groups: GroupRef[] | undefined): StoredResource {
  return {
    id: row.id,
    resource: decodeJson<ScimResource>(row.resource),
    version: row.version,
    created: row.created_at,
    lastModified: row.updated_at,
    ...(groups ? { groups } : {}),
  }
}

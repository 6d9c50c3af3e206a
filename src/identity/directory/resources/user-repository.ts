import { type Db, type Dialect, decodeJson, prepareQuery } from '../../../platform/store/index.js'
import { type ScimResource, userResourceSchema } from '../../../protocol/scim/schemas/index.js'
import type { Clock } from '../../../shared/clock.js'
import { isRecord } from '../../../shared/json.js'
import type { Logger } from '../../../shared/logger.js'
import { directGroupsColumn, parentRowsOf } from './direct-groups-store.js'
import { loadGroups } from './flattened-groups.js'
import { listRows, USER_LIST_COLUMNS, type UserListRow } from './list-query-store.js'
import { createPageAnchors } from './page-anchors.js'
import type { GroupRef, ResourceRepository, StoredResource } from './types.js'

/** Users: indexed columns derived from the resource, emails in their own table for filters. */
export function createUserRepository(
  dialect: Dialect,
  deps: { clock: Clock; log: Pick<Logger, 'warn'> },
): ResourceRepository {
  const anchors = createPageAnchors({ table: 'scim_users', ...deps })
  return {
    kind: 'user',
    schema: userResourceSchema,

    async load(db, directoryId, id, options) {
      const lock = options.forUpdate && dialect === 'postgres'
      const read = lock ? userForUpdate : dialect === 'postgres' ? pgUserById : sqliteUserById
      const row = (await read.execute(db, id, directoryId)).rows[0]
      if (!row) return undefined
      return toStored(row, options.withRelated ? await groupsOf(db, directoryId, row) : undefined)
    },

    async insert(db, directoryId, record) {
      const row = userRow(directoryId, record)
      await insertUser.execute(
        db,
        row.id,
        row.directory_id,
        row.user_name,
        row.user_name_key,
        row.external_id,
        row.display_name,
        row.active,
        row.resource,
        row.version,
        row.created_at,
        row.updated_at,
      )
      await insertEmails(db, directoryId, record)
    },

    async update(db, directoryId, record, previous) {
      const row = userRow(directoryId, record)
      await updateUser.execute(
        db,
        row.user_name,
        row.user_name_key,
        row.external_id,
        row.display_name,
        row.active,
        row.resource,
        row.version,
        row.updated_at,
        row.id,
      )
      if (JSON.stringify(previous.resource.emails) !== JSON.stringify(record.resource.emails)) {
        await deleteEmails.execute(db, record.id)
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
        anchors,
      })
      const groups =
        query.withRelated && rows.length > 0
          ? await groupsOfRows(db, directoryId, rows as ReadRow[])
          : undefined
      return {
        total,
        items: rows.map((row) =>
          toStored(row as UserListRow, groups?.get(row.id) ?? (groups ? [] : undefined)),
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
  for (const row of rows) {
    await insertEmail.execute(
      db,
      row.directory_id,
      row.user_id,
      row.position,
      row.value_key,
      row.type,
      row.is_primary,
    )
  }
}

// The statements of a SCIM write, compiled once (store/prepared.ts).
const insertUser = prepareQuery(
  (
    db: Db,
    id: string,
    directory_id: string,
    user_name: string,
    user_name_key: string,
    external_id: string | null,
    display_name: string | null,
    active: number,
    resource: string,
    version: number,
    created_at: string,
    updated_at: string,
  ) =>
    db.insertInto('scim_users').values({
      id,
      directory_id,
      user_name,
      user_name_key,
      external_id,
      display_name,
      active,
      resource,
      version,
      created_at,
      updated_at,
    }),
)
const updateUser = prepareQuery(
  (
    db: Db,
    user_name: string,
    user_name_key: string,
    external_id: string | null,
    display_name: string | null,
    active: number,
    resource: string,
    version: number,
    updated_at: string,
    id: string,
  ) =>
    db
      .updateTable('scim_users')
      .set({
        user_name,
        user_name_key,
        external_id,
        display_name,
        active,
        resource,
        version,
        updated_at,
      })
      .where('id', '=', id),
)
const insertEmail = prepareQuery(
  (
    db: Db,
    directory_id: string,
    user_id: string,
    position: number,
    value_key: string,
    type: string | null,
    is_primary: number | null,
  ) =>
    db
      .insertInto('scim_user_emails')
      .values({ directory_id, user_id, position, value_key, type, is_primary }),
)
const deleteEmails = prepareQuery((db: Db, userId: string) =>
  db.deleteFrom('scim_user_emails').where('user_id', '=', userId),
)

/** A user read with the groups that hold it directly (direct-groups-store.ts), when it was. */
type ReadRow = UserListRow & { direct_groups?: unknown }

/** The user's flattened groups, starting from the direct ones its row brought when it did. */
export async function groupsOf(db: Db, directoryId: string, row: ReadRow): Promise<GroupRef[]> {
  if (row.direct_groups === undefined)
    return (await loadGroups(db, directoryId, [row.id])).get(row.id) ?? []
  const direct = parentRowsOf(row.id, row.direct_groups)
  if (direct.length === 0) return []
  return (await loadGroups(db, directoryId, [row.id], direct)).get(row.id) ?? []
}

/**
 * The groups of listed users. Their rows brought their direct groups (list-query-store): the
 * walk starts one level up, and only when some user on the page is in a group at all.
 */
async function groupsOfRows(db: Db, directoryId: string, rows: readonly ReadRow[]) {
  const ids = rows.map((r) => r.id)
  if (rows[0]?.direct_groups === undefined) return loadGroups(db, directoryId, ids)
  const direct = rows.flatMap((row) => parentRowsOf(row.id, row.direct_groups))
  if (direct.length === 0) return new Map(ids.map((id) => [id, []]))
  return loadGroups(db, directoryId, ids, direct)
}

// Reads by id run on every GET, PUT, PATCH and DELETE: one query with the direct groups,
// compiled once per dialect (store/prepared.ts). A PostgreSQL write locks the row alone.
const userByIdOn = (dialect: Dialect) =>
  prepareQuery((db: Db, id: string, directoryId: string) =>
    db
      .selectFrom('scim_users as u')
      .select(USER_LIST_COLUMNS.map((c) => `u.${c}` as const))
      .select(directGroupsColumn(dialect).as('direct_groups'))
      .where('u.id', '=', id)
      .where('u.directory_id', '=', directoryId),
  )
const sqliteUserById = userByIdOn('sqlite')
const pgUserById = userByIdOn('postgres')
const userForUpdate = prepareQuery((db: Db, id: string, directoryId: string) =>
  db
    .selectFrom('scim_users')
    .select(USER_LIST_COLUMNS)
    .where('id', '=', id)
    .where('directory_id', '=', directoryId)
    .forUpdate(),
)
function toStored(row: UserListRow, groups: GroupRef[] | undefined): StoredResource {
  const base = {
    id: row.id,
    version: row.version,
    created: row.created_at,
    lastModified: row.updated_at,
    ...(groups ? { groups } : {}),
  }
  // PostgreSQL hands jsonb back parsed; SQLite hands back the text, parsed only if someone asks.
  if (typeof row.resource !== 'string')
    return { ...base, resource: decodeJson<ScimResource>(row.resource) }
  const json = row.resource
  let resource: ScimResource | undefined
  return Object.defineProperty({ ...base, json }, 'resource', {
    enumerable: true,
    get: () => {
      resource ??= decodeJson<ScimResource>(json)
      return resource
    },
  }) as StoredResource
}

import { sql } from 'kysely'
import { type Db, type Dialect, decodeJson, type Row } from '../../platform/store/index.js'
import type { Filter } from '../../protocol/scim/filter/index.js'
import { type ScimResource, userResourceSchema } from '../../protocol/scim/schemas/index.js'
import { filterToSql, jsonSqlFor } from '../../protocol/scim-sql/index.js'
import { isRecord } from '../../shared/json.js'
import { PEOPLE_LAYOUT } from './people-layout.js'
import { textSearchSql } from './people-search-store.js'
import type { CorrelationKeys } from './person-record.js'
import { primaryEmail } from './person-record.js'
import type { Person, PersonStatus } from './types.js'

/** A person row to write: the merged resource and what is derived from it. */
export type PersonWrite = {
  readonly id: string
  readonly workspaceId: string
  readonly resource: ScimResource
  readonly status: PersonStatus
  readonly goneAt: string | null
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

export type PersonIdentifiers = { id: string; externalIdKey: string | null; userNameKey: string }

function columns(person: PersonWrite) {
  const r = person.resource
  const userName = String(r.userName ?? '')
  const externalId = typeof r.externalId === 'string' ? r.externalId : null
  return {
    user_name: userName,
    user_name_key: userName.toLowerCase(),
    external_id: externalId,
    external_id_key: externalId?.toLowerCase() ?? null,
    display_name: typeof r.displayName === 'string' ? r.displayName : null,
    active: person.status === 'active' ? 1 : 0,
    primary_email: primaryEmail(r),
    status: person.status,
    gone_at: person.goneAt,
    resource: JSON.stringify(r),
    version: person.version,
    updated_at: person.updatedAt,
  }
}

/**
 * Serialises the people writes of one workspace until the transaction ends: an advisory lock on
 * PostgreSQL (SQLite has one writer and needs none).
 */
export async function lockPeopleOf(trx: Db, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`people:${workspaceId}`}))`.execute(trx)
}

/** Kysely queries for people and their emails; every one scoped to a workspace. */
export function peopleStore(db: Db) {
  return {
    /** People of a workspace by status: one grouped count. */
    countByStatus(workspaceId: string) {
      return db
        .selectFrom('people')
        .select(['status', (eb) => eb.fn.countAll<string | number>().as('count')])
        .where('workspace_id', '=', workspaceId)
        .groupBy('status')
        .execute()
    },

    async insert(person: PersonWrite): Promise<void> {
      await db
        .insertInto('people')
        .values({
          id: person.id,
          workspace_id: person.workspaceId,
          created_at: person.createdAt,
          ...columns(person),
        })
        .execute()
      await writeEmails(db, person)
    },

    async update(person: PersonWrite, emailsChanged: boolean): Promise<void> {
      await db.updateTable('people').set(columns(person)).where('id', '=', person.id).execute()
      if (!emailsChanged) return
      await db.deleteFrom('person_emails').where('person_id', '=', person.id).execute()
      await writeEmails(db, person)
    },

    async load(workspaceId: string, id: string): Promise<Person | undefined> {
      const row = await db
        .selectFrom('people')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst()
      return row ? toPerson(row) : undefined
    },

    /** People whose externalId, userName or any email equals one of the record's. */
    async byIdentifiers(workspaceId: string, keys: CorrelationKeys) {
      const direct = await db
        .selectFrom('people')
        .select(['id', 'external_id_key', 'user_name_key'])
        .where('workspace_id', '=', workspaceId)
        .where((eb) =>
          eb.or([
            eb('user_name_key', '=', keys.userName),
            ...(keys.externalId ? [eb('external_id_key', '=', keys.externalId)] : []),
          ]),
        )
        .execute()
      const byEmail =
        keys.emails.length === 0
          ? []
          : await db
              .selectFrom('person_emails as e')
              .innerJoin('people as p', 'p.id', 'e.person_id')
              .select(['p.id', 'p.external_id_key', 'p.user_name_key'])
              .where('e.workspace_id', '=', workspaceId)
              .where('e.value_key', 'in', [...keys.emails])
              .execute()
      return { direct: direct.map(identifiers), byEmail: byEmail.map(identifiers) }
    },
  }
}

function identifiers(row: { id: string; external_id_key: string | null; user_name_key: string }) {
  return { id: row.id, externalIdKey: row.external_id_key, userNameKey: row.user_name_key }
}

async function writeEmails(db: Db, person: PersonWrite): Promise<void> {
  const emails = Array.isArray(person.resource.emails) ? person.resource.emails : []
  const rows = emails.flatMap((email: unknown, position: number) =>
    isRecord(email) && typeof email.value === 'string'
      ? [
          {
            workspace_id: person.workspaceId,
            person_id: person.id,
            position,
            value_key: email.value.toLowerCase(),
            type: typeof email.type === 'string' ? email.type : null,
            is_primary: typeof email.primary === 'boolean' ? (email.primary ? 1 : 0) : null,
          },
        ]
      : [],
  )
  if (rows.length > 0) await db.insertInto('person_emails').values(rows).execute()
}

export function toPerson(row: Row<'people'>): Person {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    userName: row.user_name,
    externalId: row.external_id,
    displayName: row.display_name,
    primaryEmail: row.primary_email,
    active: row.active === 1,
    status: row.status as PersonStatus,
    goneAt: row.gone_at,
    resource: decodeJson<ScimResource>(row.resource),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export type PeopleQuery = {
  readonly filter?: Filter
  /** Plain text found in a name, the user name or an email (the console's search box). */
  readonly text?: string
  readonly status?: PersonStatus
  /** Keyset paging: ids are UUIDv7, so id order is creation order. */
  readonly afterId?: string
  readonly limit: number
}

/**
 * People of a workspace matching a SCIM filter, translated to SQL by directory/sql over the
 * people layout (the same translation the SCIM server uses, property-tested against memory).
 */
export async function listPeople(
  db: Db,
  dialect: Dialect,
  workspaceId: string,
  query: PeopleQuery,
): Promise<Person[]> {
  const where = query.filter
    ? filterToSql(query.filter, {
        layout: PEOPLE_LAYOUT,
        schema: userResourceSchema,
        json: jsonSqlFor(dialect),
      })
    : sql<boolean>`1 = 1`
  // The filter SQL addresses the table as `r` (directory/sql's convention).
  const rows = await db
    .selectFrom('people as r')
    .selectAll('r')
    .where('r.workspace_id', '=', workspaceId)
    .where(where)
    .$if(Boolean(query.text?.trim()), (q) => q.where(textSearchSql(dialect, query.text ?? '')))
    .$if(query.status !== undefined, (q) => q.where('r.status', '=', query.status ?? ''))
    .$if(query.afterId !== undefined, (q) => q.where('r.id', '>', query.afterId ?? ''))
    .orderBy('r.id')
    .limit(query.limit)
    .execute()
  return rows.map(toPerson)
}

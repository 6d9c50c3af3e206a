import { type RawBuilder, sql } from 'kysely'
import { type Db, type Dialect, decodeJson, type Row } from '../../platform/store/index.js'
import type { CorrelationRule } from '../apps/index.js'
import type { Account, AccountAttributes, LinkKind, LinkState } from './types.js'

/** Values per IN list and rows per multi-row insert: well under SQLite's parameter limit. */
export const BATCH = 500

/**
 * The employee number of a person, written exactly as the expression index of migration
 * 2026_11_24_400 (an index only serves the identical expression; the path is a constant).
 */
export function employeeNumberSql(dialect: Dialect): RawBuilder<string> {
  return dialect === 'postgres'
    ? sql.raw(
        `(p.resource #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,employeeNumber}')`,
      )
    : sql.raw(
        `json_extract(p.resource, '$."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"."employeeNumber"')`,
      )
}

export function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = []
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size))
  return out
}

/** People (ids) per key value, for one rule and a batch of keys (all lower-cased). */
export async function peopleByKeys(
  db: Db,
  dialect: Dialect,
  workspaceId: string,
  rule: CorrelationRule,
  keys: readonly string[],
): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>()
  const add = (key: string | null, personId: string) => {
    if (key === null) return
    const set = found.get(key) ?? new Set<string>()
    set.add(personId)
    found.set(key, set)
  }
  for (const part of chunks([...new Set(keys)])) {
    if (part.length === 0) continue
    if (rule === 'email') {
      const rows = await db
        .selectFrom('person_emails')
        .select(['value_key', 'person_id'])
        .where('workspace_id', '=', workspaceId)
        .where('value_key', 'in', part)
        .execute()
      for (const row of rows) add(row.value_key, row.person_id)
      continue
    }
    const column =
      rule === 'externalId'
        ? sql.ref('p.external_id_key')
        : rule === 'userName'
          ? sql.ref('p.user_name_key')
          : rule === 'primaryEmail'
            ? sql.ref('p.primary_email')
            : employeeNumberSql(dialect)
    const rows = await db
      .selectFrom('people as p')
      .select(['p.id', column.as('key')])
      .where('p.workspace_id', '=', workspaceId)
      .where(column, 'in', part)
      .execute()
    for (const row of rows) add(row.key === null ? null : String(row.key), row.id)
  }
  return found
}

/**
 * People of the workspace whose id is `ref`, and those whose userName or any email is `key` (the
 * ref lower-cased): the reads behind resolving a person by hand (identity's tables, read only).
 */
export async function peopleByRef(db: Db, workspaceId: string, ref: string, key: string) {
  const byId = await db
    .selectFrom('people')
    .select(['id', 'primary_email', 'user_name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', ref)
    .execute()
  const byEmail = await db
    .selectFrom('people as p')
    .select(['p.id', 'p.primary_email', 'p.user_name'])
    .where('p.workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        eb('p.user_name_key', '=', key),
        eb.exists(
          eb
            .selectFrom('person_emails as e')
            .select('e.person_id')
            .whereRef('e.person_id', '=', 'p.id')
            .where('e.value_key', '=', key),
        ),
      ]),
    )
    .execute()
  return { byId, byEmail }
}

/** person id → the live account linked to them in this app, for the given people. */
export async function linkedAccounts(
  db: Db,
  appId: string,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  const linked = new Map<string, string>()
  for (const part of chunks([...new Set(personIds)])) {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'person_id'])
      .where('app_id', '=', appId)
      .where('person_id', 'in', part)
      .where('removed_at', 'is', null)
      .execute()
    for (const row of rows) if (row.person_id) linked.set(row.person_id, row.id)
  }
  return linked
}

export function toAccount(row: Row<'accounts'>): Account {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    appId: row.app_id,
    remoteId: row.remote_id,
    userName: row.user_name,
    email: row.email_key,
    active: row.active === 1,
    attributes: decodeJson<AccountAttributes>(row.attributes),
    personId: row.person_id,
    linkState: row.link_state as LinkState,
    linkKind: row.link_kind as LinkKind | null,
    linkRule: row.link_rule as Account['linkRule'],
    linkedAt: row.linked_at,
    inactiveSince: row.inactive_since,
    firstSeenAt: row.first_seen_at,
    removedAt: row.removed_at,
    updatedAt: row.updated_at,
  }
}

export type AccountQuery = {
  readonly appId?: string
  readonly linkState?: LinkState
  readonly personId?: string
  readonly includeRemoved?: boolean
  readonly after?: string
  readonly limit: number
}

/** Accounts of a workspace in id order (keyset paging), optionally of one app, state or person. */
export async function listAccounts(
  db: Db,
  workspaceId: string,
  query: AccountQuery,
): Promise<Account[]> {
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .$if(query.appId !== undefined, (q) => q.where('app_id', '=', query.appId ?? ''))
    .$if(query.linkState !== undefined, (q) => q.where('link_state', '=', query.linkState ?? ''))
    .$if(query.personId !== undefined, (q) => q.where('person_id', '=', query.personId ?? ''))
    .$if(query.includeRemoved !== true, (q) => q.where('removed_at', 'is', null))
    .$if(query.after !== undefined, (q) => q.where('id', '>', query.after ?? ''))
    .orderBy('id')
    .limit(query.limit)
    .execute()
  return rows.map(toAccount)
}

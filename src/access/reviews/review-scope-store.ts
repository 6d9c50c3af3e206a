import { sql } from 'kysely'
import { PEOPLE_LAYOUT } from '../../identity/people/index.js'
import { type Db, type Dialect, decodeJson } from '../../platform/store/index.js'
import { parseFilter } from '../../protocol/scim/filter/index.js'
import { URN, userResourceSchema } from '../../protocol/scim/schemas/index.js'
import { filterToSql, jsonSqlFor } from '../../protocol/scim-sql/index.js'
import type { ReviewScope } from './review-types.js'

/**
 * Reads of the graph (accounts, grants, entitlements), apps and people for access reviews: the
 * accounts and grants a campaign's scope selects (one query each; the people filter compiled to
 * SQL over the people layout, as assignment and grant rules are), managers from the enterprise
 * extension, and what the graph shows now of revoked items (verification).
 */

export type ScopeAccount = {
  readonly accountId: string
  readonly appId: string
  readonly appName: string
  readonly owner: string | null
  readonly userName: string
  readonly personId: string
  readonly personEmail: string | null
  readonly firstSeenAt: string
  readonly raw: Readonly<Record<string, unknown>>
  readonly manager: string | null
}

export type ScopeGrant = {
  readonly grantId: string
  readonly accountId: string
  readonly entitlementId: string
  readonly entitlementName: string
  readonly privileged: boolean
  readonly firstSeenAt: string
}

/**
 * The live, active accounts linked to a person in the scope's apps (and people), in the order
 * items are numbered: app name, person email, account.
 */
export async function scopeAccounts(
  db: Db,
  dialect: Dialect,
  workspaceId: string,
  scope: ReviewScope,
  withManagers: boolean,
): Promise<ScopeAccount[]> {
  const peopleFlag = scope.people === undefined ? undefined : peopleCondition(scope.people, dialect)
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('apps as ap', 'ap.id', 'a.app_id')
    .innerJoin('people as r', 'r.id', 'a.person_id')
    .select(['a.id', 'a.app_id', 'ap.name', 'ap.owner', 'a.user_name', 'a.person_id'])
    .select(['r.primary_email', 'a.first_seen_at', 'a.attributes'])
    .$if(withManagers, (q) => q.select('r.resource'))
    .where('a.workspace_id', '=', workspaceId)
    .where('a.removed_at', 'is', null)
    .where('a.active', '=', 1)
    .where('a.person_id', 'is not', null)
    .$if(scope.apps !== undefined, (q) => q.where('a.app_id', 'in', [...(scope.apps ?? [])]))
    .$if(peopleFlag !== undefined, (q) => q.where(peopleFlag ?? sql<boolean>`1 = 1`))
    .orderBy('ap.name')
    .orderBy('a.app_id')
    .orderBy('r.primary_email')
    .orderBy('a.id')
    .execute()
  return rows.map((row) => ({
    ...{ accountId: row.id, appId: row.app_id, appName: row.name, owner: row.owner },
    ...{ userName: row.user_name, personId: row.person_id ?? '', personEmail: row.primary_email },
    firstSeenAt: row.first_seen_at,
    raw: decodeJson<{ raw?: Record<string, unknown> }>(row.attributes)?.raw ?? {},
    manager: withManagers ? managerOf((row as { resource?: unknown }).resource) : null,
  }))
}

/** A SCIM filter over people as SQL on the `people as r` alias (validated when the input was). */
function peopleCondition(filter: string, dialect: Dialect) {
  const parsed = parseFilter(filter)
  if (!parsed.ok) return sql<boolean>`1 = 0`
  const json = jsonSqlFor(dialect)
  return filterToSql(parsed.value, { layout: PEOPLE_LAYOUT, schema: userResourceSchema, json })
}

function managerOf(resource: unknown): string | null {
  const decoded =
    decodeJson<Record<string, { manager?: { value?: unknown } } | undefined>>(resource)
  const value = decoded?.[URN.enterpriseUser]?.manager?.value
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null
}

/** The live grants (of live entitlements) in the scope's apps, narrowed as the scope says. */
export async function scopeGrants(
  db: Db,
  workspaceId: string,
  scope: ReviewScope,
): Promise<ScopeGrant[]> {
  const rows = await db
    .selectFrom('grants as g')
    .innerJoin('entitlements as e', 'e.id', 'g.entitlement_id')
    .select(['g.id', 'g.account_id', 'g.entitlement_id', 'e.display_name', 'e.privileged'])
    .select('g.first_seen_at')
    .where('g.workspace_id', '=', workspaceId)
    .where('g.removed_at', 'is', null)
    .where('e.removed_at', 'is', null)
    .$if(scope.apps !== undefined, (q) => q.where('g.app_id', 'in', [...(scope.apps ?? [])]))
    .$if(scope.entitlements !== undefined, (q) =>
      q.where('g.entitlement_id', 'in', [...(scope.entitlements ?? [])]),
    )
    .$if(scope.privilegedOnly === true, (q) => q.where('e.privileged', '=', 1))
    .orderBy('e.display_name')
    .orderBy('g.id')
    .execute()
  return rows.map((row) => ({
    ...{ grantId: row.id, accountId: row.account_id, entitlementId: row.entitlement_id },
    ...{ entitlementName: row.display_name, privileged: row.privileged === 1 },
    firstSeenAt: row.first_seen_at,
  }))
}

/** Which of these ids are the workspace's apps / live entitlements (unknown ids are refused). */
export async function knownIds(
  db: Db,
  workspaceId: string,
  table: 'apps' | 'entitlements',
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...ids])
    .execute()
  return new Set(rows.map((r) => r.id))
}

/**
 * Managers' emails: a manager's `value` is the id the source gave (a person id, externalId,
 * userName) or, from a CSV, an email; each is looked up among the workspace's people.
 */
export async function managerEmails(
  db: Db,
  workspaceId: string,
  values: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  const keys = [...new Set(values)]
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500)
    const lowered = part.map((v) => v.toLowerCase())
    const rows = await db
      .selectFrom('people as p')
      .leftJoin('person_emails as pe', 'pe.person_id', 'p.id')
      .select(['p.id', 'p.external_id', 'p.user_name_key', 'p.primary_email', 'pe.value_key'])
      .where('p.workspace_id', '=', workspaceId)
      .where((eb) =>
        eb.or([
          eb('p.id', 'in', part),
          eb('p.external_id', 'in', part),
          eb('p.user_name_key', 'in', lowered),
          eb('pe.value_key', 'in', lowered),
        ]),
      )
      .execute()
    for (const row of rows) {
      if (!row.primary_email) continue
      for (const key of [row.id, row.external_id, row.user_name_key, row.value_key])
        if (key) found.set(key.toLowerCase(), row.primary_email)
    }
  }
  return found
}

/** The people of the workspace with this email (a member's own access). */
export async function peopleWithEmail(
  db: Db,
  workspaceId: string,
  email: string,
): Promise<string[]> {
  const key = email.toLowerCase()
  const rows = await db
    .selectFrom('people as p')
    .select('p.id')
    .where('p.workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        eb('p.primary_email', '=', key),
        eb.exists(
          eb
            .selectFrom('person_emails as pe')
            .select('pe.person_id')
            .whereRef('pe.person_id', '=', 'p.id')
            .where('pe.value_key', '=', key),
        ),
      ]),
    )
    .execute()
  return rows.map((r) => r.id)
}

/** What the graph shows now of revoked items: gone (with when) or still held. */
export type GraphNow = { readonly gone: boolean; readonly at: string | null }

/** A grant is gone when a listing removed it (or its account, or deactivated the account). */
export async function grantsNow(
  db: Db,
  grantIds: readonly string[],
): Promise<Map<string, GraphNow>> {
  const now = new Map<string, GraphNow>()
  for (let i = 0; i < grantIds.length; i += 900) {
    const rows = await db
      .selectFrom('grants as g')
      .innerJoin('accounts as a', 'a.id', 'g.account_id')
      .select(['g.id', 'g.removed_at', 'a.removed_at as account_removed_at'])
      .select(['a.active', 'a.inactive_since'])
      .where('g.id', 'in', grantIds.slice(i, i + 900))
      .execute()
    for (const row of rows) {
      const at =
        row.removed_at ?? row.account_removed_at ?? (row.active === 1 ? null : row.inactive_since)
      now.set(row.id, { gone: at !== null || row.active !== 1, at })
    }
  }
  return now
}

/** An account is gone when a listing no longer returns it or shows it deactivated. */
export async function accountsNow(
  db: Db,
  accountIds: readonly string[],
): Promise<Map<string, GraphNow>> {
  const now = new Map<string, GraphNow>()
  for (let i = 0; i < accountIds.length; i += 900) {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'removed_at', 'active', 'inactive_since'])
      .where('id', 'in', accountIds.slice(i, i + 900))
      .execute()
    for (const row of rows) {
      const at = row.removed_at ?? (row.active === 1 ? null : row.inactive_since)
      now.set(row.id, { gone: row.removed_at !== null || row.active !== 1, at })
    }
  }
  return now
}

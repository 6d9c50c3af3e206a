import { type RawBuilder, sql } from 'kysely'
import { type Db, decodeJson } from '../../platform/store/index.js'
import type { ScimResource } from '../../protocol/scim/schemas/index.js'
import { isRecord } from '../../shared/json.js'
import type { AccountAttributes, Candidate } from '../graph/index.js'
import type { AccountState, PersonState, UnlinkedAccount } from './classify.js'

/**
 * The reads of one reconciliation chunk. People come in id order (keyset), each with one flag
 * per filter assignment computed by the database; accounts and ambiguous matches are read for
 * the same range of person ids, so a chunk's memory is bounded by its size, never the app's.
 */

/** A person id range: (after, upTo], or one person. upTo null: to the end. */
export type PersonRange =
  | { readonly kind: 'range'; readonly after: string; readonly upTo: string | null }
  | { readonly kind: 'person'; readonly personId: string }

export type PeopleRow = { readonly person: PersonState; readonly flags: readonly boolean[] }

export async function readPeople(
  db: Db,
  query: {
    workspaceId: string
    after: string
    personId?: string
    limit: number
    flags: readonly RawBuilder<boolean>[]
    withResource: boolean
  },
): Promise<PeopleRow[]> {
  const flagColumns = query.flags.map((flag, i) =>
    sql<number>`case when ${flag} then 1 else 0 end`.as(`f${i}`),
  )
  const rows = await db
    .selectFrom('people as r')
    .select([
      'r.id',
      'r.user_name',
      'r.primary_email',
      'r.display_name',
      'r.status',
      'r.gone_at',
      'r.version',
      'r.updated_at',
    ])
    .$if(query.withResource, (q) => q.select('r.resource'))
    // An admin's standing offboarding keeps the person out of every app (issue 19).
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('person_offboardings as o')
            .select('o.id')
            .whereRef('o.person_id', '=', 'r.id')
            .whereRef('o.workspace_id', '=', 'r.workspace_id')
            .where('o.ended_at', 'is', null),
        )
        .as('offboarded'),
    )
    .select(flagColumns)
    .where('r.workspace_id', '=', query.workspaceId)
    .$if(query.personId !== undefined, (q) => q.where('r.id', '=', query.personId ?? ''))
    .$if(query.personId === undefined, (q) => q.where('r.id', '>', query.after))
    .orderBy('r.id')
    .limit(query.limit)
    .execute()
  return rows.map((row) => {
    const record = row as Record<string, unknown>
    return {
      person: {
        id: row.id,
        userName: row.user_name,
        email: row.primary_email,
        displayName: row.display_name,
        status: row.status as PersonState['status'],
        goneAt: row.gone_at,
        version: row.version,
        updatedAt: row.updated_at,
        offboarded: Number(row.offboarded) === 1 || row.offboarded === true,
        resource: query.withResource ? decodeJson<ScimResource>(record.resource) : {},
      },
      flags: query.flags.map((_, i) => Number(record[`f${i}`]) === 1),
    }
  })
}

function rangeSql(column: string, range: PersonRange): RawBuilder<boolean> {
  const ref = sql.ref(column)
  if (range.kind === 'person') return sql<boolean>`${ref} = ${range.personId}`
  return range.upTo === null
    ? sql<boolean>`${ref} > ${range.after}`
    : sql<boolean>`(${ref} > ${range.after} and ${ref} <= ${range.upTo})`
}

/** person id → app id → the live account linked to them, for the people of the range. */
export async function readAccounts(
  db: Db,
  workspaceId: string,
  appIds: readonly string[],
  range: PersonRange,
): Promise<Map<string, Map<string, AccountState>>> {
  const rows = await db
    .selectFrom('accounts')
    .select([
      'id',
      'app_id',
      'person_id',
      'remote_id',
      'active',
      'inactive_since',
      'attributes',
      'fingerprint',
      'link_rule',
    ])
    .where('workspace_id', '=', workspaceId)
    .where('app_id', 'in', [...appIds])
    .where('removed_at', 'is', null)
    .where(rangeSql('person_id', range))
    .execute()
  const byPerson = new Map<string, Map<string, AccountState>>()
  for (const row of rows) {
    if (row.person_id === null) continue
    let apps = byPerson.get(row.person_id)
    if (!apps) {
      apps = new Map()
      byPerson.set(row.person_id, apps)
    }
    apps.set(row.app_id, accountState(row))
  }
  return byPerson
}

/**
 * An account state whose attributes are decoded on first use: most pairs never look at them
 * (only drift detection does), and decoding millions of JSON documents is most of the cost.
 */
function accountState(row: {
  id: string
  remote_id: string
  active: number
  inactive_since: string | null
  attributes: unknown
  fingerprint: string
  link_rule: string | null
}): AccountState {
  let decoded: AccountAttributes | undefined
  return {
    id: row.id,
    remoteId: row.remote_id,
    active: row.active === 1,
    inactiveSince: row.inactive_since,
    fingerprint: row.fingerprint,
    linkRule: row.link_rule,
    get attributes(): AccountAttributes {
      decoded ??= normalizeAttributes(decodeJson(row.attributes))
      return decoded
    },
  }
}

function normalizeAttributes(value: unknown): AccountAttributes {
  if (!isRecord(value)) return { userName: '', emails: [], raw: {} }
  return value as AccountAttributes
}

/** person id → app id → ambiguous accounts naming them as a candidate, for the range. */
export async function readAmbiguous(
  db: Db,
  workspaceId: string,
  appIds: readonly string[],
  range: PersonRange,
): Promise<Map<string, Map<string, string[]>>> {
  const rows = await db
    .selectFrom('account_candidates as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.person_id', 'c.app_id', 'c.account_id'])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.app_id', 'in', [...appIds])
    .where('a.removed_at', 'is', null)
    .where('a.link_state', '=', 'ambiguous')
    .where(rangeSql('c.person_id', range))
    .execute()
  const byPerson = new Map<string, Map<string, string[]>>()
  for (const row of rows) {
    const apps = byPerson.get(row.person_id) ?? new Map<string, string[]>()
    byPerson.set(row.person_id, apps)
    const ids = apps.get(row.app_id)
    if (ids) ids.push(row.account_id)
    else apps.set(row.app_id, [row.account_id])
  }
  return byPerson
}

/** One chunk of an app's orphan and ambiguous accounts, in id order, with candidates. */
export async function readUnlinked(
  db: Db,
  appId: string,
  after: string,
  limit: number,
): Promise<UnlinkedAccount[]> {
  const rows = await db
    .selectFrom('accounts')
    .select([
      'id',
      'remote_id',
      'active',
      'inactive_since',
      'attributes',
      'fingerprint',
      'link_rule',
      'link_state',
      'user_name',
      'email_key',
      'first_seen_at',
    ])
    .where('app_id', '=', appId)
    .where('link_state', 'in', ['orphan', 'ambiguous'])
    .where('removed_at', 'is', null)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute()
  const ambiguous = rows.filter((r) => r.link_state === 'ambiguous').map((r) => r.id)
  const candidates = new Map<string, Candidate[]>()
  if (ambiguous.length > 0) {
    const found = await db
      .selectFrom('account_candidates')
      .select(['account_id', 'person_id', 'rule'])
      .where('account_id', 'in', ambiguous)
      .orderBy('person_id')
      .execute()
    for (const c of found) {
      const list = candidates.get(c.account_id) ?? []
      list.push({ personId: c.person_id, rule: c.rule as Candidate['rule'] })
      candidates.set(c.account_id, list)
    }
  }
  return rows.map((row) => ({
    ...accountState(row),
    linkState: row.link_state as UnlinkedAccount['linkState'],
    userName: row.user_name,
    email: row.email_key,
    firstSeenAt: row.first_seen_at,
    candidates: candidates.get(row.id) ?? [],
  }))
}

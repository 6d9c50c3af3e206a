import type pg from 'pg'
import { SEEDED_TABLES, type SeedTarget } from './seed-sqlite.js'
import { ENTITLEMENT_NAMES, GRANT_HELD_SQL, GROUPS, SEEDED_AT } from './synthetic.js'

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User'

/** The formulas of synthetic.ts in SQL, over generate_series: g is the person number. */
const STATUS = `case when g % 100 = 0 then 'gone' when g % 100 <= 2 then 'inactive' else 'active' end`
const EMAIL = `'u' || g || '@acme.test'`
const DISPLAY = `'Given' || g || ' Family' || g`
const GROUP = `(array['${GROUPS.join("','")}'])[g % 3 + 1]`

const PEOPLE = `
insert into people (id, workspace_id, user_name, user_name_key, external_id, external_id_key,
  display_name, active, primary_email, status, gone_at, resource, version, created_at, updated_at)
select 'p' || lpad(g::text, 9, '0'), $1, ${EMAIL}, ${EMAIL}, null, null, ${DISPLAY},
  case when g % 100 >= 3 then 1 else 0 end, ${EMAIL}, ${STATUS},
  case when g % 100 = 0 then $2 end,
  jsonb_build_object('schemas', jsonb_build_array('${USER_URN}'), 'userName', ${EMAIL},
    'name', jsonb_build_object('givenName', 'Given' || g, 'familyName', 'Family' || g),
    'displayName', ${DISPLAY},
    'emails', jsonb_build_array(jsonb_build_object('value', ${EMAIL}, 'primary', true, 'type', 'work')),
    'active', g % 100 >= 3,
    'groups', jsonb_build_array(jsonb_build_object('value', ${GROUP}, 'display', ${GROUP}))),
  1, $2, $2
from generate_series(1, $3::int) g`

const EMAILS = `
insert into person_emails (workspace_id, person_id, position, value_key, type, is_primary)
select $1, 'p' || lpad(g::text, 9, '0'), 0, ${EMAIL}, 'work', 1 from generate_series(1, $2::int) g`

/** One app's linked accounts ($4 is the app's number a; h as in synthetic.ts). */
const ACCOUNTS = `
insert into accounts (id, workspace_id, app_id, remote_id, user_name, user_name_key,
  external_id_key, email_key, employee_number, display_name, active, attributes, fingerprint,
  person_id, link_state, link_kind, link_rule, linked_at, inactive_since, seen_snapshot_id,
  first_seen_at, removed_at, updated_at)
select k.id, $1, $2, k.id, ${EMAIL}, ${EMAIL}, null, ${EMAIL}, null, k.display, k.active, 
  jsonb_build_object('userName', ${EMAIL}, 'displayName', k.display,
    'emails', jsonb_build_array(jsonb_build_object('value', ${EMAIL}, 'primary', true)), 'raw', '{}'::jsonb),
  k.id, 'p' || lpad(g::text, 9, '0'), 'linked', 'rule', 'email', $3,
  case when k.active = 0 then $3 end, null, $3, null, $3
from generate_series(1, $5::int) g,
lateral (select (g::bigint * 7919 + $4::bigint * 104729) % 1000 as h) x,
lateral (select 'a' || lpad($4::text, 2, '0') || lpad(g::text, 9, '0') as id,
  case when g % 100 < 3 then (case when h < 900 then 1 else 0 end)
       else (case when h >= 10 and h < 13 then 0 else 1 end) end as active,
  case when g % 100 >= 3 and h >= 5 and h < 10 then 'Stale Name' else ${DISPLAY} end as display) k
where not (g % 100 >= 3 and h < 5)`

const ORPHANS = `
insert into accounts (id, workspace_id, app_id, remote_id, user_name, user_name_key,
  external_id_key, email_key, employee_number, display_name, active, attributes, fingerprint,
  person_id, link_state, link_kind, link_rule, linked_at, inactive_since, seen_snapshot_id,
  first_seen_at, removed_at, updated_at)
select k.id, $1, $2, k.id, k.address, k.address, null, k.address, null, null, 1,
  jsonb_build_object('userName', k.address, 'displayName', ${DISPLAY},
    'emails', jsonb_build_array(jsonb_build_object('value', k.address, 'primary', true)), 'raw', '{}'::jsonb),
  k.id, null, 'orphan', null, null, null, null, null, $3, null, $3
from generate_series(1, $5::int) g,
lateral (select 'o' || lpad($4::text, 2, '0') || lpad(g::text, 9, '0') as id, 'x' || g || '@other.test' as address) k
where (g::bigint * 7919 + $4::bigint * 104729) % 1000 >= 997`

/** One app's grants ($3 is the app's number a): of its active linked accounts, by holdsGrant. */
const GRANTS = `
insert into grants (id, workspace_id, app_id, entitlement_id, account_id, seen_snapshot_id,
  first_seen_at, removed_at)
select acc.id || '-' || k, $1, $2, 'e' || lpad($3::text, 2, '0') || k, acc.id, null, $4, null
from (select id, substr(id, 4)::bigint as g, $3::bigint as a from accounts
      where app_id = $2 and link_state = 'linked' and active = 1) acc
cross join generate_series(0, ${ENTITLEMENT_NAMES.length - 1}) k
where (select ${GRANT_HELD_SQL} from (select acc.g as g, acc.a as a, k) v)`

/** The secondary indexes of the seeded tables (not those backing a primary key or constraint). */
const INDEXES = `
select i.indexname, i.indexdef from pg_indexes i
where i.schemaname = current_schema() and i.tablename = any($1)
  and not exists (select 1 from pg_constraint c
    where c.conname = i.indexname and c.connamespace = current_schema()::regnamespace)`

/**
 * generate_series inserts in the given schema, run by the server itself (no rows cross the
 * wire), with the secondary indexes dropped during the load and rebuilt after it; then VACUUM
 * ANALYZE, so the measured reads neither set hint bits nor plan without statistics. Returns
 * how many accounts were written.
 */
export async function seedPostgres(
  client: pg.Client,
  schema: string,
  target: SeedTarget,
): Promise<number> {
  await client.connect()
  try {
    await client.query(`set search_path = ${schema}`)
    await client.query("set maintenance_work_mem = '512MB'")
    const indexes = await client.query<{ indexname: string; indexdef: string }>(INDEXES, [
      [...SEEDED_TABLES],
    ])
    for (const index of indexes.rows) await client.query(`drop index ${index.indexname}`)
    await client.query(PEOPLE, [target.workspaceId, SEEDED_AT, target.people])
    await client.query(EMAILS, [target.workspaceId, target.people])
    let accounts = 0
    for (const [a, appId] of target.appIds.entries()) {
      const params = [target.workspaceId, appId, SEEDED_AT, a, target.people]
      accounts += (await client.query(ACCOUNTS, params)).rowCount ?? 0
      accounts += (await client.query(ORPHANS, params)).rowCount ?? 0
      await client.query(GRANTS, [target.workspaceId, appId, a, SEEDED_AT])
    }
    for (const index of indexes.rows) await client.query(index.indexdef)
    for (const table of SEEDED_TABLES) await client.query(`vacuum (analyze) ${table}`)
    return accounts
  } finally {
    await client.end()
  }
}

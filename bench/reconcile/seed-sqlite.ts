import type BetterSqlite3 from 'better-sqlite3'
import {
  accountAttributes,
  accountOf,
  displayName,
  ENTITLEMENT_NAMES,
  email,
  entitlementId,
  hasOrphan,
  holdsGrant,
  pad,
  personId,
  personResource,
  SEEDED_AT,
  status,
} from './synthetic.js'

export type SeedTarget = {
  readonly workspaceId: string
  readonly appIds: readonly string[]
  readonly people: number
}

/** The tables the seeder fills; their secondary indexes are rebuilt once, after the load. */
export const SEEDED_TABLES = ['people', 'person_emails', 'accounts', 'grants'] as const

/** People per transaction (with their emails and every app's accounts). */
const PER_TRANSACTION = 20_000
/** Rows per multi-row insert: 23 columns × 200 rows stays under SQLite's 32,766 parameters. */
const ROWS_PER_INSERT = 200

const PEOPLE_COLUMNS = `id, workspace_id, user_name, user_name_key, external_id, external_id_key,
  display_name, active, primary_email, status, gone_at, resource, version, created_at, updated_at`
const PEOPLE_VALUES = '(?, ?, ?, ?, null, null, ?, ?, ?, ?, ?, ?, 1, ?, ?)'
const EMAIL_COLUMNS = 'workspace_id, person_id, position, value_key, type, is_primary'
const EMAIL_VALUES = `(?, ?, 0, ?, 'work', 1)`
const ACCOUNT_COLUMNS = `id, workspace_id, app_id, remote_id, user_name, user_name_key,
  external_id_key, email_key, employee_number, display_name, active, attributes, fingerprint,
  person_id, link_state, link_kind, link_rule, linked_at, inactive_since, seen_snapshot_id,
  first_seen_at, removed_at, updated_at`
const ACCOUNT_VALUES =
  '(?, ?, ?, ?, ?, ?, null, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, null, ?)'

const GRANT_COLUMNS = `id, workspace_id, app_id, entitlement_id, account_id, seen_snapshot_id,
  first_seen_at, removed_at`
const GRANT_VALUES = '(?, ?, ?, ?, ?, null, ?, null)'

type Param = string | number | null

/**
 * Rows buffered for one table and written ROWS_PER_INSERT at a time through one prepared
 * multi-row insert (plus one for the remainder): one statement step per 200 rows.
 */
function batchedInsert(db: BetterSqlite3.Database, table: string, columns: string, row: string) {
  const statement = (rows: number) =>
    db.prepare(`insert into ${table} (${columns}) values ${Array(rows).fill(row).join(', ')}`)
  const full = statement(ROWS_PER_INSERT)
  let params: Param[] = []
  let rows = 0
  return {
    add(values: readonly Param[]): void {
      for (const value of values) params.push(value)
      rows += 1
      if (rows === ROWS_PER_INSERT) this.flush()
    },
    flush(): void {
      if (rows === 0) return
      ;(rows === ROWS_PER_INSERT ? full : statement(rows)).run(params)
      params = []
      rows = 0
    },
  }
}

function personRow(workspaceId: string, g: number): Param[] {
  const s = status(g)
  const address = email(g)
  return [
    personId(g),
    workspaceId,
    address,
    address,
    displayName(g),
    s === 'active' ? 1 : 0,
    address,
    s,
    s === 'gone' ? SEEDED_AT : null,
    JSON.stringify(personResource(g)),
    SEEDED_AT,
    SEEDED_AT,
  ]
}

function linkedRow(target: SeedTarget, g: number, a: number, active: boolean, stale: boolean) {
  const id = `a${pad(a, 2)}${pad(g, 9)}`
  const address = email(g)
  return [
    id,
    target.workspaceId,
    target.appIds[a] ?? '',
    id,
    address,
    address,
    address,
    stale ? 'Stale Name' : displayName(g),
    active ? 1 : 0,
    JSON.stringify(accountAttributes(g, stale, false)),
    id,
    personId(g),
    'linked',
    'rule',
    'email',
    SEEDED_AT,
    active ? null : SEEDED_AT,
    SEEDED_AT,
    SEEDED_AT,
  ]
}

function orphanRow(target: SeedTarget, g: number, a: number): Param[] {
  const id = `o${pad(a, 2)}${pad(g, 9)}`
  const address = `x${g}@other.test`
  return [
    id,
    target.workspaceId,
    target.appIds[a] ?? '',
    id,
    address,
    address,
    address,
    null,
    1,
    JSON.stringify(accountAttributes(g, false, true)),
    id,
    null,
    'orphan',
    null,
    null,
    null,
    null,
    SEEDED_AT,
    SEEDED_AT,
  ]
}

/** The grants the active account of person g holds in app a (synthetic.ts holdsGrant). */
function addGrants(
  grants: ReturnType<typeof batchedInsert>,
  target: SeedTarget,
  g: number,
  a: number,
): void {
  const accountId = `a${pad(a, 2)}${pad(g, 9)}`
  for (let k = 0; k < ENTITLEMENT_NAMES.length; k++) {
    if (!holdsGrant(g, a, k)) continue
    const app = target.appIds[a] ?? ''
    grants.add([
      `${accountId}-${k}`,
      target.workspaceId,
      app,
      entitlementId(a, k),
      accountId,
      SEEDED_AT,
    ])
  }
}

/**
 * Rows straight through better-sqlite3 prepared multi-row inserts, 20,000 people (and their
 * ~200,000 accounts) per transaction, `synchronous=OFF`, secondary indexes dropped during the
 * load and rebuilt after it (a sorted build instead of 10M random B-tree inserts). Seeding only:
 * the measured process opens the file with the store's own settings. Returns the account count.
 */
export function seedSqlite(db: BetterSqlite3.Database, target: SeedTarget): number {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  // Grants reach their batch before their accounts' batch is flushed: the seeder's rows are
  // consistent by construction (the smoke test checks them), so the checks wait for no one.
  db.pragma('foreign_keys = OFF')
  db.pragma('cache_size = -1048576')
  const indexes = db
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null
       and tbl_name in (${SEEDED_TABLES.map(() => '?').join(', ')})`,
    )
    .all(...SEEDED_TABLES) as { name: string; sql: string }[]
  for (const index of indexes) db.exec(`drop index ${index.name}`)
  const people = batchedInsert(db, 'people', PEOPLE_COLUMNS, PEOPLE_VALUES)
  const emails = batchedInsert(db, 'person_emails', EMAIL_COLUMNS, EMAIL_VALUES)
  const accounts = batchedInsert(db, 'accounts', ACCOUNT_COLUMNS, ACCOUNT_VALUES)
  const grants = batchedInsert(db, 'grants', GRANT_COLUMNS, GRANT_VALUES)
  let written = 0
  const write = db.transaction((from: number, to: number) => {
    for (let g = from; g <= to; g++) {
      people.add(personRow(target.workspaceId, g))
      emails.add([target.workspaceId, personId(g), email(g)])
      for (let a = 0; a < target.appIds.length; a++) {
        const shape = accountOf(g, a)
        if (shape.kind === 'account') {
          accounts.add(linkedRow(target, g, a, shape.active, shape.stale))
          if (shape.active) addGrants(grants, target, g, a)
          written++
        }
        if (hasOrphan(g, a)) {
          accounts.add(orphanRow(target, g, a))
          written++
        }
      }
    }
    people.flush()
    emails.flush()
    accounts.flush()
    grants.flush()
  })
  for (let from = 1; from <= target.people; from += PER_TRANSACTION)
    write(from, Math.min(target.people, from + PER_TRANSACTION - 1))
  for (const index of indexes) db.exec(index.sql)
  db.exec('analyze')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return written
}

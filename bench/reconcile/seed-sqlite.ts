import type BetterSqlite3 from 'better-sqlite3'
import {
  accountAttributes,
  accountOf,
  displayName,
  email,
  hasOrphan,
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

/** People per transaction (with their emails and every app's accounts). */
const PER_TRANSACTION = 20_000

/**
 * Rows straight through better-sqlite3 prepared statements, big transactions, `synchronous=OFF`
 * (seeding only: the reconciling process opens the file with the store's own settings).
 * Returns how many accounts were written.
 */
export function seedSqlite(db: BetterSqlite3.Database, target: SeedTarget): number {
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -524288')
  const person = db.prepare(
    `insert into people (id, workspace_id, user_name, user_name_key, external_id, external_id_key,
       display_name, active, primary_email, status, gone_at, resource, version, created_at, updated_at)
     values (?, ?, ?, ?, null, null, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  )
  const personEmail = db.prepare(
    `insert into person_emails (workspace_id, person_id, position, value_key, type, is_primary)
     values (?, ?, 0, ?, 'work', 1)`,
  )
  const account = db.prepare(
    `insert into accounts (id, workspace_id, app_id, remote_id, user_name, user_name_key,
       external_id_key, email_key, employee_number, display_name, active, attributes, fingerprint,
       person_id, link_state, link_kind, link_rule, linked_at, inactive_since, seen_snapshot_id,
       first_seen_at, removed_at, updated_at)
     values (?, ?, ?, ?, ?, ?, null, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, null, ?)`,
  )
  let accounts = 0
  const write = db.transaction((from: number, to: number) => {
    for (let g = from; g <= to; g++) {
      const s = status(g)
      person.run(
        personId(g),
        target.workspaceId,
        email(g),
        email(g),
        displayName(g),
        s === 'active' ? 1 : 0,
        email(g),
        s,
        s === 'gone' ? SEEDED_AT : null,
        JSON.stringify(personResource(g)),
        SEEDED_AT,
        SEEDED_AT,
      )
      personEmail.run(target.workspaceId, personId(g), email(g))
      target.appIds.forEach((appId, a) => {
        const shape = accountOf(g, a)
        if (shape.kind === 'account') {
          const id = `a${pad(a, 2)}${pad(g, 9)}`
          const attributes = JSON.stringify(accountAttributes(g, shape.stale, false))
          account.run(
            id,
            target.workspaceId,
            appId,
            id,
            email(g),
            email(g),
            email(g),
            shape.stale ? 'Stale Name' : displayName(g),
            shape.active ? 1 : 0,
            attributes,
            id,
            personId(g),
            'linked',
            'rule',
            'email',
            SEEDED_AT,
            shape.active ? null : SEEDED_AT,
            SEEDED_AT,
            SEEDED_AT,
          )
          accounts++
        }
        if (hasOrphan(g, a)) {
          const id = `o${pad(a, 2)}${pad(g, 9)}`
          const address = `x${g}@other.test`
          account.run(
            id,
            target.workspaceId,
            appId,
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
          )
          accounts++
        }
      })
    }
  })
  for (let from = 1; from <= target.people; from += PER_TRANSACTION)
    write(from, Math.min(target.people, from + PER_TRANSACTION - 1))
  db.exec('analyze')
  db.close()
  return accounts
}

import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { graphErrors } from './graph-errors.js'
import { toAccount } from './graph-store.js'
import type { Account } from './types.js'

export type LinkDeps = { db: Db; clock: Clock; audit: AuditLog; events: EventLog }

/** A person of the workspace by id, email (any of theirs) or userName; exactly one, or an error. */
export async function resolvePerson(
  db: Db,
  workspaceId: string,
  ref: string,
): Promise<{ id: string; email: string | null; userName: string }> {
  const key = ref.trim().toLowerCase()
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
  const found = new Map([...byId, ...byEmail].map((row) => [row.id, row]))
  if (found.size > 1)
    throw graphErrors.error('GRAPH_PERSON_AMBIGUOUS', `Several people match '${ref}'.`)
  const [person] = found.values()
  if (!person)
    throw graphErrors.error('GRAPH_PERSON_NOT_FOUND', `No person '${ref}' in this workspace.`)
  return { id: person.id, email: person.primary_email, userName: person.user_name }
}

export async function requireAccount(db: Db, workspaceId: string, id: string): Promise<Account> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw graphErrors.error('ACCOUNT_NOT_FOUND', `No account '${id}' in this workspace.`)
  return toAccount(row)
}

/**
 * Links an account to a person by hand (how an ambiguity is resolved). A manual link is never
 * undone by a refresh or re-decided by correlation; a person keeps one account per app.
 */
export async function linkByHand(
  deps: LinkDeps,
  account: Account,
  personId: string,
  actor: Actor,
): Promise<void> {
  const holder = await deps.db
    .selectFrom('accounts')
    .select('id')
    .where('app_id', '=', account.appId)
    .where('person_id', '=', personId)
    .where('removed_at', 'is', null)
    .where('id', '<>', account.id)
    .executeTakeFirst()
  if (holder)
    throw graphErrors.error(
      'GRAPH_PERSON_HAS_ACCOUNT',
      `The person already has account ${holder.id} in this app; unlink it first.`,
    )
  await writeManual(deps, account, personId, actor)
}

/**
 * Unlinks by hand. The account stays nobody's (a manual decision the rules do not overturn),
 * unless `automatic`, which hands it back to the correlation rules at the next refresh.
 */
export async function unlinkByHand(
  deps: LinkDeps,
  account: Account,
  actor: Actor,
  automatic: boolean,
): Promise<void> {
  await writeManual(deps, account, null, actor, automatic)
}

async function writeManual(
  deps: LinkDeps,
  account: Account,
  personId: string | null,
  actor: Actor,
  automatic = false,
): Promise<void> {
  const now = deps.clock.now().toISOString()
  const linked = personId !== null
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({
        person_id: personId,
        link_state: linked ? 'linked' : 'orphan',
        link_kind: automatic ? null : 'manual',
        link_rule: linked ? 'manual' : null,
        linked_at: linked ? now : null,
        updated_at: now,
      })
      .where('id', '=', account.id)
      .execute()
    await trx.deleteFrom('account_candidates').where('account_id', '=', account.id).execute()
    const change = linked ? 'linked' : 'unlinked'
    const data = { appId: account.appId, accountId: account.id, personId, by: 'hand', automatic }
    await deps.events.append(trx, {
      workspaceId: account.workspaceId,
      sourceId: account.appId,
      type: `account.${change}`,
      subject: { type: 'account', id: account.id },
      data: { ...data, before: { personId: account.personId, linkState: account.linkState } },
    })
    await deps.audit.record(trx, {
      workspaceId: account.workspaceId,
      actor,
      action: `account.${change}`,
      target: { type: 'account', id: account.id },
      before: { personId: account.personId, linkState: account.linkState },
      after: data,
    })
  })
}

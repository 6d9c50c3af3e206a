import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { findAccountRow, otherLinkedAccount, updateAccount } from './accounts-store.js'
import { deleteCandidatesOf } from './candidates-store.js'
import { graphErrors } from './graph-errors.js'
import { peopleByRef, toAccount } from './graph-store.js'
import type { Account } from './types.js'

export type LinkDeps = {
  db: Db
  transact: Transact
  clock: Clock
  audit: AuditLog
  events: EventLog
}

/** A person of the workspace by id, email (any of theirs) or userName; exactly one, or an error. */
export async function resolvePerson(
  db: Db,
  workspaceId: string,
  ref: string,
): Promise<{ id: string; email: string | null; userName: string }> {
  const key = ref.trim().toLowerCase()
  const { byId, byEmail } = await peopleByRef(db, workspaceId, ref, key)
  const found = new Map([...byId, ...byEmail].map((row) => [row.id, row]))
  if (found.size > 1)
    throw graphErrors.error('GRAPH_PERSON_AMBIGUOUS', `Several people match '${ref}'.`)
  const [person] = found.values()
  if (!person)
    throw graphErrors.error('GRAPH_PERSON_NOT_FOUND', `No person '${ref}' in this workspace.`)
  return { id: person.id, email: person.primary_email, userName: person.user_name }
}

export async function requireAccount(db: Db, workspaceId: string, id: string): Promise<Account> {
  const row = await findAccountRow(db, workspaceId, id)
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
  const holder = await otherLinkedAccount(deps.db, account.appId, personId, account.id)
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
  await deps.transact(async (trx) => {
    await updateAccount(trx, account.id, {
      person_id: personId,
      link_state: linked ? 'linked' : 'orphan',
      link_kind: automatic ? null : 'manual',
      link_rule: linked ? 'manual' : null,
      linked_at: linked ? now : null,
      updated_at: now,
    })
    await deleteCandidatesOf(trx, account.id)
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

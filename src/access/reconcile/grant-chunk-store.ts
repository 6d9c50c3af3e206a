import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../platform/store/index.js'
import type { PersonRange } from './chunk-store.js'

/**
 * The grant reads of one reconciliation chunk (issue 15): the grants (live and removed) and the
 * active exceptions of the chunk's accounts, one query per table per chunk, joined to the
 * accounts by the chunk's range, so memory follows the chunk and never the app.
 */

/** An admin keeps one excess grant until `expiresAt` (grant_exceptions, helper-written). */
export type GrantException = {
  readonly id: string
  readonly reason: string
  readonly expiresAt: string
}

/** What one account holds, by entitlement id. */
export type HeldGrants = {
  readonly appId: string
  /** Live grants: entitlement id → first seen. */
  readonly live: Map<string, string>
  /** Grants a listing no longer showed: entitlement id → when (a later add is a new intent). */
  readonly removed: Map<string, string>
  /** Active exceptions (not revoked, not expired): entitlement id → the exception. */
  readonly exceptions: Map<string, GrantException>
}

/** Which accounts: those linked to the people of a range, or one app's unlinked ones by id. */
export type GrantScope =
  | {
      readonly kind: 'people'
      readonly workspaceId: string
      readonly appIds: readonly string[]
      readonly range: PersonRange
    }
  | {
      readonly kind: 'unlinked'
      readonly appId: string
      readonly after: string
      readonly upTo: string | null
    }

function idRange(column: string, after: string, upTo: string | null): RawBuilder<boolean> {
  const ref = sql.ref(column)
  return upTo === null
    ? sql<boolean>`${ref} > ${after}`
    : sql<boolean>`(${ref} > ${after} and ${ref} <= ${upTo})`
}

function accountsOf(scope: GrantScope): RawBuilder<boolean> {
  if (scope.kind === 'unlinked')
    return sql<boolean>`(a.app_id = ${scope.appId} and a.link_state in ('orphan', 'ambiguous') and ${idRange('a.id', scope.after, scope.upTo)})`
  const { range } = scope
  const apps = sql.join(scope.appIds.map((id) => sql`${id}`))
  const people =
    range.kind === 'person'
      ? sql<boolean>`a.person_id = ${range.personId}`
      : idRange('a.person_id', range.after, range.upTo)
  return sql<boolean>`(a.workspace_id = ${scope.workspaceId} and a.app_id in (${apps}) and ${people})`
}

/** account id → what it holds; accounts holding nothing and without exceptions are absent. */
export async function readHeldGrants(
  db: Db,
  scope: GrantScope,
  now: string,
): Promise<Map<string, HeldGrants>> {
  const held = new Map<string, HeldGrants>()
  if (scope.kind === 'people' && scope.appIds.length === 0) return held
  const of = (accountId: string, appId: string): HeldGrants => {
    let found = held.get(accountId)
    if (!found) {
      found = { appId, live: new Map(), removed: new Map(), exceptions: new Map() }
      held.set(accountId, found)
    }
    return found
  }
  const grants = await db
    .selectFrom('grants as g')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .select(['g.account_id', 'a.app_id', 'g.entitlement_id', 'g.first_seen_at', 'g.removed_at'])
    .where('a.removed_at', 'is', null)
    .where(accountsOf(scope))
    .execute()
  for (const g of grants) {
    const account = of(g.account_id, g.app_id)
    if (g.removed_at === null) account.live.set(g.entitlement_id, g.first_seen_at)
    else account.removed.set(g.entitlement_id, g.removed_at)
  }
  const exceptions = await db
    .selectFrom('grant_exceptions as x')
    .innerJoin('accounts as a', 'a.id', 'x.account_id')
    .select(['x.id', 'x.account_id', 'a.app_id', 'x.entitlement_id', 'x.reason', 'x.expires_at'])
    .where('a.removed_at', 'is', null)
    .where('x.revoked_at', 'is', null)
    .where('x.expires_at', '>', now)
    .where(accountsOf(scope))
    .orderBy('x.expires_at')
    .execute()
  // Several exceptions for one grant: the one that lasts longest (ordered by expiry) answers.
  for (const x of exceptions)
    of(x.account_id, x.app_id).exceptions.set(x.entitlement_id, {
      id: x.id,
      reason: x.reason,
      expiresAt: x.expires_at,
    })
  return held
}

import type { GrantReason, PersonAccessView } from '../reconcile/index.js'
import type { ScopeAccount, ScopeGrant } from './review-scope-store.js'
import type { ItemEvidence, ReviewersSpec, ReviewScope } from './review-types.js'
import type { NewItemRow, ReviewRow } from './reviews-store.js'

/**
 * A campaign's items: each account and grant in scope with its evidence, taken from the person
 * access view (the reasons `rollcall access <person>` gives, approved requests among them: the
 * same code), and what the app reports (last login, first seen).
 */
export type SnapshotInput = {
  readonly review: Pick<ReviewRow, 'id' | 'workspace_id'>
  readonly scope: ReviewScope
  readonly reviewers: ReviewersSpec
  readonly accounts: readonly ScopeAccount[]
  readonly grants: readonly ScopeGrant[]
  /** Managers' id/email (lower-cased) → their email, when reviewers are managers. */
  readonly managers: ReadonlyMap<string, string>
  readonly access: Pick<PersonAccessView, 'of'>
  readonly nextId: () => string
}

/** What the person access view says of each account and grant, kept small per item. */
type Reasons = {
  readonly accounts: Map<string, { why: string; linkRule: string | null }>
  readonly grants: Map<string, GrantReason>
}

/** People's access views read at once (the SQL of one view is short; waits overlap). */
const VIEW_CONCURRENCY = 8

/** Builds the item rows in snapshot order (app, person, the account then its grants). */
export async function snapshotItems(input: SnapshotInput): Promise<NewItemRow[]> {
  const withAccounts = input.scope.entitlements === undefined && input.scope.privilegedOnly !== true
  const grantsByAccount = new Map<string, ScopeGrant[]>()
  for (const grant of input.grants)
    grantsByAccount.set(grant.accountId, [...(grantsByAccount.get(grant.accountId) ?? []), grant])
  const included = input.accounts.filter(
    (a) => withAccounts || (grantsByAccount.get(a.accountId)?.length ?? 0) > 0,
  )
  const reasons = await reasonsOf(input, [...new Set(included.map((a) => a.personId))])
  const rows: NewItemRow[] = []
  for (const account of included) {
    const common = itemBase(input, account)
    const next = () => ({ id: input.nextId(), position: rows.length })
    if (withAccounts) rows.push({ ...common, ...accountItem(reasons, account), ...next() })
    for (const grant of grantsByAccount.get(account.accountId) ?? [])
      rows.push({ ...common, ...grantItem(reasons, account, grant), ...next() })
  }
  return rows
}

/** Every person's view, reduced to the reasons the items need (a view is dropped once read). */
async function reasonsOf(input: SnapshotInput, personIds: readonly string[]): Promise<Reasons> {
  const reasons: Reasons = { accounts: new Map(), grants: new Map() }
  let next = 0
  const worker = async () => {
    while (next < personIds.length) {
      const personId = personIds[next++] ?? ''
      const view = await input.access.of(input.review.workspace_id, personId)
      for (const app of view.apps) {
        for (const a of app.accounts)
          reasons.accounts.set(a.id, { why: a.why, linkRule: a.linkRule })
        for (const g of app.grants) reasons.grants.set(g.id, g.reason)
      }
    }
  }
  await Promise.all(Array.from({ length: VIEW_CONCURRENCY }, worker))
  return reasons
}

function itemBase(input: SnapshotInput, account: ScopeAccount) {
  return {
    review_id: input.review.id,
    workspace_id: input.review.workspace_id,
    app_id: account.appId,
    app_name: account.appName,
    person_id: account.personId,
    person_email: account.personEmail,
    account_id: account.accountId,
    account_user_name: account.userName,
    reviewer: reviewerOf(input, account),
  }
}

function reviewerOf(input: SnapshotInput, account: ScopeAccount): string | null {
  if (input.reviewers.type === 'app_owner') return account.owner?.toLowerCase() ?? null
  if (input.reviewers.type === 'manager')
    return account.manager ? (input.managers.get(account.manager.toLowerCase()) ?? null) : null
  return null
}

function accountItem(reasons: Reasons, account: ScopeAccount) {
  const seen = reasons.accounts.get(account.accountId)
  const evidence: ItemEvidence = {
    reason: 'link',
    words: seen?.why ?? 'Linked to the person',
    lastLoginAt: lastLoginOf(account.raw),
    since: account.firstSeenAt,
    linkRule: seen?.linkRule ?? null,
  }
  return {
    ...{ kind: 'account' as const, entitlement_id: null, entitlement_name: null, grant_id: null },
    ...{ privileged: 0, reason_kind: 'link', evidence: JSON.stringify(evidence) },
  }
}

function grantItem(reasons: Reasons, account: ScopeAccount, grant: ScopeGrant) {
  const evidence = grantEvidence(reasons, account, grant)
  return {
    ...{ kind: 'grant' as const, entitlement_id: grant.entitlementId },
    ...{ entitlement_name: grant.entitlementName, grant_id: grant.grantId },
    ...{ privileged: grant.privileged ? 1 : 0, reason_kind: evidence.reason },
    evidence: JSON.stringify(evidence),
  }
}

function grantEvidence(reasons: Reasons, account: ScopeAccount, grant: ScopeGrant): ItemEvidence {
  const common = { lastLoginAt: lastLoginOf(account.raw), since: grant.firstSeenAt }
  const reason = reasons.grants.get(grant.grantId)
  if (!reason) return { reason: 'none', words: 'Found in the app’s listing', ...common }
  return {
    reason: reason.kind,
    words: reason.words,
    ...(reason.rule ? { rule: reason.rule } : {}),
    ...(reason.exception ? { exception: reason.exception } : {}),
    ...(reason.request
      ? {
          request: {
            overrideId: reason.request.override,
            requestId: reason.request.id,
            until: reason.request.until,
          },
        }
      : {}),
    ...common,
  }
}

const LAST_LOGIN_KEYS = ['lastlogin', 'last_login', 'last login', 'lastsigninat', 'last_sign_in']

/** The app's last sign-in, where its listing or export reports one. */
function lastLoginOf(raw: Readonly<Record<string, unknown>>): string | null {
  for (const [key, value] of Object.entries(raw))
    if (LAST_LOGIN_KEYS.includes(key.toLowerCase()) && typeof value === 'string' && value !== '')
      return value
  return null
}

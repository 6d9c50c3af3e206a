import type { AccessOverrideRow, PersonAccess, PersonAccessView } from '../reconcile/index.js'
import type { ScopeAccount, ScopeGrant } from './review-scope-store.js'
import type { ItemEvidence, ReviewersSpec, ReviewScope } from './review-types.js'
import type { NewItemRow, ReviewRow } from './reviews-store.js'

/**
 * A campaign's items: each account and grant in scope with its evidence, taken from the person
 * access view (the reasons `rollcall access <person>` gives: the same code), the access
 * overrides of approved requests, and what the app reports (last login, first seen).
 */
export type SnapshotInput = {
  readonly review: Pick<ReviewRow, 'id' | 'workspace_id'>
  readonly scope: ReviewScope
  readonly reviewers: ReviewersSpec
  readonly accounts: readonly ScopeAccount[]
  readonly grants: readonly ScopeGrant[]
  /** Active 'grant' overrides of the apps in scope (approved requests). */
  readonly requestOverrides: readonly AccessOverrideRow[]
  /** Managers' id/email (lower-cased) → their email, when reviewers are managers. */
  readonly managers: ReadonlyMap<string, string>
  readonly access: Pick<PersonAccessView, 'of'>
  readonly nextId: () => string
}

/** Builds the item rows in snapshot order (app, person, the account then its grants). */
export async function snapshotItems(input: SnapshotInput): Promise<NewItemRow[]> {
  const withAccounts = input.scope.entitlements === undefined && input.scope.privilegedOnly !== true
  const grantsByAccount = new Map<string, ScopeGrant[]>()
  for (const grant of input.grants)
    grantsByAccount.set(grant.accountId, [...(grantsByAccount.get(grant.accountId) ?? []), grant])
  const rows: NewItemRow[] = []
  const views = new Map<string, PersonAccess>()
  for (const account of input.accounts) {
    const grants = grantsByAccount.get(account.accountId) ?? []
    if (!withAccounts && grants.length === 0) continue
    const view = views.get(account.personId) ?? (await viewOf(input, account.personId, views))
    const common = itemBase(input, account)
    const next = () => ({ id: input.nextId(), position: rows.length })
    if (withAccounts) rows.push({ ...common, ...accountItem(view, account), ...next() })
    for (const grant of grants)
      rows.push({ ...common, ...grantItem(input, view, account, grant), ...next() })
  }
  return rows
}

async function viewOf(
  input: SnapshotInput,
  personId: string,
  views: Map<string, PersonAccess>,
): Promise<PersonAccess> {
  // The views of people already done are dropped: items come grouped by app, not by person, so
  // keep a bounded cache rather than every person of a 100k-item campaign.
  if (views.size > 5000) views.clear()
  const view = await input.access.of(input.review.workspace_id, personId)
  views.set(personId, view)
  return view
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

function accountItem(view: PersonAccess, account: ScopeAccount) {
  const seen = view.apps
    .find((a) => a.app.id === account.appId)
    ?.accounts.find((a) => a.id === account.accountId)
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

function grantItem(
  input: SnapshotInput,
  view: PersonAccess,
  account: ScopeAccount,
  grant: ScopeGrant,
) {
  const evidence = grantEvidence(input, view, account, grant)
  return {
    ...{ kind: 'grant' as const, entitlement_id: grant.entitlementId },
    ...{ entitlement_name: grant.entitlementName, grant_id: grant.grantId },
    ...{ privileged: grant.privileged ? 1 : 0, reason_kind: evidence.reason },
    evidence: JSON.stringify(evidence),
  }
}

function grantEvidence(
  input: SnapshotInput,
  view: PersonAccess,
  account: ScopeAccount,
  grant: ScopeGrant,
): ItemEvidence {
  const common = { lastLoginAt: lastLoginOf(account.raw), since: grant.firstSeenAt }
  const request = input.requestOverrides.find(
    (o) =>
      o.app_id === account.appId &&
      o.person_id === account.personId &&
      o.entitlement_id === grant.entitlementId,
  )
  if (request)
    return {
      reason: 'request',
      words: `Given by an approved access request${request.until ? ` until ${request.until}` : ''}: ${request.reason}`,
      request: { overrideId: request.id, requestId: request.source_id, until: request.until },
      ...common,
    }
  const reason = view.apps
    .find((a) => a.app.id === account.appId)
    ?.grants.find((g) => g.id === grant.grantId)?.reason
  if (!reason) return { reason: 'none', words: 'Found in the app’s listing', ...common }
  return {
    reason: reason.kind,
    words: reason.words,
    ...(reason.rule ? { rule: reason.rule } : {}),
    ...(reason.exception ? { exception: reason.exception } : {}),
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

import { decodeJson } from '../../platform/store/index.js'
import type { Caller, ReviewsDeps } from './review-deps.js'
import { type DecisionInput, parseDecision, parseItemFilter } from './review-input.js'
import { peopleWithEmail } from './review-scope-store.js'
import type { ItemFilter, ReviewersSpec } from './review-types.js'
import { reviewErrors } from './reviews-errors.js'
import {
  type DecisionWrite,
  decideWhere,
  findItems,
  findReview,
  itemCountWhere,
  type ReviewRow,
} from './reviews-store.js'

/**
 * Who may decide what: workspace admins (`integrations:manage`) every item; a member the items
 * assigned to them (the app's owner, the person's manager) or, with named reviewers, every item
 * if they are named. Nobody decides an item about their own access: the member is matched to
 * people by email (primary or any of the person's emails).
 */
export type Decider = {
  readonly admin: boolean
  /** The member's lower-cased email; null for an API token or the CLI. */
  readonly email: string | null
  /** People who are the caller (their own access). */
  readonly own: readonly string[]
  /** Every item of the campaign is theirs to decide (admins, named reviewers). */
  readonly everyItem: boolean
}

export async function deciderOf(
  deps: ReviewsDeps,
  workspaceId: string,
  review: ReviewRow,
  caller: Caller,
): Promise<Decider> {
  const admin = caller.scopes.includes('integrations:manage')
  const email = await memberEmailOf(deps, workspaceId, caller)
  const own = email ? await peopleWithEmail(deps.db, workspaceId, email) : []
  const reviewers = decodeJson<ReviewersSpec>(review.reviewers)
  const named = reviewers.type === 'members' && email !== null && reviewers.emails.includes(email)
  if (!admin && email === null)
    throw reviewErrors.error(
      'REVIEW_DECISION_FORBIDDEN',
      'Only the item’s reviewers, signed in as members, or workspace admins may decide.',
    )
  return { admin, email, own, everyItem: admin || named }
}

/** The signed-in member's email, for a console session or a member's OAuth token. */
export async function memberEmailOf(
  deps: ReviewsDeps,
  workspaceId: string,
  caller: Caller,
): Promise<string | null> {
  if (caller.actor.type !== 'user' || caller.actor.id === null) return null
  const member = await deps.members.findById(caller.actor.id)
  if (!member || member.workspaceId !== workspaceId) return null
  return member.email.toLowerCase()
}

export async function openReview(deps: ReviewsDeps, workspaceId: string, id: string) {
  const review = await findReview(deps.db, workspaceId, id)
  if (!review)
    throw reviewErrors.error('REVIEW_NOT_FOUND', `No access review '${id}' in this workspace.`)
  if (review.status !== 'open')
    throw reviewErrors.error(
      'REVIEW_CLOSED',
      `The access review '${review.name}' is ${review.status}: its decisions can no longer change.`,
    )
  return review
}

/**
 * Decides listed items, all or nothing: an unknown item, one the caller may not decide, one
 * about their own access, or `modify` on an account refuses the whole call.
 */
export async function decideItems(
  deps: ReviewsDeps,
  workspaceId: string,
  reviewId: string,
  body: { items?: unknown } & Record<string, unknown>,
  caller: Caller,
): Promise<{ decided: number }> {
  const ids = itemIds(body.items)
  const { items: _, ...rest } = body
  const decision = parseDecision(rest)
  const review = await openReview(deps, workspaceId, reviewId)
  const decider = await deciderOf(deps, workspaceId, review, caller)
  const rows = await findItems(deps.db, review.id, ids)
  const found = new Set(rows.map((r) => r.id))
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length > 0)
    throw reviewErrors.error(
      'REVIEW_ITEM_NOT_FOUND',
      `No item ${missing.slice(0, 5).join(', ')} in this access review.`,
      { missing },
    )
  for (const row of rows) {
    if (decider.own.includes(row.person_id))
      throw reviewErrors.error(
        'REVIEW_OWN_ACCESS',
        `Item ${row.id} is about your own access (${row.person_email}): another reviewer or an admin decides it.`,
      )
    if (!decider.everyItem && row.reviewer !== decider.email)
      throw reviewErrors.error(
        'REVIEW_DECISION_FORBIDDEN',
        `Item ${row.id} is not yours to review.`,
      )
    if (decision.decision === 'modify' && row.kind !== 'grant')
      throw reviewErrors.error(
        'REVIEW_DECISION_INVALID',
        `Item ${row.id} is an account: keep or revoke it (modify applies to a grant).`,
      )
  }
  const decided = await record(deps, review, decision, caller, decider, { ids })
  return { decided }
}

/**
 * Decides every undecided item matching a filter that the caller may decide, skipping items
 * about their own access (counted in `skippedOwn`).
 */
export async function decideByFilter(
  deps: ReviewsDeps,
  workspaceId: string,
  reviewId: string,
  body: { filter?: unknown } & Record<string, unknown>,
  caller: Caller,
): Promise<{ decided: number; skippedOwn: number }> {
  const { filter: rawFilter, ...rest } = body
  const filter = parseItemFilter(rawFilter)
  const decision = parseDecision(rest)
  const review = await openReview(deps, workspaceId, reviewId)
  const decider = await deciderOf(deps, workspaceId, review, caller)
  const scoped: ItemFilter = {
    ...filter,
    ...(filter.status === undefined ? { status: 'undecided' } : {}),
    ...(decision.decision === 'modify' ? { kind: 'grant' as const } : {}),
    ...(decider.everyItem ? {} : { reviewer: decider.email ?? '' }),
  }
  const decided = await record(deps, review, decision, caller, decider, {
    filter: { ...scoped, excludePeople: decider.own },
  })
  const skippedOwn =
    decider.own.length === 0 ? 0 : await countOwn(deps, review.id, scoped, decider.own)
  return { decided, skippedOwn }
}

function countOwn(deps: ReviewsDeps, reviewId: string, filter: ItemFilter, own: readonly string[]) {
  return itemCountWhere(deps.db, reviewId, { ...filter, onlyPeople: own })
}

async function record(
  deps: ReviewsDeps,
  review: ReviewRow,
  decision: DecisionInput,
  caller: Caller,
  decider: Decider,
  target: { ids?: readonly string[]; filter?: ItemFilter & { excludePeople?: readonly string[] } },
): Promise<number> {
  const at = deps.clock.now().toISOString()
  const write: DecisionWrite = {
    ...decision,
    ...{ actor: JSON.stringify(caller.actor), email: decider.email, at, byDefault: false },
  }
  return deps.transact(async (trx) => {
    const current = await findReview(trx, review.workspace_id, review.id)
    if (current?.status !== 'open')
      throw reviewErrors.error(
        'REVIEW_CLOSED',
        `The access review '${review.name}' closed meanwhile.`,
      )
    const changed = await decideWhere(trx, review.id, target.filter ?? {}, write, target.ids)
    const data = {
      ...{ decision: decision.decision, reason: decision.reason, note: decision.note },
      ...{
        items: changed,
        ...(target.ids ? { itemIds: target.ids.slice(0, 100) } : { filter: target.filter }),
      },
      decidedBy: decider.email,
    }
    await deps.audit.record(trx, {
      ...{ workspaceId: review.workspace_id, actor: caller.actor, action: 'review.decided' },
      target: { type: 'review', id: review.id },
      after: data,
    })
    await deps.events.append(trx, {
      ...{ workspaceId: review.workspace_id, sourceId: null, type: 'review.decided' },
      subject: { type: 'review', id: review.id },
      data,
    })
    return changed
  })
}

function itemIds(value: unknown): string[] {
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= 1000 &&
    value.every((v) => typeof v === 'string' && v !== '')
  if (!ok)
    throw reviewErrors.error(
      'REVIEW_DECISION_INVALID',
      'Invalid decision: items: 1 to 1,000 item ids.',
      { problems: ['items: 1 to 1,000 item ids'] },
    )
  return [...new Set(value as string[])]
}

import type { Actor } from '../../platform/audit/index.js'
import type { App } from '../apps/index.js'
import { createPersonAccess } from '../reconcile/index.js'
import type { ReviewsDeps } from './review-deps.js'
import { invalid, parseReviewInput, type ReviewInput } from './review-input.js'
import { knownIds, managerEmails, scopeAccounts, scopeGrants } from './review-scope-store.js'
import { snapshotItems } from './review-snapshot.js'
import { reviewErrors } from './reviews-errors.js'
import { insertItems, insertReview } from './reviews-store.js'

/**
 * Creates a campaign: validates it (known apps, entitlements and reviewers; a future due
 * date), snapshots its items with their evidence (read first, outside the transaction), then
 * writes the campaign and every item in one transaction, in multi-row batches.
 */
export async function createReview(
  deps: ReviewsDeps,
  workspaceId: string,
  body: unknown,
  actor: Actor,
): Promise<{ id: string; items: number }> {
  const now = deps.clock.now()
  const input = parseReviewInput(body, now)
  await checkReferences(deps, workspaceId, input)
  const id = deps.ids.next()
  const items = await collectItems(deps, workspaceId, id, input)
  if (items.length === 0)
    throw reviewErrors.error(
      'REVIEW_EMPTY',
      'Nothing in this scope: no active account or grant of a person matches it.',
    )
  const at = now.toISOString()
  await deps.transact(async (trx) => {
    await insertReview(trx, {
      ...{ id, workspace_id: workspaceId, name: input.name },
      ...{ scope: JSON.stringify(input.scope), reviewers: JSON.stringify(input.reviewers) },
      ...{
        due_at: input.dueAt,
        default_decision: input.defaultDecision,
        remind_at: input.remindAt,
      },
      ...{ status: 'open', item_count: items.length, created_by: JSON.stringify(actor) },
      ...{ created_at: at, closed_at: null, closed_by: null, planned_at: null },
      ...{ completed_at: null, reminded_due_at: null, reminded_overdue_at: null },
    })
    await insertItems(trx, items)
    const data = { name: input.name, items: items.length, dueAt: input.dueAt, scope: input.scope }
    await deps.audit.record(trx, {
      ...{ workspaceId, actor, action: 'review.created' },
      target: { type: 'review', id },
      after: { ...data, reviewers: input.reviewers, default: input.defaultDecision },
    })
    await deps.events.append(trx, {
      ...{ workspaceId, sourceId: null, type: 'review.created' },
      subject: { type: 'review', id },
      data,
    })
  })
  return { id, items: items.length }
}

/** Unknown apps, entitlements or named reviewers are refused, each named (nothing written). */
async function checkReferences(
  deps: ReviewsDeps,
  workspaceId: string,
  input: ReviewInput,
): Promise<void> {
  const problems: string[] = []
  for (const table of ['apps', 'entitlements'] as const) {
    const ids = (table === 'apps' ? input.scope.apps : input.scope.entitlements) ?? []
    const known = await knownIds(deps.db, workspaceId, table, ids)
    ids.forEach((value, i) => {
      if (!known.has(value))
        problems.push(
          `scope.${table}[${i}]: no ${table === 'apps' ? 'app' : 'entitlement'} '${value}' in this workspace`,
        )
    })
  }
  if (input.reviewers.type === 'members')
    for (const [i, email] of input.reviewers.emails.entries())
      if (!(await deps.members.findByEmail(workspaceId, email)))
        problems.push(`reviewers.emails[${i}]: ${email} is not a member of this workspace`)
  if (problems.length > 0) throw invalid(problems)
}

async function collectItems(
  deps: ReviewsDeps,
  workspaceId: string,
  reviewId: string,
  input: ReviewInput,
) {
  const withManagers = input.reviewers.type === 'manager'
  const accounts = await scopeAccounts(
    deps.db,
    deps.dialect,
    workspaceId,
    input.scope,
    withManagers,
  )
  const grants = await scopeGrants(deps.db, workspaceId, input.scope)
  const managers = withManagers
    ? await managerEmails(
        deps.db,
        workspaceId,
        accounts.flatMap((a) => (a.manager ? [a.manager] : [])),
      )
    : new Map<string, string>()
  return snapshotItems({
    ...{ review: { id: reviewId, workspace_id: workspaceId }, scope: input.scope },
    ...{ reviewers: input.reviewers, accounts, grants, managers },
    access: personAccessOf(deps, workspaceId),
    nextId: () => deps.ids.next(),
  })
}

/** The person access view, with the apps read once for the whole snapshot. */
function personAccessOf(deps: ReviewsDeps, workspaceId: string) {
  let apps: Promise<App[]> | undefined
  return createPersonAccess({
    ...{ db: deps.db, dialect: deps.dialect, clock: deps.clock, people: deps.people },
    apps: {
      list: (id: string) => {
        if (id !== workspaceId) return deps.apps.list(id)
        apps ??= deps.apps.list(id)
        return apps
      },
    },
  })
}

import { type Db, decodeJson, type Row } from '../../platform/store/index.js'
import { appsToName, peopleToName, plansPage } from './plan-list-store.js'
import { planHeadline, planStatusOf } from './plan-status.js'
import { reconcileErrors } from './reconcile-errors.js'
import type { PlanSummary, Scope } from './types.js'

export type PlansQuery = {
  /** Only plans in this status (`held`: some operations wait for a person). */
  readonly status?: string
  /** The `next` cursor of the previous page. */
  readonly before?: string
  readonly limit?: number
}

/** Plan statuses are short lowercase words; anything else is a client mistake, not a miss. */
const STATUS = /^[a-z_]{1,32}$/

/**
 * The plans of a workspace, newest first (keyset paging on creation time and id), without their
 * operations: what a list of plans, or a dashboard card of held ones, needs. Plans still being
 * built are not plans yet.
 */
export async function listPlans(
  db: Db,
  workspaceId: string,
  query: PlansQuery,
): Promise<{ plans: PlanSummary[]; next?: string }> {
  if (query.status !== undefined && !STATUS.test(query.status))
    throw reconcileErrors.error('RECONCILE_QUERY_INVALID', 'status is a plan status, e.g. held.')
  const limit = Math.max(1, Math.min(query.limit ?? 50, 500))
  const [beforeAt, beforeId] = (query.before ?? '').split('|')
  const rows = await plansPage(db, workspaceId, {
    status: query.status,
    before:
      beforeAt !== undefined && beforeId !== undefined
        ? { createdAt: beforeAt, id: beforeId }
        : undefined,
    limit: limit + 1,
  })
  const shown = rows.slice(0, limit)
  const titles = await planTitles(
    db,
    workspaceId,
    shown.map((row) => decodeJson<Scope>(row.scope)),
  )
  const plans = shown.map((row, i) =>
    planSummary(row, titles[i] ?? '', decodeJson<PlanSummary['counts']>(row.counts)),
  )
  const last = plans.at(-1)
  return rows.length > limit && last ? { plans, next: `${last.createdAt}|${last.id}` } : { plans }
}

/**
 * A plan row as the API shows it, with its title, and its status and headline from `counts`
 * (the stored ones in a list; a plan's own page passes live ones).
 */
export function planSummary(
  row: Row<'plans'>,
  title: string,
  counts: PlanSummary['counts'],
): PlanSummary {
  return {
    id: row.id,
    runId: row.run_id,
    status: planStatusOf(counts),
    title,
    headline: planHeadline(counts),
    scope: decodeJson<Scope>(row.scope),
    createdAt: row.created_at,
    counts,
  }
}

/**
 * What each plan does, named from its scope: "Offboard Grace Cerf", "Reconcile Grace Cerf",
 * "Reconcile Sana", "Reconcile Grace Cerf in Sana", "Workspace reconcile". People and apps are
 * looked up once for the whole page; one deleted since is named by its id.
 */
export async function planTitles(
  db: Db,
  workspaceId: string,
  scopes: readonly Scope[],
): Promise<string[]> {
  const personIds = [...new Set(scopes.flatMap((s) => (s.personId ? [s.personId] : [])))]
  const appIds = [...new Set(scopes.flatMap((s) => s.appIds ?? []))]
  const people = await peopleToName(db, workspaceId, personIds)
  const apps = await appsToName(db, workspaceId, appIds)
  const personName = new Map(people.map((p) => [p.id, nameOf(p)]))
  const appName = new Map(apps.map((a) => [a.id, a.name]))
  return scopes.map((scope) => {
    const who = scope.personId ? (personName.get(scope.personId) ?? scope.personId) : undefined
    const where = scope.appIds?.map((id) => appName.get(id) ?? id).join(', ')
    if (who && scope.offboard) return `Offboard ${who}`
    if (who) return where ? `Reconcile ${who} in ${where}` : `Reconcile ${who}`
    return where ? `Reconcile ${where}` : 'Workspace reconcile'
  })
}

/** A person as a person reads them: display name, else given and family name, else email. */
function nameOf(person: {
  display_name: string | null
  primary_email: string | null
  user_name: string
  resource: unknown
}): string {
  const name = decodeJson<{
    name?: { formatted?: string; givenName?: string; familyName?: string }
  }>(person.resource).name
  const parts = [name?.givenName, name?.familyName].filter((part) => part).join(' ')
  return person.display_name || name?.formatted || parts || person.primary_email || person.user_name
}

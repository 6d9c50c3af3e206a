import type { Quarantine, QuarantineStore } from '../../platform/jobs/index.js'
import type { Db } from '../../platform/store/index.js'
import { applyProgressCounts } from '../reconcile/index.js'
import { applyRequest } from './apply-store.js'

/**
 * Where a plan's apply stands (DESIGN: `{"status","applied","failed","tasks"}`). `status`:
 * `not_started`, `running`, `applied` (every applyable operation applied or skipped, apps
 * refreshed), `failed` (some operation failed for good), `blocked` (only operations of
 * quarantined apps remain: a person must act, see `quarantined`).
 */
export type ApplyProgress = {
  readonly status: 'not_started' | 'running' | 'applied' | 'failed' | 'blocked'
  /** Operations carried out through a connector (adopted existing accounts included). */
  readonly applied: number
  readonly failed: number
  /** Tasks opened for apps without an API. */
  readonly tasks: number
  readonly planId: string
  readonly skipped: number
  readonly pending: number
  readonly held: number
  readonly quarantined: readonly Pick<Quarantine, 'appId' | 'reason' | 'since' | 'until'>[]
  readonly requestedAt: string | null
  readonly finishedAt: string | null
}

export async function progressOf(
  db: Db,
  quarantines: QuarantineStore,
  planId: string,
): Promise<ApplyProgress> {
  const counts = await applyProgressCounts(db, planId)
  const request = await applyRequest(db, planId)
  const sum = (match: (c: (typeof counts)[number]) => boolean) =>
    counts.filter(match).reduce((n, c) => n + c.n, 0)
  const pendingApps = new Set(counts.filter((c) => c.status === 'running').map((c) => c.appId))
  const stuck: Quarantine[] = []
  for (const appId of pendingApps) {
    const q = await quarantines.get(appId)
    if (q) stuck.push(q)
  }
  const failed = sum((c) => c.status === 'failed')
  const pending = sum((c) => c.status === 'running')
  const permanent = stuck.filter((q) => q.until === null)
  const status: ApplyProgress['status'] = !request
    ? 'not_started'
    : pending > 0 && permanent.length === pendingApps.size
      ? 'blocked'
      : pending > 0 || !request.finishedAt
        ? 'running'
        : failed > 0
          ? 'failed'
          : 'applied'
  return {
    status,
    applied: sum((c) => c.status === 'applied' && c.kind !== 'task'),
    failed,
    tasks: sum((c) => c.status === 'applied' && c.kind === 'task'),
    planId,
    skipped: sum((c) => c.status === 'skipped'),
    pending,
    held: sum((c) => c.status === 'held'),
    quarantined: stuck.map(({ appId, reason, since, until }) => ({ appId, reason, since, until })),
    requestedAt: request?.requestedAt ?? null,
    finishedAt: request?.finishedAt ?? null,
  }
}

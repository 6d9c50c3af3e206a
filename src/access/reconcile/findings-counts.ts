import type { Db } from '../../platform/store/index.js'
import { findingCountsByAppAndKind } from './findings-read-store.js'
import { FINDING_KINDS, type FindingKind } from './types.js'

export type FindingCounts = {
  /** Open findings of the workspace by kind (every kind present, 0 when none). */
  readonly byKind: Readonly<Record<FindingKind, number>>
  /** The same per app, for apps that have any. */
  readonly byApp: ReadonlyArray<{
    readonly appId: string
    readonly counts: Record<FindingKind, number>
  }>
  readonly total: number
}

const zero = (): Record<FindingKind, number> =>
  Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) as Record<FindingKind, number>

/** How many open findings the workspace has, by kind and by app: one grouped count, no rows. */
export async function countFindings(db: Db, workspaceId: string): Promise<FindingCounts> {
  const rows = await findingCountsByAppAndKind(db, workspaceId)
  const byKind = zero()
  const byApp = new Map<string, Record<FindingKind, number>>()
  for (const row of rows) {
    const kind = row.kind as FindingKind
    byKind[kind] = (byKind[kind] ?? 0) + row.n
    const app = byApp.get(row.appId) ?? zero()
    app[kind] = (app[kind] ?? 0) + row.n
    byApp.set(row.appId, app)
  }
  return {
    byKind,
    byApp: [...byApp].map(([appId, counts]) => ({ appId, counts })),
    total: Object.values(byKind).reduce((sum, n) => sum + n, 0),
  }
}

import type { EventLog } from '../../platform/events/index.js'
import type { Db } from '../../platform/store/index.js'
import { insertAccountChanges } from './changes-store.js'
import { chunks } from './graph-store.js'
import type { AccountChange } from './types.js'

export type ChangeInput = {
  readonly accountId: string
  readonly personId: string | null
  readonly change: AccountChange['change']
  readonly before?: unknown
  readonly after?: unknown
}

/**
 * Writes what a refresh changed in the graph, inside the change's transaction: one
 * `account_changes` row each (what `graph changes` shows: the difference from the last sync)
 * and one `account.<change>` event each for the rest of the hub.
 */
export async function recordChanges(
  trx: Db,
  events: EventLog,
  scope: { workspaceId: string; appId: string; snapshotId: string | null; now: string },
  changes: readonly ChangeInput[],
): Promise<void> {
  if (changes.length === 0) return
  const snapshotId = scope.snapshotId
  // Outside a refresh (a re-correlation after people changed) there is only the event.
  const rows = changes.flatMap((c) =>
    snapshotId === null
      ? []
      : [
          {
            snapshot_id: snapshotId,
            account_id: c.accountId,
            app_id: scope.appId,
            workspace_id: scope.workspaceId,
            change: c.change,
            before: c.before === undefined ? null : JSON.stringify(c.before),
            after: c.after === undefined ? null : JSON.stringify(c.after),
            at: scope.now,
          },
        ],
  )
  for (const part of chunks(rows, 400)) {
    await insertAccountChanges(trx, part)
  }
  await events.appendMany(
    trx,
    changes.map((c) => ({
      workspaceId: scope.workspaceId,
      sourceId: scope.appId,
      type: `account.${c.change}`,
      subject: { type: 'account', id: c.accountId },
      data: {
        appId: scope.appId,
        accountId: c.accountId,
        personId: c.personId,
        snapshotId: scope.snapshotId,
        ...(c.before === undefined ? {} : { before: c.before }),
        ...(c.after === undefined ? {} : { after: c.after }),
      },
    })),
  )
}

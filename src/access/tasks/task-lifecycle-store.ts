import type { Db, Row } from '../../platform/store/index.js'

/** Queries of the `tasks` table for reminders and verification (the tasks domain's own). */

/** Open tasks whose reminder time came and whose due time has not (first `limit`). */
export async function tasksDueSoon(db: Db, now: string, limit: number): Promise<Row<'tasks'>[]> {
  return (
    db
      .selectFrom('tasks')
      .selectAll()
      .where('status', '=', 'open')
      .where('remind_at', '<=', now)
      .where('reminded_due_at', 'is', null)
      // Already overdue: the overdue reminder says it all.
      .where('due_at', '>', now)
      .limit(limit)
      .execute()
  )
}

/** Open tasks past their due time not reminded of it yet (first `limit`). */
export async function tasksOverdue(db: Db, now: string, limit: number): Promise<Row<'tasks'>[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('status', '=', 'open')
    .where('due_at', '<=', now)
    .where('reminded_overdue_at', 'is', null)
    .limit(limit)
    .execute()
}

/**
 * Records a reminder on an open task unless it was sent already: true when this call claimed it
 * (so a reminder is never sent twice).
 */
export async function claimReminder(
  trx: Db,
  id: string,
  column: 'reminded_due_at' | 'reminded_overdue_at',
  now: string,
): Promise<boolean> {
  const claimed = await trx
    .updateTable('tasks')
    .set({ [column]: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where(column, 'is', null)
    .executeTakeFirst()
  return Number(claimed.numUpdatedRows) > 0
}

/** Done tasks of the given actions after `after` by id (first `limit`). */
export async function doneTasksPage(
  db: Db,
  actions: readonly string[],
  after: string,
  limit: number,
): Promise<Row<'tasks'>[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('status', '=', 'done')
    .where('action', 'in', actions)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** Marks a done task verified; false when it is no longer done. */
export async function markTaskVerified(
  trx: Db,
  id: string,
  verified: { verified_at: string; verified_by: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('tasks')
    .set({ status: 'verified', ...verified })
    .where('id', '=', id)
    .where('status', '=', 'done')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

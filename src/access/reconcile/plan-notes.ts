import { type Db, decodeJson } from '../../platform/store/index.js'

/** Records what a plan could not plan, in words (shown with the plan). */
export async function notePlan(db: Db, planId: string, notes: readonly string[]): Promise<void> {
  await db
    .updateTable('plans')
    .set({ notes: JSON.stringify(notes) })
    .where('id', '=', planId)
    .execute()
}

/** A plan row's notes, or none. */
export function notesOf(value: unknown): string[] {
  return value === null || value === undefined ? [] : decodeJson<string[]>(value)
}

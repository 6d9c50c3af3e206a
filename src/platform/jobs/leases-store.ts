import type { Clock } from '../../shared/clock.js'
import type { Db } from '../store/index.js'

/**
 * Leases in the database: who runs a sync or a background loop right now. A holder that dies
 * loses its lease when it expires, so a restart or another process takes over; a holder that is
 * alive renews it. Acquiring is an insert-or-conditional-update, atomic on both dialects.
 */
export type Leases = {
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>
  release(name: string, holder: string): Promise<void>
}

export function createLeases(db: Db, clock: Clock): Leases {
  return {
    async acquire(name, holder, ttlMs) {
      const now = clock.now()
      const expires = new Date(now.getTime() + ttlMs).toISOString()
      await db
        .insertInto('leases')
        .values({ name, holder, expires_at: now.toISOString() })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute()
      const updated = await db
        .updateTable('leases')
        .set({ holder, expires_at: expires })
        .where('name', '=', name)
        .where((eb) =>
          eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now.toISOString())]),
        )
        .executeTakeFirst()
      return Number(updated.numUpdatedRows) > 0
    },
    async release(name, holder) {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute()
    },
  }
}

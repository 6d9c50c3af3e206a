import type { Db } from '../../platform/store/index.js'

/**
 * Departure bursts still waiting for an admin, in every workspace: the gauge `/metrics` shows
 * (`rollcall_departure_bursts_open`).
 */
export async function countOpenBursts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('departure_bursts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

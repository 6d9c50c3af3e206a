import { sql } from 'kysely'
import type { SanaEmulator } from '../emulators/sana.js'
import type { CsvPerson, LifecycleHarness } from './lifecycle.js'

/** Fast polling and short leases, so faults and crashes resolve within the test's budget. */
export const FAST_JOBS = {
  'jobs.pollMs': 20,
  'jobs.leaseMs': 8000,
  'jobs.concurrencyPerApp': 8,
  'jobs.background': false,
}

export const people = (n: number, prefix = 'p'): CsvPerson[] =>
  Array.from({ length: n }, (_, i) => ({
    email: `${prefix}${String(i).padStart(5, '0')}@acme.test`,
    given: `Given${i}`,
    family: `Family${i}`,
  }))

/** How many accounts the emulator created, and the userNames it created more than once. */
export function duplicatesIn(sana: SanaEmulator): { total: number; duplicates: string[] } {
  const names = sana.state.creations
  const seen = new Set<string>()
  const duplicates: string[] = []
  for (const name of names) {
    if (seen.has(name)) duplicates.push(name)
    seen.add(name)
  }
  return { total: names.length, duplicates }
}

export async function closeHarness(h: LifecycleHarness): Promise<void> {
  await h.services.stopJobs()
  if (h.store.schema)
    await sql.raw(`drop schema if exists ${h.store.schema}_boss cascade`).execute(h.store.db)
  await h.close()
}

/** Drops pg-boss's schema (next to the test's own, which the dialect helper drops). */
export async function dropBossSchema(store: {
  db: LifecycleHarness['store']['db']
  schema?: string
}) {
  if (store.schema)
    await sql.raw(`drop schema if exists ${store.schema}_boss cascade`).execute(store.db)
}
